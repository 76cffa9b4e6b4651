import fs from 'node:fs'
import path from 'node:path'
import { formatBytes } from '../config/units.js'
import { errorMessage } from '../error-message.js'
import type { ExportFacts } from '../history/measure.js'
import { writeStoreUsage, type HostCaches } from '../host/host-scan.js'
import type { CacheActivity } from '../report/cache-activity.js'
import { sweepWords } from '../report/gc-words.js'
import type { JobState } from '../runner/state.js'
import type { JobContext, Reporter } from '../runner-port.js'
import { faultPoint } from '../store/fault.js'
import { removeSnapshot } from '../store/gc.js'
import { updateExported, updateLastUsed } from '../store/last-used.js'
import { storeLayout, type StoreLayout } from '../store/layout.js'
import { withStoreLock, type LockHandle } from '../store/lock.js'
import { maintainStore } from '../store/maintain.js'
import { readIndex, tagOf } from '../store/oci.js'
import { pendingPromotion, promote, type Promotion } from '../store/promote.js'
import { wasExported } from '../store/snapshot.js'
import { exportUsage } from '../store/usage.js'
import { freeBytes } from '../store/volume.js'
import { storeBudget, withOwnStore } from './host-step.js'
import type { PlannedExport, PostPlan } from './post-plan.js'
import { exportFacts } from './worth-step.js'

/** post, local modes: each planned export promoted into the store, then bookkeeping, retention and GC, under the store lock. */

type LocalPlan = NonNullable<PostPlan['local']>
type Finished = CacheActivity['exports'][number] & { promotion: Promotion; current: boolean }
/** What the promotion hands on: the host's caches as this store left them (the host pass), and each export's facts (the worth line). */
export interface PromotionSeen {
  caches?: HostCaches
  exports?: ExportFacts[]
}

/** BuildKit leaves partial files in `ingest/` when an export dies (a full disk, most often). */
function unfinishedExportWarning(snapshotDir: string): string | undefined {
  const ingest = path.join(snapshotDir, 'ingest')
  const leftovers = fs.existsSync(ingest) ? fs.readdirSync(ingest).length : 0
  if (leftovers === 0) return undefined
  const free = freeBytes(snapshotDir)
  const space = free === undefined ? '' : `; ${formatBytes(free)} free on the cache volume`
  return `The cache export did not complete (${leftovers} partial uploads left)${space}. The previous cache is kept.`
}

/** Applies one export's planned action. */
function promotionOf(lock: LockHandle, layout: StoreLayout, { entry, action }: PlannedExport, runner: Reporter): Promotion {
  const { snapshotDir, writeTag = '' } = entry
  if (action.do === 'skip') return { state: 'skipped', reason: action.reason }
  if (action.do === 'promote') return promote(lock, layout, snapshotDir, writeTag, entry.baseDigest ?? '', runner)
  const pending = pendingPromotion(snapshotDir, writeTag, entry.baseDigest ?? '')
  return { state: 'skipped', reason: 'entry' in pending ? `would promote ${writeTag} (dry-run)` : pending.reason }
}

/** Promotes one snapshot's export (or says what a dry run would), with what the build re-used and added. */
function finishExport(lock: LockHandle, layout: StoreLayout, planned: PlannedExport, runner: Reporter, seen: PromotionSeen): Finished {
  const { entry } = planned
  const usage = exportUsage(lock, layout, entry.snapshotDir, entry.writeTag)
  seen.exports = [...(seen.exports ?? []), exportFacts(layout, entry, usage)]
  const promotion = promotionOf(lock, layout, planned, runner)
  if (promotion.state === 'skipped' && !entry.kept) {
    const warning = unfinishedExportWarning(entry.snapshotDir)
    if (warning) runner.warning(warning)
  }
  const promoted =
    promotion.state === 'promoted'
      ? `${entry.writeTag}: ${promotion.blobsMoved} new blobs, ${formatBytes(promotion.bytesMoved)}`
      : `nothing: ${promotion.reason}`
  // An export of the same cache makes the store's copy as current as a promotion does.
  const current = promotion.state === 'promoted' || (promotion.unchanged === true && wasExported(entry.snapshotDir))
  return { tag: entry.writeTag, promoted, usage, promotion, current }
}

