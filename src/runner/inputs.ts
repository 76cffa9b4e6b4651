import { parseInputs, type ParseResult, type RawInputs } from '../config/inputs.js'
import { INPUT_NAMES } from '../config/names.js'
import type { Runner } from '../runner-port.js'

export function getInputs(runner: Pick<Runner, 'input' | 'env'>): ParseResult {
  const raw: RawInputs = {}
  for (const name of INPUT_NAMES) raw[name] = runner.input(name)
  return parseInputs(raw, runner.env)
}
