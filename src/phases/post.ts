import fs from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { formatBytes } from '../config/units.js'
import { report } from '../runner/report.js'
import { loadJobState, type JobState } from '../runner/state.js'
import { faultPoint } from '../store/fault.js'
import { updateLastUsed } from '../store/last-used.js'
import { storeLayout } from '../store/layout.js'
import { withStoreLock } from '../store/lock.js'
import { maintainStore } from '../store/maintain.js'
import { pendingPromotion, promote, type Promotion } from '../store/promote.js'
import { budgetStep } from './builder-step.js'
import { reclaimClosedScope } from './closed-pull-request.js'
import { checkRegistryExport } from './registry-cache.js'

/** BuildKit leaves partial files in `ingest/` when an export dies (a full disk, most often). */
function unfinishedExportWarning(snapshotDir: string): string | undefined {
  const ingest = path.join(snapshotDir, 'ingest')
  const leftovers = fs.existsSync(ingest) ? fs.readdirSync(ingest).length : 0
  if (leftovers === 0) return undefined
  const { bavail, bsize } = fs.statfsSync(snapshotDir)
  return `The cache export did not complete (${leftovers} partial uploads left); ${formatBytes(bavail * bsize)} free on the cache volume. The previous cache is kept.`
}

async function finishLocal(state: JobState): Promise<void> {
  const { storeRoot, snapshotDir, writeTag } = state
  if (!storeRoot || !snapshotDir) return
  const layout = storeLayout(storeRoot)
  const dryRun = state.dryRun ?? false
  const rows: Array<[string, string]> = []
  try {
    await withStoreLock(layout, core, () => {
      let promotion: Promotion = { state: 'skipped', reason: 'read-only job' }
      if (writeTag && dryRun) {
        const pending = pendingPromotion(snapshotDir, writeTag, state.baseDigest ?? '')
        promotion = { state: 'skipped', reason: 'entry' in pending ? `would promote ${writeTag} (dry-run)` : pending.reason }
      } else if (writeTag) {
        promotion = promote(layout, snapshotDir, writeTag, state.baseDigest ?? '', core)
      }
      rows.push([
        'promoted',
        promotion.state === 'promoted' ? `${writeTag}: ${promotion.blobsMoved} new blobs, ${formatBytes(promotion.bytesMoved)}` : `nothing: ${promotion.reason}`
      ])
      if (promotion.state === 'skipped') {
        const warning = unfinishedExportWarning(snapshotDir)
        if (warning) core.warning(warning)
      }
      // The snapshot is done with; removing it first frees what a failed export left on a full volume.
      faultPoint('post:before-snapshot-removal')
      fs.rmSync(snapshotDir, { recursive: true, force: true })
      if (!dryRun) {
        const used = [state.restoredTag, promotion.state === 'promoted' ? writeTag : undefined].filter((tag): tag is string => Boolean(tag))
        updateLastUsed(layout, { used })
        faultPoint('post:last-used-written')
      }
      const result = maintainStore(
        layout,
        { retention: state.retention, keep: promotion.state === 'promoted' ? writeTag : undefined, dryRun },
        core
      )
      const verb = dryRun ? 'would drop' : 'dropped'
      const dropped = [...(result.retention?.expired ?? []), ...(result.retention?.evicted ?? [])]
      if (dropped.length > 0) rows.push([`scopes ${verb}`, dropped.join(', ')])
      // An aborted sweep counted nothing worth showing: its counts would read as "ran, found nothing".
      if (result.gc.aborted) rows.push(['gc', `aborted: ${result.gc.aborted}`])
      else {
        rows.push(['gc', `${dryRun ? 'would delete' : 'deleted'} ${result.gc.sweptBlobs} blobs, ${formatBytes(result.gc.sweptBytes)}`])
        rows.push(['store', `${result.gc.keptBlobs} blobs, ${formatBytes(result.gc.keptBytes)}`])
      }
      if (result.staleSnapshots.length > 0) rows.push(['old snapshots removed', result.staleSnapshots.join(', ')])
    })
  } finally {
    // Also when the lock could not be had or a step failed: a snapshot left behind only costs disk.
    fs.rmSync(snapshotDir, { recursive: true, force: true })
  }
  await report('Build cache promotion', rows)
}

/** Post never fails the job: the build already succeeded or failed on its own merits. */
export async function run(): Promise<void> {
  try {
    const state = loadJobState()
    if (!state) {
      core.info('Nothing to do: main did not prepare a cache')
      return
    }
    if (state.builder) await budgetStep(state.builder)
    if (state.backend === 'local' && !state.snapshotDir && state.removedTag) {
      await core.group("Reclaiming the closed pull request's cache", () => reclaimClosedScope(state))
    } else if (state.backend === 'local') await core.group('Promoting the new cache', () => finishLocal(state))
    if (state.backend === 'registry' && state.registry) {
      const rows = await core.group('Checking the registry cache export', () => checkRegistryExport(state))
      if (rows.length > 0) await report('Build cache export', rows)
    }
  } catch (error) {
    core.warning(`Cache post step: ${error instanceof Error ? error.message : String(error)}`)
  }
}
