/**
 * BuildKit's own record of each build, as `docker buildx history ls --format
 * json` prints it (buildx 0.2x; 0.13 has no `history` command): when a build
 * started and ended and how many of its steps came from the cache. What the
 * cache saved is measured on these, never guessed.
 */

/** One build as BuildKit recorded it; times in ms since the epoch, from the daemon's clock. */
export interface BuildRecord {
  ref: string
  name: string
  startedMs: number
  completedMs: number
  cached: number
  total: number
}

/** What post's steps report shows of a build. */
export type BuildSteps = Pick<BuildRecord, 'name' | 'cached' | 'total'>

/** The builder's records, newest first; without a builder, the current one's (the job's `docker buildx use`). */
export function historyLsArgs(builder?: string): string[] {
  return ['buildx', 'history', 'ls', ...(builder ? ['--builder', builder] : []), '--format', 'json']
}

/** Lines that are not a finished build's record (a running build has no completed_at) are skipped, never filled in. */
export function parseBuildRecords(stdout: string): BuildRecord[] {
  const records: BuildRecord[] = []
  for (const line of stdout.split('\n')) {
    let value: Record<string, unknown>
    try {
      value = JSON.parse(line) as Record<string, unknown>
    } catch {
      continue
    }
    if (value === null || typeof value !== 'object') continue
    const startedMs = Date.parse(String(value.created_at))
    const completedMs = Date.parse(String(value.completed_at))
    const { cached_steps: cached, total_steps: total } = value
    if (!Number.isFinite(startedMs) || !Number.isFinite(completedMs) || completedMs < startedMs) continue
    if (typeof cached !== 'number' || typeof total !== 'number') continue
    records.push({
      ref: typeof value.ref === 'string' ? value.ref : '',
      name: typeof value.name === 'string' ? value.name : '',
      startedMs,
      completedMs,
      cached,
      total
    })
  }
  return records
}

/** How far a build's end may be from its export's index.json (written by the client just after BuildKit completes). */
export const ANCHOR_SLACK_MS = 2_000

export interface JobWindow {
  /** When main ended: the job's builds start after it. */
  fromMs: number
  /** When post started: they ended before it. */
  toMs: number
  /**
   * When each of the job's local exports wrote its index.json: the build that
   * ended nearest each is the job's, so builds of other jobs on a shared
   * builder in the same minutes are left out. Empty: every build in the window.
   */
  anchorsMs: number[]
}

/**
 * This job's builds, oldest first: one per anchor (undefined where no build
 * ended near it), or every build inside the window when there is no anchor.
 */
export function jobBuilds(records: BuildRecord[], window: JobWindow): Array<BuildRecord | undefined> {
  const inside = records.filter((r) => r.startedMs >= window.fromMs - ANCHOR_SLACK_MS && r.completedMs <= window.toMs + ANCHOR_SLACK_MS)
  if (window.anchorsMs.length === 0) return inside.filter((r) => r.startedMs >= window.fromMs).sort((a, b) => a.startedMs - b.startedMs)
  return window.anchorsMs.map((anchor) => {
    let nearest: BuildRecord | undefined
    for (const record of inside) {
      const distance = Math.abs(record.completedMs - anchor)
      if (distance <= ANCHOR_SLACK_MS && (!nearest || distance < Math.abs(nearest.completedMs - anchor))) nearest = record
    }
    return nearest
  })
}

/** The builds' own time, summed (bake targets that ran side by side count each), and their steps. */
export function buildTotals(builds: BuildRecord[]): { ms: number; cached: number; total: number } {
  return builds.reduce((sum, b) => ({ ms: sum.ms + (b.completedMs - b.startedMs), cached: sum.cached + b.cached, total: sum.total + b.total }), {
    ms: 0,
    cached: 0,
    total: 0
  })
}
