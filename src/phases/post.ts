import fs from 'node:fs'
import path from 'node:path'
import { formatBytes } from '../config/units.js'
import { builderCacheRow, cacheActivityOutputs, cacheActivityRows, type CacheActivity } from '../report/cache-activity.js'
import { sweepWords } from '../report/gc-words.js'
import { removeSnapshot } from '../store/gc.js'
import { actionsRunner } from '../runner/actions.js'
import { loadJobState, type ExportState, type JobState } from '../runner/state.js'
import type { Reporter, Runner } from '../runner-port.js'
import { faultPoint } from '../store/fault.js'
import { updateExported, updateLastUsed } from '../store/last-used.js'
import { storeLayout, type StoreLayout } from '../store/layout.js'
import { withStoreLock, type LockHandle } from '../store/lock.js'
import { maintainStore } from '../store/maintain.js'
import { readIndex, tagOf } from '../store/oci.js'
import { pendingPromotion, promote, type Promotion } from '../store/promote.js'
import { wasExported } from '../store/snapshot.js'
import { budgetStep } from './builder-budget-step.js'
import { reportSteps } from './builder-history-step.js'
import { builderSteps, exportFacts, readBuildRecords, worthStep } from './worth-step.js'
import type { ExportFacts } from '../history/measure.js'
import { hostRow, hostStep, storeBudget, withOwnStore } from './host-step.js'
import { checkRegistryExport } from './registry-cache.js'
import { exportUsage } from '../store/usage.js'
import { writeStoreUsage, type HostCaches } from '../host/host-scan.js'
import { freeBytes } from '../store/volume.js'

/** BuildKit leaves partial files in `ingest/` when an export dies (a full disk, most often). */
function unfinishedExportWarning(snapshotDir: string): string | undefined {
  const ingest = path.join(snapshotDir, 'ingest')
  const leftovers = fs.existsSync(ingest) ? fs.readdirSync(ingest).length : 0
  if (leftovers === 0) return undefined
  const free = freeBytes(snapshotDir)
  const space = free === undefined ? '' : `; ${formatBytes(free)} free on the cache volume`
  return `The cache export did not complete (${leftovers} partial uploads left)${space}. The previous cache is kept.`
}

/** Promotes one snapshot's export (or says what a dry run would), with what the build re-used and added. */
function finishExport(
  lock: LockHandle,
  layout: StoreLayout,
  entry: ExportState,
  dryRun: boolean,
  runner: Reporter,
  seen: { exports?: ExportFacts[] }
): CacheActivity['exports'][number] & { promotion: Promotion; current: boolean } {
  const { snapshotDir, writeTag } = entry
  const usage = exportUsage(lock, layout, snapshotDir, writeTag)
  seen.exports = [...(seen.exports ?? []), exportFacts(layout, entry, usage)]
  let promotion: Promotion = { state: 'skipped', reason: 'read-only job' }
  if (writeTag && entry.kept) {
    promotion = { state: 'skipped', reason: 'the store copy is younger than store-refresh (the persistent builder holds the cache)' }
  } else if (writeTag && dryRun) {
    const pending = pendingPromotion(snapshotDir, writeTag, entry.baseDigest ?? '')
    promotion = { state: 'skipped', reason: 'entry' in pending ? `would promote ${writeTag} (dry-run)` : pending.reason }
  } else if (writeTag) {
    promotion = promote(lock, layout, snapshotDir, writeTag, entry.baseDigest ?? '', runner)
  }
  if (promotion.state === 'skipped' && !entry.kept) {
    const warning = unfinishedExportWarning(snapshotDir)
    if (warning) runner.warning(warning)
  }
  const promoted =
    promotion.state === 'promoted' ? `${writeTag}: ${promotion.blobsMoved} new blobs, ${formatBytes(promotion.bytesMoved)}` : `nothing: ${promotion.reason}`
  // An export of the same cache makes the store's copy as current as a promotion does.
  const current = promotion.state === 'promoted' || (promotion.unchanged === true && wasExported(snapshotDir))
  return { tag: writeTag, promoted, usage, promotion, current }
}

/** The snapshots are done with; a link planted in one's place is unlinked, never followed (removeSnapshot). */
function removeSnapshots(layout: StoreLayout, exports: ExportState[], runner: Reporter): void {
  for (const { snapshotDir } of exports) {
    try {
      removeSnapshot(layout, snapshotDir)
    } catch (error) {
      runner.warning(`Snapshot ${snapshotDir} not removed: ${(error as Error).message}`)
    }
  }
}

/**
 * Retention and GC within what the host lets this store keep, then the
 * store's size recorded for the host budget (and handed on, so the host pass
 * need not read every record again). Under the store lock.
 */
function maintainWithinHost(lock: LockHandle, layout: StoreLayout, state: JobState, keep: string[], runner: Reporter, host: { caches?: HostCaches }) {
  const dryRun = state.dryRun ?? false
  const { maxSizeBytes, caches } = storeBudget(state, runner)
  const retention = state.retention && maxSizeBytes !== undefined ? { ...state.retention, maxSizeBytes } : state.retention
  const result = maintainStore(lock, layout, { retention, keep, dryRun }, runner)
  // What snapshots of running (or dead) jobs alone hold is on the volume too: counted, so cache-size is what the store costs.
  const storeBytes = result.gc.keptBytes + (result.snapshotBytes ?? 0)
  const usage = { bytes: storeBytes, lastUsedMs: Date.now(), defaultBranch: [state.retention?.defaultBranch ?? []].flat() }
  if (!dryRun && !result.gc.aborted) writeStoreUsage(layout, usage)
  if (caches) host.caches = withOwnStore(caches, { repo: path.basename(layout.root), ...usage })
  return { result, storeBytes, maxSizeBytes }
}

