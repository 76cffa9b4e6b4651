/** What to print of anything thrown: an Error's message, anything else (a string, a rejected value) as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
