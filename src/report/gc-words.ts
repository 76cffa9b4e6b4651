import { formatBytes } from '../config/units.js'
import type { GcResult } from '../store/gc.js'

/**
 * A sweep in words, for post's table and the command-line tool alike. An
 * aborted sweep says why and gives no counts: they would read as a sweep that
 * ran and found nothing.
 */
export function sweepWords(gc: GcResult, dryRun: boolean): string {
  if (gc.aborted) return `aborted: ${gc.aborted}`
  return `${dryRun ? 'would delete' : 'deleted'} ${gc.sweptBlobs} blobs (${formatBytes(gc.sweptBytes)})`
}

/** What the store keeps after the sweep; undefined when it was aborted (nothing was counted). */
export function keptWords(gc: GcResult): string | undefined {
  return gc.aborted ? undefined : `${gc.keptBlobs} blobs (${formatBytes(gc.keptBytes)})`
}