/** Promotes every export, then retention and GC, under the store lock; what happened, for the table and the outputs. */
async function finishLocal(
  state: JobState,
  runner: Reporter,
  builderCacheBytes: number | undefined,
  host: { caches?: HostCaches; exports?: ExportFacts[] }
): Promise<CacheActivity | undefined> {
  const { storeRoot } = state
  const exports = state.exports ?? []
  if (!storeRoot || exports.length === 0) return undefined
  const layout = storeLayout(storeRoot)
  const dryRun = state.dryRun ?? false
  try {
    return await withStoreLock(layout, runner, (lock) => {
      const finished = exports.map((entry) => finishExport(lock, layout, entry, dryRun, runner, host))
      const written = finished.flatMap(({ tag, promotion }) => (promotion.state === 'promoted' && tag ? [tag] : []))
      // A scope whose store copy was kept is the builder's live cache: used, like one written.
      const kept = exports.flatMap(({ writeTag, kept }) => (kept && writeTag ? [writeTag] : []))
      // Removing the snapshots first frees what a failed export left on a full volume.
      faultPoint('post:before-snapshot-removal')
      removeSnapshots(layout, exports, runner)
      if (!dryRun) {
        updateLastUsed(lock, layout, { used: [...(state.restoredTags ?? []), ...written, ...kept] })
        updateExported(
          lock,
          layout,
          finished.flatMap(({ tag, current }) => (current && tag ? [tag] : []))
        )
        faultPoint('post:last-used-written')
      }
      const { result, storeBytes, maxSizeBytes } = maintainWithinHost(lock, layout, state, [...written, ...kept], runner, host)
      const dropped = [...(result.retention?.expired ?? []), ...(result.retention?.evicted ?? []), ...result.gc.droppedTags]
      return {
        dryRun,
        exports: finished.map(({ tag, promoted, usage }) => ({ tag, promoted, usage })),
        scopesKept: storeTags(layout).filter((tag) => !dropped.includes(tag)),
        scopesDropped: dropped,
        gc: sweepWords(result.gc, dryRun),
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
    removeSnapshots(layout, exports, runner)
  }
}

/** What this job reads and writes: the host pass never evicts them. */
function protectedTags(state: JobState): string[] {
  return [...(state.restoredTags ?? []), ...(state.exports ?? []).flatMap(({ writeTag }) => (writeTag ? [writeTag] : []))]
}

/** The tags of the store's index.json; none when it cannot be read (the table only). */
function storeTags(layout: StoreLayout): string[] {
  try {
    return readIndex(layout.index).manifests.flatMap((descriptor) => tagOf(descriptor) ?? [])
  } catch {
    return []
  }
}

/** The bake definition lives only as long as the job. */
function removeBakeFile(state: JobState, runner: Reporter): void {
  if (!state.bakeFile) return
  try {
    fs.rmSync(state.bakeFile, { force: true })
  } catch (error) {
    runner.debug(`Bake file ${state.bakeFile} not removed: ${(error as Error).message}`)
  }
}

/** Post never fails the job: the build already succeeded or failed on its own merits. */
export async function run(runner: Runner = actionsRunner): Promise<void> {
  const postStartMs = runner.now()
  try {
    const state = loadJobState(runner)
    if (!state) {
      runner.info('Nothing to do: main did not prepare a cache')
      return
    }
    removeBakeFile(state, runner)
    // buildx history ls (~0.1 s) runs while the store's work is done; only a budget prune waits for it.
    const records = readBuildRecords(state, runner)
    const steps = state.builder ? records.then((found) => builderSteps(found, state.builder?.sinceMs)) : undefined
    const builderCacheBytes = state.builder ? await budgetStep(state.builder, runner, { beforePrune: steps }) : undefined
    const seen: { caches?: HostCaches; exports?: ExportFacts[] } = {}
    if (state.backend === 'local' || state.backend === 'local+registry') {
      const activity = await runner.group('Promoting the new cache', () => finishLocal(state, runner, builderCacheBytes, seen))
      if (activity) {
        // Outside the store's lock: the host pass takes each store's lock in turn.
        const host = await hostStep(state, protectedTags(state), runner, seen.caches)
        for (const [name, value] of Object.entries(cacheActivityOutputs(activity))) runner.setOutput(name, value)
        await runner.table('Build cache promotion', [...cacheActivityRows(activity), ...(host ? [hostRow(host)] : [])])
      }
    }
    // No store to promote into (no volume): the builder's own cache is the whole report.
    if (state.builder && state.builder.persistentStore === false && builderCacheBytes !== undefined) {
      await runner.table('Persistent builder cache', [builderCacheRow(builderCacheBytes, state.builder.maxSizeBytes)])
    }
    if ((state.backend === 'registry' || state.backend === 'local+registry') && state.registry) {
      const rows = await runner.group('Checking the registry cache export', () => checkRegistryExport(state, runner))
      if (rows.length > 0) await runner.table('Build cache export', rows)
    }
    await reportSteps(await steps, runner)
    await worthStep(state, records, seen.exports ?? [], runner, postStartMs)
  } catch (error) {
    runner.warning(`Cache post step: ${error instanceof Error ? error.message : String(error)}`)
  }
}
