import type { ImagePlan } from '../backends/bake.js'
import type { CacheEntries } from '../backends/cache-entries.js'
import type { PlanMessage } from '../backends/gha-runtime.js'
import type { Backend, Inputs } from '../config/inputs.js'
import type { MainOutputs } from '../config/names.js'
import { formatBytes, formatDuration } from '../config/units.js'

/**
 * Main's decisions, made before any I/O: what to log, how the cache is
 * prepared, whether the persistent builder is attached. Pure, so a table of
 * inputs and events tests them without mocks; main.ts carries them out.
 */
export interface MainPlan {
  images: ImagePlan[]
  backend: Backend
  /** What the job log says first, in order. */
  log: PlanMessage[]
  /** Scopes this event ends, one per image: deleted before the cache is prepared. */
  removals: Array<{ image: ImagePlan; tag: string }>
  /** local: a snapshot of the store (local+registry: then the registry for what it lacks); registry-lookup: which scope exists; entries: strings only (gha, s3, off, bake targets on a registry). */
  prepare: 'local' | 'registry-lookup' | 'entries' | 'builder-only'
  /** Attach the repository's persistent builder; a notice says why not when it was asked for and is refused. */
  attachBuilder: boolean
  bake: boolean
}

const builderRefused = (reason: string) =>
  `The persistent builder is not attached: ${reason}, and every build on a builder shares its cache mounts (RUN --mount=type=cache) and layers, ` +
  "so this build runs on the job's own builder and still reads the cache. Set trust-pull-requests: true only if every contributor is trusted"

/** What main finds out before planning: whether volume-path outlives the job (src/store/volume.ts). */
export interface MainFacts {
  /** Why volume-path dies with the job (or does not exist), or undefined when it persists. */
  storeProblem?: string
}

export function planMain(inputs: Inputs, images: ImagePlan[], facts: MainFacts = {}): MainPlan {
  const { plan } = images[0]
  const log: MainPlan['log'] = [...plan.messages]
  if (inputs.cacheMode === 'auto') log.push({ level: 'info', text: `cache-mode auto: using ${plan.backend}` })
  for (const { target, plan: image } of images) {
    const { scopes, writeTag } = image
    const what = target ? `Target ${target}: scope` : 'Scope'
    log.push({
      level: 'info',
      text: `${what} ${scopes.write ?? '(none)'}${writeTag ? '' : ' (read-only)'}; reads ${scopes.read.join(', ') || 'nothing else'} (${scopes.reason})`
    })
  }
  const untrusted = plan.scopes.untrusted
  const refuseBuilder = inputs.persistentBuilder && untrusted !== undefined && !inputs.trustPullRequests
  if (refuseBuilder) log.push({ level: 'notice', text: builderRefused(untrusted) })
  const removals = images.flatMap((image) => (image.plan.scopes.remove ? [{ image, tag: image.plan.scopes.remove }] : []))
  // Bake targets skip the registry lookup: build-time import decides there, as for the other remote backends.
  const registryLookup = (plan.backend === 'registry' || plan.backend === 'inline') && images.length === 1
  const local = plan.backend === 'local' || plan.backend === 'local+registry'
  const attach = inputs.persistentBuilder && !refuseBuilder
  // The builder holds the cache across jobs; an export into a folder that dies with the job would only cost each build its time.
  const builderOnly = attach && plan.backend === 'local' && facts.storeProblem !== undefined
  if (builderOnly)
    log.push({
      level: 'info',
      text: `No local cache is exported or imported: ${facts.storeProblem} The persistent builder keeps the cache across jobs by itself; mount a volume for a copy that outlives the builder.`
    })
  if (inputs.freshBuild) log.push({ level: 'info', text: 'fresh-build: this build reads no cache and writes a new one' })
  return {
    images,
    backend: plan.backend,
    log,
    removals,
    prepare: builderOnly ? 'builder-only' : local ? 'local' : registryLookup ? 'registry-lookup' : 'entries',
    attachBuilder: attach,
    bake: inputs.bakeTargets.length > 0
  }
}

