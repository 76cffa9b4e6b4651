import type { ExportState, JobState } from '../runner/state.js'

/**
 * What post will do for a job, decided from the state main handed over before
 * anything is touched (pure, table-tested); post.ts applies it. Post never
 * fails the job: each applied step reports its own problem and the rest go on.
 */

/** What becomes of one snapshot's export: promoted into the store, only weighed (dry-run), or left with the reason. */
export type ExportAction = { do: 'promote' } | { do: 'dry-run' } | { do: 'skip'; reason: string }

export interface PlannedExport {
  entry: ExportState
  action: ExportAction
}

export interface PostPlan {
  /** The bake definition main wrote: it lives only as long as the job. */
  bakeFile?: string
  /** The persistent builder main attached: kept within builder-max-size. */
  builderBudget: boolean
  /** No store holds the builder's copy (no volume): its own cache is the whole report. */
  builderReportAlone: boolean
  /** Local modes: every snapshot promoted (or not), then retention and GC, then the host budget. */
  local?: {
    storeRoot: string
    dryRun: boolean
    exports: PlannedExport[]
    /** Read by this job, or kept as the builder's live cache: marked used whatever promotion does. */
    used: string[]
    /** Scopes whose store copy the persistent builder holds: never evicted, like one written. */
    kept: string[]
    /** What this job reads and writes: neither retention nor the host budget evicts them. */
    protect: string[]
  }
  /** Registry modes: the written tag's export checked, and the manifest it superseded deleted. */
  registryCheck: boolean
}

/** Why an export is not promoted, or how it is. */
export function exportAction(entry: ExportState, dryRun: boolean): ExportAction {
  if (!entry.writeTag) return { do: 'skip', reason: 'read-only job' }
  if (entry.kept) return { do: 'skip', reason: 'the store copy is younger than store-refresh (the persistent builder holds the cache)' }
  return dryRun ? { do: 'dry-run' } : { do: 'promote' }
}

function localPlan(state: JobState): PostPlan['local'] {
  const exports = state.exports ?? []
  if (!state.storeRoot || exports.length === 0 || (state.backend !== 'local' && state.backend !== 'local+registry')) return undefined
  const dryRun = state.dryRun ?? false
  const restored = state.restoredTags ?? []
  const written = exports.flatMap(({ writeTag }) => (writeTag ? [writeTag] : []))
  const kept = exports.flatMap(({ writeTag, kept }) => (kept && writeTag ? [writeTag] : []))
  return {
    storeRoot: state.storeRoot,
    dryRun,
    exports: exports.map((entry) => ({ entry, action: exportAction(entry, dryRun) })),
    used: [...new Set([...restored, ...kept])],
    kept,
    protect: [...new Set([...restored, ...written])]
  }
}

export function planPost(state: JobState): PostPlan {
  return {
    ...(state.bakeFile ? { bakeFile: state.bakeFile } : {}),
    builderBudget: state.builder !== undefined,
    builderReportAlone: state.builder?.persistentStore === false,
    local: localPlan(state),
    registryCheck: (state.backend === 'registry' || state.backend === 'local+registry') && state.registry !== undefined
  }
}
