import fs from 'node:fs'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { validRepoName } from '../config/inputs.js'
import { INPUT_DEFAULTS } from '../config/names.js'
import { isStore, listStores } from './status.js'
import { errorMessage } from '../error-message.js'

/** What the commands share: their flags' values, and where they look for stores. */

export type FlagValues = Record<string, string | boolean | undefined>

const COMMON = {
  volume: { type: 'string', default: INPUT_DEFAULTS['volume-path'] },
  repo: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

export function parse(args: string[], options: ParseArgsConfig['options']): FlagValues {
  return parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals: false, strict: true }).values
}

/** What the command was pointed at is not there: exit 1, naming the path. */
export class MissingError extends Error {}

/** --repo, validated like the action's repo-name: one path segment, so no command reaches outside --volume. */
export function repoFlag(values: FlagValues): string | undefined {
  const repo = values.repo as string | undefined
  return repo === undefined ? undefined : validRepoName(repo, '--repo')
}

/** --volume must be an existing directory (it may be a symlink: an admin's choice on a host). */
export function requireVolume(volume: string): void {
  let stat: fs.Stats
  try {
    stat = fs.statSync(volume)
  } catch (error) {
    throw new MissingError(`--volume ${volume}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : errorMessage(error)}`)
  }
  if (!stat.isDirectory()) throw new MissingError(`--volume ${volume}: not a directory`)
}

/** The stores a command works on: the one --repo names (which must exist), or every store under the volume. */
export function stores(values: FlagValues): string[] {
  const volume = values.volume as string
  const repo = repoFlag(values)
  requireVolume(volume)
  if (repo === undefined) return listStores(volume)
  if (!isStore(volume, repo)) throw new MissingError(`--repo ${repo}: no store at ${path.join(volume, repo)} (a directory holding oci-layout)`)
  return [repo]
}
