import { formatBytes } from '../config/units.js'
import type { PostOutputs } from '../config/names.js'
import type { ExportUsage } from '../store/usage.js'

/** What post found and did, gathered so the table and the outputs are computed without I/O. */
export interface CacheActivity {
  dryRun: boolean
  /** One per snapshot: the plain build, or each bake target. `promoted` is the promotion row's text. */
  exports: Array<{ tag?: string; promoted: string; usage: ExportUsage }>
  /** Tags in the store after retention and GC (or that would be, in a dry run). */
  scopesKept: string[]
  /** Tags retention or GC dropped (or would drop). */
  scopesDropped: string[]
  /** The GC row's text. */
  gc: string
  /** Unknown when the sweep was aborted. */
  storeBlobs?: number
  storeBytes?: number
  maxSizeBytes?: number
  staleSnapshots: string[]
  /** The persistent builder's own cache; no row without one. */
  builderCacheBytes?: number
  /** Its builder-max-size. */
  builderMaxBytes?: number
  /** A scope the event ended (a closed pull request's, a deleted branch's) that main took out of the index; this GC reclaimed its blobs. */
  removedTag?: string
}

const LISTED_SCOPES = 10

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function blobsAndBytes(blobs: number, bytes: number): string {
  return `${count(blobs, 'blob')}, ${formatBytes(bytes)}`
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '0%'
}

function scopeList(tags: string[]): string {
  if (tags.length === 0) return 'none'
  const shown = tags.slice(0, LISTED_SCOPES).join(', ')
  return tags.length > LISTED_SCOPES ? `${shown}, and ${tags.length - LISTED_SCOPES} more` : shown
}

/** Totals over every export that happened; undefined when nothing was exported. */
export function exportTotals(activity: CacheActivity): { blobs: number; bytes: number; newBlobs: number; newBytes: number } | undefined {
  const exported = activity.exports.flatMap(({ usage }) => (usage.state === 'exported' ? [usage] : []))
  if (exported.length === 0) return undefined
  const sum = (pick: (usage: (typeof exported)[number]) => number) => exported.reduce((total, usage) => total + pick(usage), 0)
  return { blobs: sum((u) => u.blobs), bytes: sum((u) => u.bytes), newBlobs: sum((u) => u.newBlobs), newBytes: sum((u) => u.newBytes) }
}

/** Post's table: what was promoted, what the build re-used and missed, what the store holds against its budget. */
export function cacheActivityRows(activity: CacheActivity): Array<[string, string]> {
  const rows: Array<[string, string]> = activity.removedTag ? [['deleted', `${activity.removedTag}: its blobs reclaimed by gc`]] : []
  const several = activity.exports.length > 1
  for (const { tag, promoted } of activity.exports) rows.push([several && tag ? `promoted ${tag}` : 'promoted', promoted])

  const totals = exportTotals(activity)
  if (totals) {
    const reusedBlobs = totals.blobs - totals.newBlobs
    const reusedBytes = totals.bytes - totals.newBytes
    rows.push(['re-used', `${blobsAndBytes(reusedBlobs, reusedBytes)} (${percent(reusedBytes, totals.bytes)} of the exported cache)`])
    rows.push(['new (cache miss)', `${blobsAndBytes(totals.newBlobs, totals.newBytes)} (${percent(totals.newBytes, totals.bytes)})`])
  } else {
    const reasons = [...new Set(activity.exports.map(({ usage }) => (usage.state === 'none' ? usage.reason : '')))].filter(Boolean)
    rows.push(['re-used / new', `nothing exported${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`])
  }

  rows.push(['scopes kept', scopeList(activity.scopesKept)])
  rows.push([activity.dryRun ? 'scopes would drop' : 'scopes dropped', scopeList(activity.scopesDropped)])
  rows.push(['gc', activity.gc])
  const { storeBlobs, storeBytes, maxSizeBytes: budget } = activity
  if (storeBlobs !== undefined && storeBytes !== undefined) {
    rows.push(['store', blobsAndBytes(storeBlobs, storeBytes) + (budget ? ` of ${formatBytes(budget)} max-size (${percent(storeBytes, budget)})` : '')])
  }
  if (activity.builderCacheBytes !== undefined) rows.push(builderCacheRow(activity.builderCacheBytes, activity.builderMaxBytes))
  if (activity.staleSnapshots.length > 0) rows.push(['old snapshots removed', activity.staleSnapshots.join(', ')])
  return rows
}

/** The persistent builder's cache against its budget: a row of the promotion table, or post's only row when there is no store (no volume). */
export function builderCacheRow(bytes: number, maxBytes?: number): [string, string] {
  return ['builder cache', formatBytes(bytes) + (maxBytes ? ` of ${formatBytes(maxBytes)} builder-max-size (${percent(bytes, maxBytes)})` : '')]
}

/** Post's outputs: bytes in the store ('' when the sweep was aborted), and bytes this build wrote that the store lacked (0 when nothing was exported). */
export function cacheActivityOutputs(activity: CacheActivity): PostOutputs {
  return {
    'cache-size': activity.storeBytes === undefined ? '' : String(activity.storeBytes),
    'cache-new-bytes': String(exportTotals(activity)?.newBytes ?? 0)
  }
}