/** What decides whether a build on the persistent builder exports the store's copy of its scope. */
export interface StoreCopyFacts {
  /** How main got the persistent builder; undefined when none is attached (the job's own builder needs the store). */
  builder?: 'attached' | 'created' | 'recreated'
  freshBuild: boolean
  /** The scope this build writes; undefined for a read-only job. */
  writeTag?: string
  /** The store holds writeTag (its snapshot found an entry for it). */
  inStore: boolean
  /** When an export last made the store's copy of writeTag current (`.meta/exported.json`); undefined when unknown. */
  exportedAtMs?: number
  nowMs: number
  /** store-refresh; 0 exports every build. */
  refreshMs: number
}

export type StoreCopy = { export: true } | { export: false; reason: string }

/**
 * Whether this build exports the local store's copy of its scope. A
 * re-attached persistent builder usually holds the cache, so an export on
 * every build only costs the build its time (1.4-1.7x the floor measured);
 * the copy is the durable one a recreated builder starts from, so it is
 * refreshed once it is store-refresh old. A new builder starts from the
 * store, so it imports and exports; so does fresh-build, a scope the store
 * lacks, and any copy whose age is unknown (or in the future: another clock).
 * Whether a kept copy is still imported is keptCopyImport's to say.
 */
export function storeCopyDecision(facts: StoreCopyFacts): StoreCopy {
  const { builder, writeTag, exportedAtMs, nowMs, refreshMs } = facts
  if (builder !== 'attached' || facts.freshBuild || !writeTag || !facts.inStore || refreshMs === 0) return { export: true }
  if (exportedAtMs === undefined || exportedAtMs > nowMs || nowMs - exportedAtMs >= refreshMs) return { export: true }
  return {
    export: false,
    reason: `The store's copy of scope ${writeTag} was exported ${formatDuration(nowMs - exportedAtMs)} ago, within store-refresh (${formatDuration(refreshMs)}): this build on the persistent builder does not export it`
  }
}

/** A builder whose whole cache is below this share of a kept copy's bytes cannot be holding that scope. */
const LOST_CACHE_SHARE = 0.5

/**
 * Whether a build whose store copy is kept (storeCopyDecision) still imports
 * it. A builder that holds the cache gains nothing from the import, which
 * costs the build more the more steps it has (measured: 1.1x the floor for 4
 * steps, 2.3x for 42), so the copy is imported only when the builder lost the
 * cache: its whole cache, as BuildKit totals it, below half of what the
 * store's copy of the scope holds (its GC, `docker buildx prune` in a
 * workflow step, `reset --builder`). A fresh-build, which refills the builder
 * with its own scope, dates the copies stale instead (main.ts). Unmeasured:
 * imported, so a build never goes cold on a guess.
 */
export function keptCopyImport(builder: string, builderBytes: number | undefined, copyBytes: number | undefined): { import: boolean; reason: string } {
  if (builderBytes === undefined || copyBytes === undefined) {
    const what = builderBytes === undefined ? `the cache of builder ${builder}` : "the store's copy"
    return { import: true, reason: `${what} could not be measured, so the build imports the copy` }
  }
  const sizes = `builder ${builder} holds ${formatBytes(builderBytes)}, the copy ${formatBytes(copyBytes)}`
  if (builderBytes < copyBytes * LOST_CACHE_SHARE) return { import: true, reason: `${sizes}: the builder lost the cache, so the build imports the copy` }
  return { import: false, reason: `${sizes}: the builder holds the cache, so the copy is not imported either` }
}

