import { formatBytes } from '../config/units.js'
import type { JobRecord, ScopeHistory } from './scope-history.js'

/**
 * What post says of a scope's cache: one line a person reads at a glance in
 * a plain log (Gitea and Forgejo show no step summary), the same as rows for
 * the step summary, and the hint when the cache does not pay for itself.
 */

const BARS = '▁▂▃▄▅▆▇█'
/** A job over the window with no time: a gap in the sparkline, never a made-up bar. */
const NO_BAR = '·'

/** Fewer jobs than this say nothing about a trend. */
export const HINT_MIN_JOBS = 5
/** A saving smaller than this share of a cold build per job is within what two runs of one build differ by. */
export const NOISE_SHARE = 0.1

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

/** Bars scaled from the shortest to the longest time, oldest first. */
export function sparkline(values: Array<number | undefined>): string {
  const known = values.filter((value): value is number => value !== undefined)
  if (known.length === 0) return values.map(() => NO_BAR).join('')
  const [low, high] = [Math.min(...known), Math.max(...known)]
  return values
    .map((value) => (value === undefined ? NO_BAR : BARS[high === low ? 0 : Math.round(((value - low) / (high - low)) * (BARS.length - 1))]))
    .join('')
}

function timed(job: JobRecord): string {
  if (job.ms === undefined) return 'not timed'
  return job.timing === 'builds' ? `build ${seconds(job.ms)}` : `${seconds(job.ms)} from the cache step to its post`
}

function cacheUse(job: JobRecord): string {
  if (job.cached !== undefined && job.total !== undefined) return `${job.cached} of ${job.total} steps cached`
  return job.hit ? 'hit' : 'no hit'
}

/** The estimate, or why there is none: a number is given only where both times were measured alike. */
export function savedWords(job: JobRecord, cold: ScopeHistory['cold']): string {
  if (!job.hit) return job.ms === undefined ? 'ran cold' : 'ran cold: the reference for the next jobs'
  const reference = cold[job.timing]
  if (job.savedMs === undefined || !reference) {
    return job.ms === undefined ? 'time saved unknown: the build was not timed' : 'time saved unknown: no cold job of this scope recorded yet'
  }
  const versus = `the last cold one's ${seconds(reference.ms)}, an estimate`
  return job.savedMs >= 0 ? `saved ~${seconds(job.savedMs)} against ${versus}` : `~${seconds(-job.savedMs)} slower than ${versus}`
}

/** The recent jobs as a sparkline of their times and the hit rate. */
export function trendWords(jobs: JobRecord[]): string {
  const hits = jobs.filter((job) => job.hit).length
  const times = jobs.flatMap((job) => job.ms ?? [])
  const range = times.length > 1 ? ` ${seconds(Math.min(...times))}–${seconds(Math.max(...times))}` : ''
  const noun = jobs.length === 1 ? 'job' : 'jobs'
  return `last ${jobs.length} ${noun} ${sparkline(jobs.map((job) => job.ms))}${range}, hit ${hits} of ${jobs.length} (${Math.round((100 * hits) / jobs.length)}%)`
}

/** Post's line for one scope; `kept` false: no history is kept (why), so the line speaks of this build only. */
export function worthLine(scope: string, history: ScopeHistory, kept: true | { why: string }): string {
  const job = history.jobs.at(-1)!
  const head = `Cache worth, scope ${scope}: ${timed(job)}, ${cacheUse(job)}, ${savedWords(job, history.cold)}`
  return kept === true ? `${head}; ${trendWords(history.jobs)}` : `${head} (this build only: ${kept.why})`
}

/** The recent jobs, newest first, for the step summary. */
export function worthRows(history: ScopeHistory): Array<[string, string]> {
  return history.jobs
    .map((job): [string, string] => {
      const when = new Date(job.at).toISOString().replace('T', ' ').slice(0, 16)
      const exported = job.newBytes === undefined ? 'nothing exported' : `${formatBytes(job.newBytes)} new in the export`
      return [when, `${timed(job)}; ${cacheUse(job)}; ${exported}; ${savedWords(job, history.cold)}`]
    })
    .reverse()
}

/** Why the scope's cache does not pay for itself over its recent jobs, or undefined when it does (or too few jobs tell). */
export function notPayingOff(history: ScopeHistory): string | undefined {
  const recent = history.jobs
  if (recent.length < HINT_MIN_JOBS) return undefined
  const exported = recent.flatMap((job) => job.newBytes ?? [])
  const each = exported.length > 0 ? `, each exporting ~${formatBytes(exported.reduce((a, b) => a + b, 0) / exported.length)} anew` : ''
  const hits = recent.filter((job) => job.hit).length
  if (hits === 0) return `never hit in its last ${recent.length} jobs${each}`
  const reference = history.cold[recent.at(-1)!.timing]
  const weighed = recent.filter((job) => job.savedMs !== undefined)
  if (!reference || weighed.length < HINT_MIN_JOBS) return undefined
  const saved = weighed.reduce((sum, job) => sum + job.savedMs!, 0)
  if (saved >= NOISE_SHARE * reference.ms * weighed.length) return undefined
  const net = saved >= 0 ? `saved ~${seconds(saved)} in all` : `cost ~${seconds(-saved)} more than cold builds`
  return `hit in ${hits} of its last ${recent.length} jobs and ${net}, under ${NOISE_SHARE * 100}% of a cold build (${seconds(reference.ms)}) per job${each}`
}

/** The one hint post gives, naming every scope concerned and what to change. */
export function hintText(reasons: Array<{ scope: string; why: string }>): string {
  const scopes = reasons.map(({ scope, why }) => `scope ${scope} was ${why}`).join('; ')
  const pullRequests = reasons.some(({ scope }) => scope.startsWith('pr-'))
  const advice = [
    "mode: min (exports only the final image's layers, a smaller export)",
    `read-only: true for pull requests${pullRequests ? ' (their scopes are written and rarely read again)' : ''}`,
    'or another backend (cache-mode: registry shares one cache between hosts; off skips the export)'
  ]
  return `The build cache is not paying off: ${scopes}. The export costs time on every job. If a step near the top of the Dockerfile changes each build (a build argument, a copied file with a timestamp), move it down; otherwise consider ${advice.join(', ')}.`
}
