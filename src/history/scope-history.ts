/**
 * What each scope's cache was worth over its last jobs, kept beside the
 * store's other records (`.meta/history.json`) and bounded: JOBS_KEPT jobs per
 * scope, SCOPES_KEPT scopes per repository. Pure: the file is read and written
 * in history-file.ts.
 */

/** Where a job's time comes from: BuildKit's build records, or the time between main and post where buildx keeps none. */
export type Timing = 'builds' | 'job'

export interface JobRecord {
  /** When post recorded the job (ms since the epoch). */
  at: number
  /** The builds' time (`builds`) or the job's between main and post (`job`); absent when neither was measured. */
  ms?: number
  timing: Timing
  /** Steps, from BuildKit's records only. */
  cached?: number
  total?: number
  /** A step came from the cache (BuildKit's count, or the export re-using a step's result); without either, main restored a scope. */
  hit: boolean
  /** What the export added to the store; absent when nothing was exported. */
  newBytes?: number
  /** The estimate against the scope's last cold job timed the same way: 0 for a cold job, absent when unknown. */
  savedMs?: number
}

/** The scope's last job with nothing cached, per timing: what "without the cache" means here. */
export interface ColdReference {
  ms: number
  at: number
}

export interface ScopeHistory {
  jobs: JobRecord[]
  cold: Partial<Record<Timing, ColdReference>>
}

/** Since the record began, never trimmed: the metrics' counters. */
export interface Totals {
  jobs: number
  hits: number
  cachedSteps: number
  totalSteps: number
  /** The estimates summed (a job that cost more than its cold reference counts against). */
  savedMs: number
}

export interface WorthHistory {
  scopes: Record<string, ScopeHistory>
  totals: Totals
}

export const JOBS_KEPT = 12
export const SCOPES_KEPT = 32

export function emptyHistory(): WorthHistory {
  return { scopes: {}, totals: { jobs: 0, hits: 0, cachedSteps: 0, totalSteps: 0, savedMs: 0 } }
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
const count = (value: unknown): number => (finite(value) && value >= 0 ? value : 0)

function parseJob(value: unknown): JobRecord | undefined {
  if (!value || typeof value !== 'object') return undefined
  const job = value as Record<string, unknown>
  if (!finite(job.at) || (job.timing !== 'builds' && job.timing !== 'job')) return undefined
  const optional = (name: string) => (finite(job[name]) ? { [name]: job[name] } : {})
  return {
    at: job.at,
    timing: job.timing,
    hit: job.hit === true,
    ...optional('ms'),
    ...optional('cached'),
    ...optional('total'),
    ...optional('newBytes'),
    ...optional('savedMs')
  }
}

function parseCold(value: unknown): ColdReference | undefined {
  const cold = value as Partial<ColdReference> | undefined
  return cold && finite(cold.ms) && finite(cold.at) ? { ms: cold.ms, at: cold.at } : undefined
}

/** The file as written by any release; what does not parse is left out, and a file that is not one starts the history over. */
export function parseWorthHistory(text: string): WorthHistory {
  let value: Partial<WorthHistory>
  try {
    value = JSON.parse(text) as Partial<WorthHistory>
  } catch {
    return emptyHistory()
  }
  const history = emptyHistory()
  if (!value || typeof value !== 'object') return history
  for (const [scope, entry] of Object.entries(value.scopes ?? {})) {
    const jobs = Array.isArray(entry?.jobs) ? entry.jobs.flatMap((job) => parseJob(job) ?? []).slice(-JOBS_KEPT) : []
    const cold: ScopeHistory['cold'] = {}
    for (const timing of ['builds', 'job'] as const) {
      const reference = parseCold(entry?.cold?.[timing])
      if (reference) cold[timing] = reference
    }
    if (jobs.length > 0) history.scopes[scope] = { jobs, cold }
  }
  const totals = value.totals as Partial<Totals> | undefined
  history.totals = {
    jobs: count(totals?.jobs),
    hits: count(totals?.hits),
    cachedSteps: count(totals?.cachedSteps),
    totalSteps: count(totals?.totalSteps),
    savedMs: finite(totals?.savedMs) ? totals.savedMs : 0
  }
  return history
}

/** What post measured of one scope's job, before it is weighed against the scope's history. */
export type Measured = Omit<JobRecord, 'savedMs'>

/** The job weighed against the scope's cold reference: a cold job saved nothing; a hit saved the difference, where both were timed alike. */
export function weigh(history: WorthHistory, scope: string, measured: Measured): JobRecord {
  if (!measured.hit) return { ...measured, ...(measured.ms === undefined ? {} : { savedMs: 0 }) }
  const reference = history.scopes[scope]?.cold[measured.timing]
  if (measured.ms === undefined || !reference) return measured
  return { ...measured, savedMs: reference.ms - measured.ms }
}

/** The history with the job added to its scope, trimmed to its bounds; the least recently built scopes go first. */
export function recordJob(history: WorthHistory, scope: string, job: JobRecord): WorthHistory {
  const previous = history.scopes[scope] ?? { jobs: [], cold: {} }
  const cold = !job.hit && job.ms !== undefined ? { ...previous.cold, [job.timing]: { ms: job.ms, at: job.at } } : previous.cold
  const scopes = { ...history.scopes, [scope]: { jobs: [...previous.jobs, job].slice(-JOBS_KEPT), cold } }
  const newest = (name: string) => scopes[name].jobs.at(-1)?.at ?? 0
  const kept = Object.keys(scopes)
    .sort((a, b) => newest(b) - newest(a))
    .slice(0, SCOPES_KEPT)
  const { totals } = history
  return {
    scopes: Object.fromEntries(kept.map((name) => [name, scopes[name]])),
    totals: {
      jobs: totals.jobs + 1,
      hits: totals.hits + (job.hit ? 1 : 0),
      cachedSteps: totals.cachedSteps + (job.cached ?? 0),
      totalSteps: totals.totalSteps + (job.total ?? 0),
      savedMs: totals.savedMs + (job.savedMs ?? 0)
    }
  }
}
