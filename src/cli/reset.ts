import fs from 'node:fs'
import path from 'node:path'
import type { ParseArgsConfig } from 'node:util'
import { clearCacheArgs, existsArgs } from '../builders/persistent/buildx-args.js'
import { failure, isUnknownBuilder, reclaimedTotal } from '../builders/persistent/buildx-output.js'
import { makeKnown } from '../builders/persistent/known.js'
import { builderContainer } from '../builders/buildx-names.js'
import { persistentBuilderName } from '../builders/persistent/name.js'
import { InputError } from '../config/inputs.js'
import type { Logger } from '../log.js'
import { keptWords, sweepWords } from '../report/gc-words.js'
import { isValidTag } from '../scopes/tag.js'
import { storeLayout } from '../store/layout.js'
import { withStoreLock } from '../store/lock.js'
import { maintainStore } from '../store/maintain.js'
import { readIndex, tagOf } from '../store/oci.js'
import { removeScope } from '../store/remove-scope.js'
import type { CliIo } from './io.js'

/**
 * `reset`: start one repository's cache over, as fresh-build does for one
 * job. Its scopes leave the store's index (under the store lock) and GC
 * reclaims what no other scope uses; with --builder its persistent builder
 * forgets its whole cache, cache mounts included. Only the repository --repo
 * names: the store is `<volume>/<repo>`, the builder `cachekeeper-<repo>`.
 */
export const RESET_HELP = `Usage: reset --repo NAME [--volume PATH] [--scope S ...] [--builder] [--dry-run]
  Drops the repository's scopes from its store (every scope without --scope; --scope
  may be given more than once), then deletes the blobs no other scope uses. With
  --builder, also prunes the cache of its persistent builder cachekeeper-<repo>
  (docker buildx prune --all: cache mounts included). Another repository's store
  or builder is never touched. Exits 1 when a named scope or the store is not
  there, or the prune failed.`

export const RESET_FLAGS = {
  scope: { type: 'string', multiple: true },
  builder: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false }
} as const satisfies ParseArgsConfig['options']

export interface ResetOptions {
  volume: string
  /** Already validated as one path segment. */
  repo: string
  /** Empty: every scope of the store. */
  scopes: string[]
  builder: boolean
  dryRun: boolean
}

/** --scope values as given, each a tag a store can hold; a bad one is a usage error naming the flag. */
export function scopeFlags(values: unknown): string[] {
  const scopes = Array.isArray(values) ? (values as string[]) : []
  for (const scope of scopes)
    if (!isValidTag(scope)) throw new InputError('--scope', scope, 'a scope as status lists it is allowed (an OCI tag: letters, digits, _ . -)')
  return scopes
}

/** The store's part of the reset; the exit code's share (problems found). */
async function resetStore(io: CliIo, options: ResetOptions, logger: Logger): Promise<boolean> {
  const { volume, repo, dryRun } = options
  const layout = storeLayout(path.join(volume, repo))
  if (!fs.existsSync(layout.index)) {
    // A repository whose jobs have no volume has a builder and no store: --builder alone is a full reset there.
    if (options.builder && options.scopes.length === 0) {
      io.out(`${repo}: no store at ${layout.root}; only the builder is reset`)
      return true
    }
    io.err(`--repo ${repo}: no store at ${layout.root} (a directory holding index.json)`)
    return false
  }
  const present = readIndex(layout.index).manifests.flatMap((descriptor) => tagOf(descriptor) ?? [])
  const wanted = options.scopes.length > 0 ? options.scopes : present
  const missing = wanted.filter((scope) => !present.includes(scope))
  for (const scope of missing) io.err(`--scope ${scope}: ${repo} has no such scope (it has ${present.join(', ') || 'none'})`)
  const found = wanted.filter((scope) => present.includes(scope))
  if (dryRun) {
    // The store is not opened (opening creates its folders); GC's share depends on the drops, so it is named, not counted.
    io.out(`${repo}: would drop ${found.join(', ') || 'no scope'}; gc would then delete the blobs no other scope uses`)
    return missing.length === 0
  }
  const dropped: string[] = []
  for (const scope of found) if ((await removeScope(volume, repo, scope, false, logger)).state !== 'absent') dropped.push(scope)
  const result = await withStoreLock(layout, logger, (lock) => maintainStore(lock, layout, {}, logger))
  const kept = keptWords(result.gc)
  io.out(`${repo}: dropped ${dropped.join(', ') || 'no scope'}; gc ${sweepWords(result.gc, false)}${kept ? `; keeps ${kept}` : ''}`)
  return missing.length === 0 && !result.gc.aborted
}

/** The builder's part: its whole cache pruned, when its node container exists. */
async function resetBuilder(io: CliIo, options: ResetOptions): Promise<boolean> {
  const name = persistentBuilderName(options.repo)
  const node = await io.docker(existsArgs(name))
  if (node.code !== 0) {
    // Pruning a builder buildx knows but whose container is gone would bootstrap a new, empty one.
    io.out(`builder ${name}: no container ${builderContainer(name)}, nothing to prune`)
    return true
  }
  if (options.dryRun) {
    io.out(`builder ${name}: would prune its whole cache (docker buildx prune --builder ${name} --all --force)`)
    return true
  }
  let pruned = await io.docker(clearCacheArgs(name))
  if (pruned.code !== 0 && isUnknownBuilder(pruned.stderr)) {
    // This buildx configuration (a host, not the job container that made it) has no record of the builder: make one, as main does.
    const problem = await makeKnown(io.docker, name)
    if (problem) {
      io.err(`builder ${name}: ${problem}`)
      return false
    }
    pruned = await io.docker(clearCacheArgs(name))
  }
  if (pruned.code !== 0) {
    io.err(`builder ${name}: docker buildx prune: ${failure(pruned)}`)
    return false
  }
  const total = reclaimedTotal(pruned.stdout)
  io.out(`builder ${name}: pruned its whole cache${total ? ` (${total} reclaimed)` : ''}`)
  return true
}

/** Runs the reset; true when everything asked for was there and done. */
export async function reset(io: CliIo, options: ResetOptions, logger: Logger): Promise<boolean> {
  const store = await resetStore(io, options, logger)
  const builder = options.builder ? await resetBuilder(io, options) : true
  return store && builder
}
