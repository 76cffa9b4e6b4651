import type { BuildxInstance } from './buildx-record.js'
import { isBudgetFlag, type BudgetFlag } from './buildx-args.js'
import { isPersistentBuilder } from './name.js'

/**
 * The action's own record of a persistent builder and the decisions drawn
 * from it: whether one read back is valid, which builders have gone unused,
 * and what a job may skip (a bootstrap, a `buildx du`, the copy in the node
 * container). Pure: the I/O that reads and writes it lives in records-io.ts.
 */

/**
 * What pre needs to retire a builder nobody has used for a while; kept in
 * `<volume-path>/.builders/<name>.json`, and in the node container itself at
 * RECORD_IN_CONTAINER (written with `docker cp`, which needs no tool in the
 * image), so a job without a persistent volume finds it too.
 */
export interface BuilderRecord {
  name: string
  repoName: string
  lastUsedMs: number
  /** max-age of the repository that used it last: its own retention decides. */
  maxAgeMs: number
  driverOpts: string[]
  /**
   * What the node's bootstrap said, kept so a later job that finds the node
   * running need not bootstrap it again (a docker call each) just to learn it.
   */
  buildkit?: string
  /** The budget flag the last prune used (from `buildx prune --help`), so post need not ask every job. */
  budgetFlag?: BudgetFlag
  /** When post last measured the builder's cache with `buildx du`, and what it found (budgetCheckDue). */
  budgetCheckedMs?: number
  cacheBytes?: number
  /** buildx's own record of the builder, as the create that made it wrote it (BuildxInstance). */
  buildx?: BuildxInstance
  /** With a volume: when post last wrote the copy in the node container (nodeRecordDue). */
  nodeRecordMs?: number
}

export function parseRecord(text: string): BuilderRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<BuilderRecord>
    const ok =
      typeof value.name === 'string' &&
      isPersistentBuilder(value.name) &&
      typeof value.repoName === 'string' &&
      Number.isFinite(value.lastUsedMs) &&
      Number.isFinite(value.maxAgeMs) &&
      Array.isArray(value.driverOpts) &&
      (value.buildkit === undefined || typeof value.buildkit === 'string') &&
      (value.budgetFlag === undefined || isBudgetFlag(value.budgetFlag)) &&
      (value.budgetCheckedMs === undefined || Number.isFinite(value.budgetCheckedMs)) &&
      (value.cacheBytes === undefined || Number.isFinite(value.cacheBytes)) &&
      (value.buildx === undefined || (typeof value.buildx.json === 'string' && typeof value.buildx.madeWith === 'string')) &&
      (value.nodeRecordMs === undefined || Number.isFinite(value.nodeRecordMs))
    return ok ? (value as BuilderRecord) : undefined
  } catch {
    return undefined
  }
}

/** How often post measures the builder's cache at most (a `buildx du` costs about 0.25 s a job). */
export const BUDGET_CHECK_INTERVAL_MS = 10 * 60e3
/** A cache measured past this share of builder-max-size is measured every job. */
const BUDGET_CHECK_SHARE = 0.9

/**
 * Whether post measures (and, past the budget, prunes) the builder's cache
 * this job. Between checks the builder's own GC policy, written at creation
 * with keepBytes = builder-max-size, keeps it bounded; post's check is the
 * second line. So a check is skipped only when the last one is younger than
 * the interval and found the cache under 90% of the budget: the cache can
 * then pass builder-max-size only by what builds add within 10 minutes, and
 * only where the builder's GC does not bound it (a buildkitd-config of one's
 * own). No record, an unknown size or a time in the future: measured.
 */
export function budgetCheckDue(
  record: Pick<BuilderRecord, 'budgetCheckedMs' | 'cacheBytes'> | undefined,
  maxBytes: number,
  now: number,
  intervalMs = BUDGET_CHECK_INTERVAL_MS
): boolean {
  const checked = record?.budgetCheckedMs
  const bytes = record?.cacheBytes
  if (checked === undefined || bytes === undefined || checked > now) return true
  return now - checked >= intervalMs || bytes > maxBytes * BUDGET_CHECK_SHARE
}

/** How stale the node container's copy of a volume-kept record may get: a job without the volume retires by it, after days. */
export const NODE_RECORD_INTERVAL_MS = 60 * 60e3

/**
 * Whether post, on a job with the volume, writes the record into the node
 * container too (a `docker cp`). Only jobs without the volume read that copy
 * (to retire an unused builder, days after its last use; to skip a bootstrap
 * or a create), so it is written when it would say something new: a builder
 * made in this job, a new BuildKit, budget flag, measurement or buildx
 * record, or a last use more than an hour old.
 */
export function nodeRecordDue(
  recorded: BuilderRecord | undefined,
  next: Pick<BuilderRecord, 'buildkit' | 'budgetFlag' | 'buildx'> & { cacheBytes?: number },
  attached: boolean,
  now: number
): boolean {
  const written = recorded?.nodeRecordMs
  if (!attached || recorded === undefined || written === undefined || written > now || now - written >= NODE_RECORD_INTERVAL_MS) return true
  return (
    next.cacheBytes !== undefined ||
    next.buildkit !== recorded.buildkit ||
    (next.budgetFlag !== undefined && next.budgetFlag !== recorded.budgetFlag) ||
    next.buildx?.json !== recorded.buildx?.json
  )
}

/** Where the record lives in the node container: outside BuildKit's state, so it goes when the container goes. */
export const RECORD_IN_CONTAINER = '/cachekeeper-builder.json'

/** The record of a builder to keep: the newer last use of two (a file and a container record of one builder). */
export function newerRecord(a: BuilderRecord | undefined, b: BuilderRecord | undefined): BuilderRecord | undefined {
  if (!a || !b) return a ?? b
  return b.lastUsedMs > a.lastUsedMs ? b : a
}

/** Records unused for longer than their own max-age; a record with a foreign name never qualifies. */
export function unusedBuilders(records: readonly BuilderRecord[], now: number): BuilderRecord[] {
  return records.filter((record) => isPersistentBuilder(record.name) && now - record.lastUsedMs > record.maxAgeMs)
}

/** Driver options apply only when the container is made; say so when a job asks for different ones. */
export function driverOptsNote(recorded: readonly string[] | undefined, wanted: readonly string[]): string | undefined {
  if (!recorded) return undefined
  const same = recorded.length === wanted.length && recorded.every((opt, i) => opt === wanted[i])
  if (same) return undefined
  return `builder-driver-opts differ from those the builder was made with (${recorded.join(', ') || 'none'}); they apply when it is next recreated`
}

/**
 * Whether a job may skip the bootstrap: the node container runs and an earlier
 * bootstrap recorded its BuildKit. A stopped, missing or never-recorded node
 * takes the full path (bootstrap, create, recreate).
 */
export function canSkipBootstrap(running: boolean, record: Pick<BuilderRecord, 'buildkit'> | undefined): boolean {
  return running && record?.buildkit !== undefined
}
