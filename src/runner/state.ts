import type { BuilderRecord } from '../builders/persistent/record.js'
import type { Backend } from '../config/inputs.js'
import type { RetentionOptions } from '../store/maintain.js'
import type { DiskSpace } from '../config/disk-space.js'
import { STATE_KEYS } from '../config/names.js'
import type { WorthState } from '../history/worth-state.js'
import type { Runner } from '../runner-port.js'

/** What main hands to post, JSON-encoded in one state entry (act caps a line at 64 KiB; this stays tiny). */
export interface JobState {
  backend: Backend
  storeRoot?: string
  /** Local mode: one snapshot per cache the job builds (the plain build, or each bake target). */
  exports?: ExportState[]
  /** Local mode: the tags the build imports (marked used by post). */
  restoredTags?: string[]
  /** registry and inline modes: the tag written (post checks its export). */
  writeTag?: string
  /** The bake definition main wrote; post removes it. */
  bakeFile?: string
  dryRun?: boolean
  retention?: RetentionOptions
  /** Local modes: the host budget's inputs (undefined each: BuildKit's default for the disk). */
  host?: { maxSize?: DiskSpace; minFree?: DiskSpace }
  /**
   * registry and inline modes: where the cache lives, and the written tag's digest main saw ('' absent, undefined unknown);
   * `dryRun`: post reports the superseded manifest instead of deleting it.
   */
  registry?: { ref: string; insecure: boolean; writeDigest?: string; dryRun?: boolean }
  /** A closed pull request's scope main removed from the local store; post's GC reclaims its blobs. */
  removedTag?: string
  /** What post needs to weigh what the cache was worth to the job (history/). */
  worth?: WorthState
  /** The persistent builder main attached; post bounds its cache. */
  builder?: {
    name: string
    volumePath: string
    maxSizeBytes: number
    dryRun: boolean
    /** false: volume-path dies with the job, the record lives in the node container only. */
    persistentStore?: boolean
    /** What post writes into the node container's record. */
    record?: Pick<BuilderRecord, 'repoName' | 'driverOpts' | 'maxAgeMs' | 'budgetFlag' | 'buildkit' | 'buildx'>
    /** When main attached it: builds recorded in buildx's history since then are this job's. */
    sinceMs?: number
    /** Whether main found the builder running, made it, or made it again. */
    how?: 'attached' | 'created' | 'recreated'
  }
}

/** One snapshot BuildKit imports from and exports into; post promotes its writeTag. */
export interface ExportState {
  snapshotDir: string
  /** Absent for a read-only job. */
  writeTag?: string
  /** Digest of writeTag's entry when the snapshot was made ('' when absent): only a change is promoted. */
  baseDigest?: string
  /** The build neither imported nor exported the store's copy (younger than store-refresh, the persistent builder holds the cache). */
  kept?: boolean
}

export function saveJobState(runner: Pick<Runner, 'saveState'>, state: JobState): void {
  runner.saveState(STATE_KEYS.job, JSON.stringify(state))
}

export function loadJobState(runner: Pick<Runner, 'getState'>): JobState | undefined {
  const text = runner.getState(STATE_KEYS.job)
  if (!text) return undefined
  try {
    return JSON.parse(text) as JobState
  } catch {
    return undefined
  }
}
