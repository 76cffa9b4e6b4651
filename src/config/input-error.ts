/** A bad input or flag: names it, the value given and what is allowed. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly allowed: string
  ) {
    // The command-line tool names its flags (`--repo`), the action its inputs.
    super(`${input.startsWith('--') ? 'Option' : 'Input'} '${input}' has an invalid value '${value}': ${allowed}`)
    this.name = 'InputError'
  }
}