/** A kept store copy that is not imported: the image's local entries go, any other tier's (local+registry) stay. */
export function withoutLocalEntries(entries: CacheEntries): CacheEntries {
  const remote = (entry: string) => !entry.startsWith('type=local,')
  return { cacheFrom: entries.cacheFrom.filter(remote), cacheTo: entries.cacheTo.filter(remote) }
}

/** A kept store copy that is imported: only the image's local cache-to goes. */
export function withoutLocalExport(entries: CacheEntries): CacheEntries {
  return { cacheFrom: entries.cacheFrom, cacheTo: entries.cacheTo.filter((entry) => !entry.startsWith('type=local,')) }
}

/** The cache entries of one image the job builds, and the scope its build will import first ('' when cold or unknown). */
export interface PreparedImage {
  target?: string
  entries: CacheEntries
  restoredTag: string
  /** Where restoredTag was found. */
  restoredTier?: 'local' | 'registry'
}

export interface MainResult {
  images: PreparedImage[]
  cacheDir: string
  bakeFile?: string
  builder?: string
  buildersPruned: number
  /** Rows the deletions of ended scopes add to the report. */
  removalRows: Array<[string, string]>
  /** The registry was asked which scope exists (restored-scope is then its answer). */
  registryAsked: boolean
}

const NONE: CacheEntries = { cacheFrom: [], cacheTo: [] }

/** fresh-build: nothing is imported (and nothing counts as restored); the export still replaces the scope. */
export function freshImages(images: PreparedImage[]): PreparedImage[] {
  return images.map((image) => ({ ...image, entries: { ...image.entries, cacheFrom: [] }, restoredTag: '', restoredTier: undefined }))
}

/** Every output, from the plan and what preparing it found. */
export function mainOutputs(plan: MainPlan, result: MainResult): MainOutputs {
  // A bake job's entries are in the bake file; the plain outputs then stay empty, so no build writes an unprefixed scope.
  const plain = plan.bake ? { entries: NONE } : result.images[0]
  const restored = result.images.map((image) => image.restoredTag).filter(Boolean)
  return {
    'cache-from': plain.entries.cacheFrom.join('\n'),
    'cache-to': plain.entries.cacheTo.join('\n'),
    'cache-dir': result.cacheDir,
    // A bake job writes one scope per target: one a line.
    scope: plan.images
      .map(({ plan: image }) => image.scopes.write ?? '')
      .filter(Boolean)
      .join('\n'),
    'restored-scope': restored.join('\n'),
    'restored-tier': [...new Set(result.images.flatMap((image) => (image.restoredTag && image.restoredTier ? [image.restoredTier] : [])))].join('\n'),
    'cache-hit': String(restored.length > 0),
    'builders-pruned': String(result.buildersPruned),
    builder: result.builder ?? '',
    'bake-file': result.bakeFile ?? ''
  }
}

/** Main's table for the log and the step summary. */
export function mainReport(plan: MainPlan, result: MainResult): Array<[string, string]> {
  const remote = plan.prepare !== 'local' && plan.prepare !== 'builder-only'
  const restoredOf = (image: PreparedImage) => (remote && !result.registryAsked ? 'decided by the backend at build time' : image.restoredTag || '(cold)')
  if (plan.bake) {
    return [
      ['backend', plan.backend],
      ...plan.images.map(({ target, plan: image }, i): [string, string] => [
        `target ${target}`,
        `writes ${image.writeTag ?? '(read-only)'}; restored ${restoredOf(result.images[i])}`
      ]),
      ['bake-file', result.bakeFile ?? ''],
      ...result.removalRows
    ]
  }
  const { plan: image } = plan.images[0]
  const { entries } = result.images[0]
  return [
    ['backend', plan.backend],
    ['scope', image.writeTag ?? `${image.scopes.write || '(none)'} (read-only)`],
    ['restored', restoredOf(result.images[0])],
    ['cache-from', `${entries.cacheFrom.length} entries`],
    ['cache-to', `${entries.cacheTo.length} entries`],
    ...result.removalRows
  ]
}
