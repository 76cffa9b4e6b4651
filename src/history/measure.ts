import { buildTotals, jobBuilds, type BuildRecord } from './build-records.js'
import type { Measured } from './scope-history.js'
import type { WorthState } from './worth-state.js'

/** What post read of one local export under the store's lock, before promotion moved its blobs. */
export interface ExportFacts {
  /** When the export wrote its index.json; absent when nothing was exported. */
  anchorMs?: number
  /** Bytes the export added to the store. */
  newBytes?: number
  /** The export's step results, and how many of them the store held already (reused-results.ts). */
  reused?: { results: number; reused: number }
}

export interface ScopeMeasure {
  scope: string
  /** false: a read-only job, weighed against the scope it read but not recorded in its history. */
  record: boolean
  measured: Measured
}

/** A scope whose build left no trace (no BuildKit record of it, no export): it failed, or never ran. */
export interface Unseen {
  scope: string
  unseen: true
}

/**
 * Each image's builds: the one that ended as its export did, when every image
 * exported (on a builder other jobs share, the others' builds are left out);
 * otherwise every build of the job's window, for each.
 */
function buildsPerImage(worth: WorthState, records: BuildRecord[], exports: Array<ExportFacts | undefined>, postStartMs: number): BuildRecord[][] {
  const anchors = worth.images.map((_, i) => exports[i]?.anchorMs)
  const window = { fromMs: worth.mainEndMs, toMs: postStartMs }
  if (anchors.every((anchor): anchor is number => anchor !== undefined)) {
    return jobBuilds(records, { ...window, anchorsMs: anchors }).map((build) => (build ? [build] : []))
  }
  const all = jobBuilds(records, { ...window, anchorsMs: [] }).flatMap((build) => build ?? [])
  return worth.images.map(() => all)
}

/**
 * What each scope's job took and whether it hit: its time and steps from
 * BuildKit's records where the job's builds are among them; a hit from the
 * export where there is one (a step's result the store held), else from
 * BuildKit's count of cached steps. Otherwise, where the job exported (so its
 * build finished), the time from main to post, with a hit read from the export
 * (a step's result the store held) or, where that cannot be read, from main
 * having restored a scope. A build that left neither (it failed, or never
 * ran) is unseen: nothing is made up for it.
 */
export function measureJob(
  worth: WorthState,
  records: BuildRecord[] | undefined,
  exports: Array<ExportFacts | undefined>,
  postStartMs: number
): Array<ScopeMeasure | Unseen> {
  const builds = records ? buildsPerImage(worth, records, exports, postStartMs) : []
  return worth.images.flatMap((image, i): Array<ScopeMeasure | Unseen> => {
    const scope = image.writeTag ?? image.restoredTag
    if (!scope) return []
    const facts = exports[i]
    const common = { at: postStartMs, ...(facts?.newBytes !== undefined ? { newBytes: facts.newBytes } : {}) }
    const record = Boolean(image.writeTag)
    // The export says best whether a step came from the cache: BuildKit's own count includes a FROM image the builder already held.
    const exportHit = facts?.reused ? facts.reused.reused > 0 : undefined
    const own = builds[i] ?? []
    if (own.length > 0) {
      const { ms, cached, total } = buildTotals(own)
      return [{ scope, record, measured: { ...common, timing: 'builds', ms, cached, total, hit: exportHit ?? cached > 0 } }]
    }
    if (facts?.anchorMs === undefined) return [{ scope, unseen: true }]
    const hit = exportHit ?? Boolean(image.restoredTag)
    return [{ scope, record, measured: { ...common, timing: 'job', ms: Math.max(0, postStartMs - worth.mainEndMs), hit } }]
  })
}
