import fs from 'node:fs'
import { errorMessage } from '../error-message.js'
import { historyLsArgs, parseBuildRecords, type BuildRecord, type BuildSteps } from '../history/build-records.js'
import { historyPlace, readWorthHistory, writeWorthHistory } from '../history/history-file.js'
import { measureJob, type ExportFacts, type ScopeMeasure, type Unseen } from '../history/measure.js'
import { reusedResults } from '../history/reused-results.js'
import { emptyHistory, recordJob, weigh, type ScopeHistory, type WorthHistory } from '../history/scope-history.js'
import { hintText, notPayingOff, worthLine, worthRows } from '../history/worth-words.js'
import { hostMetricsText, writeMetricsFile } from '../metrics/metrics-file.js'
import { dockerCli } from '../runner/exec.js'
import type { ExportState, JobState } from '../runner/state.js'
import type { Reporter, Runner } from '../runner-port.js'
import { storeLayout, type StoreLayout } from '../store/layout.js'
import { withStoreLock } from '../store/lock.js'
import { wasExported } from '../store/snapshot.js'
import type { ExportUsage } from '../store/usage.js'

/**
 * post: what the cache was worth to this job, per scope: measured, weighed
 * against the scope's history, recorded, and said in one line (with the
 * recent jobs as a table for the step summary); a hint when a scope's cache
 * does not pay for itself; the host's metrics file rewritten when asked.
 */

/**
 * BuildKit's records of the builder the job built on (the persistent one, or
 * the job's current builder), read once for the worth line and the persistent
 * builder's steps; undefined where buildx keeps none (0.13). Never rejects.
 */
export async function readBuildRecords(state: JobState, runner: Pick<Runner, 'debug'>): Promise<BuildRecord[] | undefined> {
  if (!state.worth && state.builder?.sinceMs === undefined) return undefined
  try {
    const result = await dockerCli(historyLsArgs(state.builder?.name))
    if (result.code === 0) return parseBuildRecords(result.stdout)
    runner.debug(`Build history not read: ${result.stderr.split('\n')[0]}`)
  } catch (error) {
    runner.debug(`Build history not read: ${errorMessage(error)}`)
  }
  return undefined
}

/** The persistent builder's builds since main attached it, oldest first, as its steps report takes them. */
export function builderSteps(records: BuildRecord[] | undefined, sinceMs: number | undefined): BuildSteps[] | undefined {
  if (!records || sinceMs === undefined) return undefined
  return records
    .filter((record) => record.startedMs >= sinceMs)
    .sort((a, b) => a.startedMs - b.startedMs)
    .map(({ name, cached, total }) => ({ name, cached, total }))
}

/** Under the store lock, before promotion moves the export's blobs: when it was written, what it added, which results it re-used. */
export function exportFacts(layout: StoreLayout, entry: ExportState, usage: ExportUsage): ExportFacts {
  if (!entry.writeTag || entry.kept || !wasExported(entry.snapshotDir)) return {}
  const anchorMs = fs.lstatSync(storeLayout(entry.snapshotDir).index).mtimeMs
  const reused = reusedResults(layout, entry.snapshotDir, entry.writeTag)
  return { anchorMs, ...(usage.state === 'exported' ? { newBytes: usage.newBytes } : {}), ...(reused ? { reused } : {}) }
}

type Shown = { scope: string; history: ScopeHistory; kept: true | { why: string } }

/** Weighs each scope's job against its history and records those the job wrote (not in a dry run); what each line shows. */
function weighAndRecord(history: WorthHistory, measures: ScopeMeasure[]): { history: WorthHistory; shown: Shown[] } {
  let updated = history
  const shown: Shown[] = []
  for (const { scope, record, measured } of measures) {
    const job = weigh(updated, scope, measured)
    const cold = updated.scopes[scope]?.cold ?? {}
    if (!record) {
      shown.push({ scope, history: { jobs: [job], cold }, kept: { why: 'a read-only job, weighed against the scope it read and not recorded' } })
      continue
    }
    updated = recordJob(updated, scope, job)
    shown.push({ scope, history: updated.scopes[scope], kept: true })
  }
  return { history: updated, shown }
}

async function recordHistory(state: JobState, measures: ScopeMeasure[], runner: Reporter): Promise<Shown[]> {
  const worth = state.worth!
  if (measures.length === 0) return []
  const place = historyPlace(worth.volumePath, worth.repoName, state.storeRoot)
  if (!('file' in place)) {
    return weighAndRecord(emptyHistory(), measures).shown.map((shown) => ({ ...shown, kept: { why: `no history is kept: ${place.why}` } }))
  }
  const update = () => {
    const { history, shown } = weighAndRecord(readWorthHistory(place.file), measures)
    if (!state.dryRun && measures.some(({ record }) => record)) writeWorthHistory(place.file, history)
    return shown
  }
  // The store's records are written under its lock (its GC removes what a killed write leaves); a loose history has no lock.
  return state.storeRoot && !state.dryRun ? withStoreLock(storeLayout(state.storeRoot), runner, update) : update()
}

/** Measures the job, records it and says what it was worth; the hint once, for every scope concerned. */
async function weighJob(state: JobState, records: BuildRecord[] | undefined, exports: Array<ExportFacts | undefined>, runner: Reporter, postStartMs: number) {
  const measures = measureJob(state.worth!, records, exports, postStartMs)
  for (const { scope } of measures.filter((m): m is Unseen => 'unseen' in m)) {
    runner.info(`Cache worth, scope ${scope}: nothing recorded: post found neither a BuildKit record of this job's build nor a cache export to time it by`)
  }
  const seen = measures.filter((m): m is ScopeMeasure => !('unseen' in m))
  const shown = await recordHistory(state, seen, runner)
  for (const { scope, history, kept } of shown) await runner.table(worthLine(scope, history, kept), worthRows(history))
  const reasons = shown.flatMap(({ scope, history, kept }) => {
    const why = kept === true ? notPayingOff(history) : undefined
    return why ? [{ scope, why }] : []
  })
  if (reasons.length > 0) runner.notice(hintText(reasons))
}

export async function worthStep(
  state: JobState,
  records: Promise<BuildRecord[] | undefined>,
  exports: Array<ExportFacts | undefined>,
  runner: Reporter,
  postStartMs: number
): Promise<void> {
  const worth = state.worth
  if (!worth) return
  try {
    const found = await records
    // Timed from when the build records are in: reading them is the steps report's wait too.
    const started = Date.now()
    await weighJob(state, found, exports, runner, postStartMs)
    runner.debug(`What the cache was worth: weighed and recorded in ${Date.now() - started} ms`)
  } catch (error) {
    runner.warning(`What the cache saved was not recorded: ${errorMessage(error)}`)
  }
  if (!worth.metricsFile) return
  try {
    writeMetricsFile(worth.metricsFile, hostMetricsText(worth.volumePath))
    runner.info(`Host metrics written to ${worth.metricsFile}`)
  } catch (error) {
    runner.warning(`metrics-file ${worth.metricsFile} not written: ${errorMessage(error)}`)
  }
}
