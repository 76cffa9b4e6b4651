import { createHash } from 'node:crypto'

/**
 * The persistent builder's pure decisions: its name, the docker/buildx argv
 * that make, check, bound and remove it, and which recorded builders have
 * gone unused. The I/O lives in persistent-io.ts.
 *
 * The name is `cachekeeper-<repo>`: one builder per repository (a shared
 * BuildKit lets one repository's build poison another's cache), never
 * setup-buildx's generated `builder-<uuid>` (pruning would take it), and a
 * prefix that marks what this action made, so only those are ever removed.
 */
const PREFIX = 'cachekeeper-'
export const PERSISTENT_BUILDER = /^cachekeeper-[a-z0-9][a-z0-9_-]{0,62}$/
// Docker allows longer container names; this keeps `buildx_buildkit_<name>0_state` readable in `docker ps`.
const MAX_REPO_PART = 40

/** The builder name for a repo-name: lowercase, buildx-valid; a changed or shortened name gets a hash so two repos never share one. */
export function persistentBuilderName(repoName: string): string {
  const cleaned = repoName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
  const exact = cleaned === repoName && cleaned.length > 0 && cleaned.length <= MAX_REPO_PART
  if (exact) return PREFIX + cleaned
  const hash = createHash('sha256').update(repoName).digest('hex').slice(0, 8)
  const head = cleaned.slice(0, MAX_REPO_PART - 9).replace(/[-_]+$/, '')
  return PREFIX + (head ? `${head}-${hash}` : hash)
}

export function isPersistentBuilder(name: string): boolean {
  return PERSISTENT_BUILDER.test(name)
}

/** buildx runs node 0 of builder N as container `buildx_buildkit_N0`, its state in volume `buildx_buildkit_N0_state`. */
export function builderContainer(name: string): string {
  return `buildx_buildkit_${name}0`
}

export function builderStateVolume(name: string): string {
  return `${builderContainer(name)}_state`
}

export function createArgs(name: string, driverOpts: readonly string[]): string[] {
  return ['buildx', 'create', '--name', name, '--driver', 'docker-container', ...driverOpts.flatMap((opt) => ['--driver-opt', opt])]
}

/** With bootstrap, buildx starts the node (creating its container when gone) and waits until BuildKit answers. */
export function inspectArgs(name: string, bootstrap: boolean): string[] {
  return ['buildx', 'inspect', ...(bootstrap ? ['--bootstrap'] : []), name]
}

/** Removes buildx's record, the container and its state. */
export function rmArgs(name: string): string[] {
  return ['buildx', 'rm', name]
}

/**
 * The cache budget's flag. Old buildx calls it `--keep-storage`; buildx 0.17+
 * hides that name and offers `--reserved-space` and `--max-used-space`. Both
 * `--keep-storage` and `--reserved-space` travel in the same field of the
 * prune request, which every BuildKit reads as "prune down to this"
 * (BuildKit >= 0.17 maps keep-storage to reserved space itself).
 * `--max-used-space` is a field BuildKit < 0.17 does not know: such a builder
 * would see a prune without a cap and drop its whole cache.
 */
export type BudgetFlag = '--keep-storage' | '--reserved-space'

/** Reads the flag from `docker buildx prune --help`: newer buildx hides the old name, older lacks the new one. */
export function budgetFlag(pruneHelp: string): BudgetFlag {
  return /--reserved-space\b/.test(pruneHelp) ? '--reserved-space' : '--keep-storage'
}

/** Prunes the builder's least recently used cache (internal records too) until it fits in `bytes`. */
export function pruneArgs(name: string, bytes: number, flag: BudgetFlag): string[] {
  return ['buildx', 'prune', '--builder', name, '--force', '--all', flag, String(Math.floor(bytes))]
}

/** The builder's disk usage: `docker buildx du` (every buildx version prints the same table). */
export function duArgs(name: string): string[] {
  return ['buildx', 'du', '--builder', name]
}

const DU_UNITS: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 }

/** Bytes in du's `Total:` line (decimal units, as docker prints them); undefined when there is none. */
export function parseDuTotal(stdout: string): number | undefined {
  const match = /^Total:\s*(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|TB)\s*$/m.exec(stdout)
  return match ? Math.round(Number(match[1]) * DU_UNITS[match[2]]) : undefined
}

export interface InspectResult {
  driver?: string
  /** Node status: running, inactive, stopped, error... */
  status?: string
  buildkit?: string
}

/** The fields of `docker buildx inspect` that matter here (buildx 0.13 says "Buildkit:", later ones "BuildKit version:"). */
export function parseInspect(stdout: string): InspectResult {
  const field = (pattern: RegExp) => pattern.exec(stdout)?.[1]?.trim()
  return {
    driver: field(/^Driver:\s*(\S+)/m),
    status: field(/^Status:\s*(\S+)/m),
    buildkit: field(/^(?:Buildkit|BuildKit version):\s*(\S+)/m)
  }
}

/** What pre needs to retire a builder nobody has used for a while; kept in `<volume-path>/.builders/<name>.json`. */
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
      (value.budgetFlag === undefined || value.budgetFlag === '--keep-storage' || value.budgetFlag === '--reserved-space')
    return ok ? (value as BuilderRecord) : undefined
  } catch {
    return undefined
  }
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

/** Whether the builder's node container runs: `docker container inspect` prints `true` or `false`; a missing container fails. */
export function runningArgs(name: string): string[] {
  return ['container', 'inspect', '--format', '{{.State.Running}}', builderContainer(name)]
}

/**
 * A bootstrap that lost the race to create the node container: another job
 * (one that does not share the lock, e.g. without the shared volume) made it
 * meanwhile. Docker says `Conflict. The container name "/..." is already in use`.
 */
export function isNameConflict(error: string): boolean {
  return /container name .* is already in use/i.test(error)
}

/** The first BuildKit that verifies blob contents against their digest before caching them, and keeps jobs' registry credentials apart. */
export const SAFE_BUILDKIT = 'v0.33.1'

/** [major, minor, patch, release]: release 0 for a pre-release (`v0.33.1-rc1` comes before `v0.33.1`). */
function parseVersion(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(-)?/.exec(version.trim())
  return match ? [...match.slice(1, 4).map(Number), match[4] ? 0 : 1] : undefined
}

/**
 * A warning for a persistent builder running a BuildKit older than v0.33.1;
 * undefined for newer ones and for versions that cannot be read (a stand-in,
 * a custom build). Every job of the repository shares this BuildKit, so what
 * those releases fixed matters more here than on a builder thrown away per job.
 */
export function buildkitWarning(version: string | undefined): string | undefined {
  const found = version ? parseVersion(version) : undefined
  if (!found) return undefined
  const floor = parseVersion(SAFE_BUILDKIT) as number[]
  const differs = found.findIndex((part, i) => part !== floor[i])
  if (differs === -1 || found[differs] > floor[differs]) return undefined
  return (
    `The persistent builder runs BuildKit ${version}, older than ${SAFE_BUILDKIT}: ` +
    `${SAFE_BUILDKIT} verifies blob contents against their digest before caching them (GHSA-p3rc-w3hc-pqvv, it protects shared caches), ` +
    `and since v0.33 concurrent jobs on one builder no longer read the registry cache with another job's credentials (moby/buildkit#7047). ` +
    `Use a newer image (builder-driver-opts: image=...moby/buildkit:${SAFE_BUILDKIT} or later); it applies when the builder is next made (remove its container, or wait for max-age).`
  )
}
