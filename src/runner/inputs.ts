import * as core from '@actions/core'
import { parseInputs, type ParseResult, type RawInputs } from '../config/inputs.js'
import { INPUT_NAMES } from '../config/names.js'

export function getInputs(env: NodeJS.ProcessEnv = process.env): ParseResult {
  const raw: RawInputs = {}
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name)
  return parseInputs(raw, env)
}
