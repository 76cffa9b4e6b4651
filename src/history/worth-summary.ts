import type { WorthHistory } from './scope-history.js'
import { seconds } from './worth-words.js'

/** What a repository's cache was worth since its history began: for `status` and anyone reading the records. */
export interface RepoWorth {
  repo: string
  builds: number
  hits: number
  /** null before the first recorded build. */
  hitRate: number | null
  /** The estimates summed (see history/scope-history.ts); builds whose saving is unknown count nothing. */
  savedMs: number
}

export function repoWorth(repo: string, history: WorthHistory): RepoWorth {
  const { jobs: builds, hits, savedMs } = history.totals
  return { repo, builds, hits, hitRate: builds > 0 ? hits / builds : null, savedMs }
}

/** One scope's recent jobs, for a row of `status --json`. */
export function scopeWorth(
  history: WorthHistory | undefined,
  scope: string
): { recentBuilds: number; recentHits: number; lastBuildMs: number | null } | undefined {
  const jobs = history?.scopes[scope]?.jobs
  if (!jobs || jobs.length === 0) return undefined
  return { recentBuilds: jobs.length, recentHits: jobs.filter((job) => job.hit).length, lastBuildMs: jobs.at(-1)?.ms ?? null }
}

/** The row `status` prints per repository. */
export function repoWorthCells(worth: RepoWorth): string[] {
  const rate = worth.hitRate === null ? '-' : `${Math.round(worth.hitRate * 100)}% (${worth.hits} of ${worth.builds})`
  const saved = worth.savedMs >= 0 ? `~${seconds(worth.savedMs)}` : `-${seconds(-worth.savedMs)} (slower than cold)`
  return [worth.repo, String(worth.builds), rate, saved]
}
