import fs from 'node:fs'
import path from 'node:path'
import { formatBytes } from '../config/units.js'
import { errorMessage } from '../error-message.js'
import type { Logger } from '../log.js'
import { withContentFailures, type ContentFailures } from './check.js'
import { faultPoint } from './fault.js'
import { lstatOrUndefined, TEMP_FILE } from './files.js'
import { collectGarbage, inStore, removeOldFolders, withOpenedBlobs, type GcResult } from './gc.js'
import { readLastUsed, updateLastUsed } from './last-used.js'
import type { StoreLayout } from './layout.js'
import { LockLostError, type LockHandle } from './lock.js'
import { memoizedCheck, readIndex, tagOf, type DescriptorCheck } from './oci.js'
import { planRetention, type RetentionPlan, type ScopeUsage } from './retention.js'
import { heldBytes, JOB_MAX_RUNTIME_MS, snapshotMaxAgeMs, snapshotSpace, type SnapshotSpace } from './snapshot-space.js'
import { writeStoreIndex } from './store.js'

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
  /**
   * Bytes the snapshots left in place hold beyond the store (blobs evicted
   * since they were made, or exported and not yet promoted): on the volume
   * as much as the store's blobs, so part of its size. Undefined when they could not be counted.
   */
  snapshotBytes?: number
  staleIngests: string[]
  leftoverTempFiles: number
}

/** Drops expired and over-budget scopes from index.json (by rename). Skipped when any tag cannot be read. */
function applyRetention(
  lock: LockHandle,
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
    lock.keepFresh()
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
  const plan = planRetention(scopes, { now, ...retention, keep: options.keep }, () => lock.keepFresh())
  const dropped = [...plan.expired, ...plan.evicted]
  if (dropped.length > 0 && !options.dryRun) {
    const droppedTags = new Set(dropped)
    writeStoreIndex(lock, layout, { ...index, manifests: index.manifests.filter((d) => !droppedTags.has(tagOf(d) ?? '')) })
    faultPoint('retention:index-written')
    updateLastUsed(lock, layout, { dropped }, now)
  }
  if (plan.bytesAfter > retention.maxSizeBytes) {
    logger.warning(
      `The store still exceeds max-size after eviction: the scopes just written (${(options.keep ?? []).join(', ')}) alone are larger than the budget`
    )
  }
  return plan
}

/** Removes temp files of atomic writes killed before their rename (every such write holds the lock we hold). */
function removeLeftoverTempFiles(lock: LockHandle, layout: StoreLayout, dryRun: boolean): number {
  let removed = 0
  for (const dir of [layout.root, layout.meta]) {
    if (!lstatOrUndefined(dir)?.isDirectory()) continue
    inStore(layout, dir, (opened) => {
      for (const name of fs.readdirSync(opened)) {
        const file = path.join(opened, name)
        if (!TEMP_FILE.test(name) || !lstatOrUndefined(file)?.isFile()) continue
        lock.keepFresh()
        if (!dryRun) fs.unlinkSync(file)
        removed += 1
      }
    })
  }
  return removed
}

/**
 * Removes the snapshots of jobs that can no longer be running, by the rule of
 * snapshotMaxAgeMs, weighed after GC: an eviction turns the store blobs that
 * snapshots link into bytes only they hold. A dry run weighs the store as it stands.
 */
function removeDeadSnapshots(
  lock: LockHandle,
  layout: StoreLayout,
  storeBytes: number | undefined,
  options: MaintenanceOptions,
  logger: Logger
): Pick<MaintenanceResult, 'staleSnapshots' | 'snapshotBytes'> {
  const maxSizeBytes = options.retention?.maxSizeBytes
  let snapshots: SnapshotSpace[] | undefined
  try {
    snapshots = snapshotSpace(lock, layout)
  } catch (error) {
    if (error instanceof LockLostError) throw error
    logger.warning(`Snapshots not counted against max-size: ${errorMessage(error)}`)
  }
  const maxAge = snapshots ? snapshotMaxAgeMs(storeBytes, heldBytes(snapshots), maxSizeBytes) : JOB_MAX_RUNTIME_MS
  const staleSnapshots = removeOldFolders(lock, layout, layout.staging, maxAge, options.now, options.dryRun)
  const removed = new Set(staleSnapshots)
  const snapshotBytes = snapshots && heldBytes(snapshots.filter(({ name }) => !removed.has(name)))
  if (snapshotBytes && storeBytes !== undefined && maxSizeBytes !== undefined && storeBytes + snapshotBytes > maxSizeBytes) {
    logger.info(`Snapshots of running jobs hold ${formatBytes(snapshotBytes)} beyond the store: over max-size until those jobs end`)
  }
  return { staleSnapshots, snapshotBytes }
}

/**
 * Retention, then mark-and-sweep, then leftovers of dead jobs. Every blob is looked at in `blobs/sha256` opened once without
 * following links: a store whose folder is a link loses no scope and nothing
 * outside it is read or deleted (the pass stops with one warning).
 */
export function maintainStore(lock: LockHandle, layout: StoreLayout, options: MaintenanceOptions, logger: Logger): MaintenanceResult {
  const done = withOpenedBlobs(layout, (blobs) => maintainOpened(lock, layout, blobs, options, logger))
  if ('gc' in done) return done
  logger.warning(`Garbage collection aborted: ${done.aborted}`)
  return {
    gc: { aborted: done.aborted, droppedTags: [], sweptBlobs: 0, sweptBytes: 0, keptBlobs: 0, keptBytes: 0 },
    staleSnapshots: [],
    staleIngests: [],
    leftoverTempFiles: 0
  }
}

function maintainOpened(lock: LockHandle, layout: StoreLayout, blobs: string, options: MaintenanceOptions, logger: Logger): MaintenanceResult {
  const dryRun = options.dryRun ?? false
  const stats = memoizedCheck(blobs)
  const check = options.contentFailures ? withContentFailures(stats, options.contentFailures) : stats
  let retention: RetentionPlan | undefined
  try {
    if (options.retention) retention = applyRetention(lock, layout, options.retention, options, check, logger)
  } catch (error) {
    if (error instanceof LockLostError) throw error
    logger.warning(`Retention skipped: ${errorMessage(error)}`)
  }
  const gc = collectGarbage(lock, layout, logger, dryRun, () => check, [...(retention?.expired ?? []), ...(retention?.evicted ?? [])], blobs)
  if (gc.aborted) logger.warning(`Garbage collection aborted: ${gc.aborted}`)
  return {
    retention,
    gc,
    // What GC kept is the store's size; when GC stopped early, retention's count of the scopes left is the best known.
    ...removeDeadSnapshots(lock, layout, gc.aborted ? retention?.bytesAfter : gc.keptBytes, options, logger),
    // A store once written by BuildKit directly (the folk recipe) keeps its ingest/ leftovers: dead once older than a job.
    staleIngests: removeOldFolders(lock, layout, path.join(layout.root, 'ingest'), JOB_MAX_RUNTIME_MS, options.now, dryRun),
    leftoverTempFiles: removeLeftoverTempFiles(lock, layout, dryRun)
  }
}
