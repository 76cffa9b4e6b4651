import * as core from '@actions/core'
import { parseInputs, type ParseResult } from '../config/inputs.js'

/** Every input name of action.yml; the README's reference and the tests check this list against it. */
export const INPUT_NAMES = [
  'cache-mode',
  'repo-name',
  'volume-path',
  'scope',
  'fallback-scopes',
  'key',
  'mode',
  'registry-ref',
  'cache-options',
  'ignore-error',
  'read-only',
  'max-size',
  'max-age',
  'prune-builders',
  'builder-max-age',
  'dry-run'
] as const

export function getInputs(env: NodeJS.ProcessEnv = process.env): ParseResult {
  const raw: Record<string, string> = {}
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name)
  return parseInputs(raw, env)
}
