import fs from 'node:fs'
import * as core from '@actions/core'
import { formatBytes } from '../config/units.js'
import { report } from '../runner/report.js'
import { loadJobState, type JobState } from '../runner/state.js'
import { collectGarbage, removeStaleSnapshots } from '../store/gc.js'
import { touchLastUsed } from '../store/last-used.js'
import { storeLayout } from '../store/layout.js'
import { withStoreLock } from '../store/lock.js'
import { pendingPromotion, promote } from '../store/promote.js'

const SNAPSHOT_MAX_AGE_MS = 24 * 60 * 60 * 1000

async function finishLocal(state: JobState): Promise<void> {
  if (!state.storeRoot || !state.snapshotDir) return
  const layout = storeLayout(state.storeRoot)
  const rows: Array<[string, string]> = []
  try {
    if (state.dryRun) {
      const pending = state.writeTag ? pendingPromotion(state.snapshotDir, state.writeTag, state.baseDigest ?? '') : undefined
      rows.push(['promoted', pending && 'entry' in pending ? `would promote ${state.writeTag} (dry-run)` : 'nothing'])
      const gc = await withStoreLock(layout, core, () => collectGarbage(layout, core, true))
      rows.push(['gc', gc.aborted ? `not run: ${gc.aborted}` : `would delete ${gc.sweptBlobs} blobs, ${formatBytes(gc.sweptBytes)} (dry-run)`])
    } else {
      await withStoreLock(layout, core, () => {
        const promotion = state.writeTag
          ? promote(layout, state.snapshotDir!, state.writeTag, state.baseDigest ?? '', core)
          : ({ state: 'skipped', reason: 'read-only job' } as const)
        rows.push([
          'promoted',
          promotion.state === 'promoted'
            ? `${state.writeTag}: ${promotion.blobsMoved} new blobs, ${formatBytes(promotion.bytesMoved)}`
            : `nothing: ${promotion.reason}`
        ])
        const used = [state.restoredTag, promotion.state === 'promoted' ? state.writeTag : undefined]
        touchLastUsed(layout, used.filter((tag): tag is string => Boolean(tag)))
        const gc = collectGarbage(layout, core)
        if (gc.aborted) core.warning(`Garbage collection skipped: ${gc.aborted}`)
        rows.push(['gc', gc.aborted ? 'skipped' : `deleted ${gc.sweptBlobs} blobs, ${formatBytes(gc.sweptBytes)}`])
        rows.push(['store', `${gc.keptBlobs} blobs, ${formatBytes(gc.keptBytes)}`])
        const stale = removeStaleSnapshots(layout, SNAPSHOT_MAX_AGE_MS)
        if (stale.length > 0) rows.push(['old snapshots removed', stale.join(', ')])
      })
    }
  } finally {
    fs.rmSync(state.snapshotDir, { recursive: true, force: true })
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
    if (state.backend === 'local') await core.group('Promoting the new cache', () => finishLocal(state))
  } catch (error) {
    core.warning(`Cache post step: ${error instanceof Error ? error.message : String(error)}`)
  }
}
