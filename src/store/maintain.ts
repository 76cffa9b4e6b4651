import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../log.js'
import { withContentFailures, type ContentFailures } from './check.js'
import { faultPoint } from './fault.js'
import { lstatOrUndefined, TEMP_FILE } from './files.js'
import { collectGarbage, removeOldFolders, type GcResult } from './gc.js'
import { readLastUsed, updateLastUsed } from './last-used.js'
import type { StoreLayout } from './layout.js'
import { keepLockFresh, LockLostError } from './lock.js'
import { memoizedCheck, readIndex, tagOf, type DescriptorCheck } from './oci.js'
import { planRetention, type RetentionPlan, type ScopeUsage } from './retention.js'
import { writeStoreIndex } from './store.js'

export const SNAPSHOT_MAX_AGE_MS = 24 * 60 * 60 * 1000

export interface RetentionOptions {
  maxAgeMs: number
  maxSizeBytes: number
  defaultBranch?: string | string[]
}

export interface MaintenanceOptions {
  now?: number
  /** Without it only GC runs. */
  retention?: RetentionOptions
  /** Scopes this job just wrote: never evicted. */
  keep?: string[]
  dryRun?: boolean
  /** What hashing the store's content found (`--verify-digests`): scopes referencing corrupt content are dropped. */
  contentFailures?: ContentFailures
}

export interface MaintenanceResult {
  retention?: RetentionPlan
  gc: GcResult
  staleSnapshots: string[]
  staleIngests: string[]
  leftoverTempFiles: number
}

/** Drops expired and over-budget scopes from index.json (by rename). Skipped when any tag cannot be read. */
function applyRetention(
  layout: StoreLayout,
  retention: RetentionOptions,
  options: MaintenanceOptions,
  check: DescriptorCheck,
  logger: Logger
): RetentionPlan | undefined {
  const now = options.now ?? Date.now()
  const index = readIndex(layout.index)
  const lastUsed = readLastUsed(layout)
  const scopes: ScopeUsage[] = []
  for (const descriptor of index.manifests) {
    keepLockFresh()
    const tag = tagOf(descriptor)
    const result = check(descriptor)
    if (!tag || result.state === 'broken') continue // GC drops broken entries
    if (result.state === 'unreadable') {
      logger.warning(`Retention skipped: scope ${tag}: ${result.problem}`)
      return undefined
    }
    // A scope with no record (a store from before retention, or a lost .meta) counts as used now: nothing is dropped on a guess.
    scopes.push({ tag, blobs: result.blobs, lastUsed: lastUsed.get(tag) ?? now })
  }
  const plan = planRetention(scopes, { now, ...retention, keep: options.keep })
  const dropped = [...plan.expired, ...plan.evicted]
  if (dropped.length > 0 && !options.dryRun) {
    keepLockFresh()
    writeStoreIndex(layout, { ...index, manifests: index.manifests.filter((d) => !dropped.includes(tagOf(d) ?? '')) })
    faultPoint('retention:index-written')
    updateLastUsed(layout, { dropped }, now)
  }
  if (plan.bytesAfter > retention.maxSizeBytes) {
    logger.warning(
      `The store still exceeds max-size after eviction: the scopes just written (${(options.keep ?? []).join(', ')}) alone are larger than the budget`
    )
  }
  return plan
}

/** Removes temp files of atomic writes killed before their rename (every such write holds the lock we hold). */
function removeLeftoverTempFiles(layout: StoreLayout, dryRun: boolean): number {
  let removed = 0
  for (const dir of [layout.root, layout.meta]) {
    if (!lstatOrUndefined(dir)?.isDirectory()) continue
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name)
      if (!TEMP_FILE.test(name) || !lstatOrUndefined(file)?.isFile()) continue
      keepLockFresh()
      if (!dryRun) fs.unlinkSync(file)
      removed += 1
    }
  }
  return removed
}

/** Retention, then mark-and-sweep, then leftovers of dead jobs. Call under the store lock. */
export function maintainStore(layout: StoreLayout, options: MaintenanceOptions, logger: Logger): MaintenanceResult {
  const dryRun = options.dryRun ?? false
  const stats = memoizedCheck(layout.blobs)
  const check = options.contentFailures ? withContentFailures(stats, options.contentFailures) : stats
  let retention: RetentionPlan | undefined
  try {
    if (options.retention) retention = applyRetention(layout, options.retention, options, check, logger)
  } catch (error) {
    if (error instanceof LockLostError) throw error
    logger.warning(`Retention skipped: ${(error as Error).message}`)
  }
  const gc = collectGarbage(layout, logger, dryRun, check, [...(retention?.expired ?? []), ...(retention?.evicted ?? [])])
  if (gc.aborted) logger.warning(`Garbage collection aborted: ${gc.aborted}`)
  return {
    retention,
    gc,
    staleSnapshots: removeOldFolders(layout.staging, SNAPSHOT_MAX_AGE_MS, options.now, dryRun),
    // A store once written by BuildKit directly (the folk recipe) keeps its ingest/ leftovers.
    staleIngests: removeOldFolders(path.join(layout.root, 'ingest'), SNAPSHOT_MAX_AGE_MS, options.now, dryRun),
    leftoverTempFiles: removeLeftoverTempFiles(layout, dryRun)
  }
}