/** The snapshots are done with; a link planted in one's place is unlinked, never followed (removeSnapshot). */
function removeSnapshots(layout: StoreLayout, local: LocalPlan, runner: Reporter): void {
  for (const { entry } of local.exports) {
    try {
      removeSnapshot(layout, entry.snapshotDir)
    } catch (error) {
      runner.warning(`Snapshot ${entry.snapshotDir} not removed: ${errorMessage(error)}`)
    }
  }
}

/** What the job used and what is current: the scopes read, kept and written marked used, the exported ones marked current. */
function recordUse(lock: LockHandle, layout: StoreLayout, local: LocalPlan, finished: Finished[], written: string[]): void {
  if (local.dryRun) return
  updateLastUsed(lock, layout, { used: [...local.used, ...written] })
  updateExported(
    lock,
    layout,
    finished.flatMap(({ tag, current }) => (current && tag ? [tag] : []))
  )
  faultPoint('post:last-used-written')
}

/**
 * Retention and GC within what the host lets this store keep, then the
 * store's size recorded for the host budget (and handed on, so the host pass
 * need not read every record again).
 */
function maintainWithinHost(lock: LockHandle, layout: StoreLayout, state: JobState, keep: string[], runner: Reporter & JobContext, seen: PromotionSeen) {
  const dryRun = state.dryRun ?? false
  const { maxSizeBytes, caches } = storeBudget(state, runner)
  const retention = state.retention && maxSizeBytes !== undefined ? { ...state.retention, maxSizeBytes } : state.retention
  const result = maintainStore(lock, layout, { retention, keep, dryRun }, runner)
  // What snapshots of running (or dead) jobs alone hold is on the volume too: counted, so cache-size is what the store costs.
  const storeBytes = result.gc.keptBytes + (result.snapshotBytes ?? 0)
  const usage = { bytes: storeBytes, lastUsedMs: runner.now(), defaultBranch: [state.retention?.defaultBranch ?? []].flat() }
  if (!dryRun && !result.gc.aborted) writeStoreUsage(layout, usage)
  if (caches) seen.caches = withOwnStore(caches, { repo: path.basename(layout.root), ...usage })
  return { result, storeBytes, maxSizeBytes }
}

/** The tags of the store's index.json; none when it cannot be read (the table only). */
function storeTags(layout: StoreLayout): string[] {
  try {
    return readIndex(layout.index).manifests.flatMap((descriptor) => tagOf(descriptor) ?? [])
  } catch {
    return []
  }
}

/** Promotes every planned export, then retention and GC, under the store lock; what happened, for the table and the outputs. */
export async function promoteStep(
  local: LocalPlan,
  state: JobState,
  runner: Reporter & JobContext,
  builderCacheBytes: number | undefined,
  seen: PromotionSeen
): Promise<CacheActivity> {
  const layout = storeLayout(local.storeRoot)
  try {
    return await withStoreLock(layout, runner, (lock) => {
      const finished = local.exports.map((planned) => finishExport(lock, layout, planned, runner, seen))
      const written = finished.flatMap(({ tag, promotion }) => (promotion.state === 'promoted' && tag ? [tag] : []))
      // Removing the snapshots first frees what a failed export left on a full volume.
      faultPoint('post:before-snapshot-removal')
      removeSnapshots(layout, local, runner)
      recordUse(lock, layout, local, finished, written)
      const { result, storeBytes, maxSizeBytes } = maintainWithinHost(lock, layout, state, [...written, ...local.kept], runner, seen)
      const dropped = [...(result.retention?.expired ?? []), ...(result.retention?.evicted ?? []), ...result.gc.droppedTags]
      return {
        dryRun: local.dryRun,
        exports: finished.map(({ tag, promoted, usage }) => ({ tag, promoted, usage })),
        scopesKept: storeTags(layout).filter((tag) => !dropped.includes(tag)),
        scopesDropped: dropped,
        gc: sweepWords(result.gc, local.dryRun),
        ...(result.gc.aborted ? {} : { storeBlobs: result.gc.keptBlobs, storeBytes }),
        maxSizeBytes,
        staleSnapshots: result.staleSnapshots,
        builderCacheBytes,
        builderMaxBytes: state.builder?.maxSizeBytes,
        removedTag: state.removedTag
      }
    })
  } finally {
    // Also when the lock could not be had or a step failed: a snapshot left behind only costs disk.
    removeSnapshots(layout, local, runner)
  }
}
