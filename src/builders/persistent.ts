import { createHash } from 'node:crypto'
import { BUILDKIT_DEFAULTS, type DiskSpace } from '../config/disk-space.js'

/**
 * The persistent builder's pure decisions: its name, the docker/buildx argv
 * that make, check, bound and remove it, and what their output says. Its
 * record, and which recorded builders have gone unused, are in
 * builder-record.ts; the check of buildx's own record in buildx-record.ts.
 * The I/O lives in persistent-io.ts.
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

/**
 * `--buildkitd-config` is the name both buildx 0.13 and 0.29 take (0.13's
 * `--config` is its deprecated alias). `use` (`--use`): make it the job's
 * current builder in the same call, so no `buildx use` is needed after it
 * (never on a runner host's own configuration, where `reset` runs).
 */
export function createArgs(name: string, driverOpts: readonly string[], configFile?: string, use = true): string[] {
  const flags = [...driverOpts.flatMap((opt) => ['--driver-opt', opt]), ...(configFile ? ['--buildkitd-config', configFile] : []), ...(use ? ['--use'] : [])]
  return ['buildx', 'create', '--name', name, '--driver', 'docker-container', ...flags]
}

/** The folder buildx keeps its records in for this job: `$BUILDX_CONFIG`, else `$DOCKER_CONFIG/buildx`, else `~/.docker/buildx`. */
export function buildxConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.BUILDX_CONFIG || `${env.DOCKER_CONFIG || `${home}/.docker`}/buildx`
}

/** The endpoint buildx keys its current builder by, when this job's Docker is the default one; undefined when a context decides. */
export function defaultEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DOCKER_CONTEXT) return undefined
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock'
}

/**
 * Whether buildx's `current` file already makes `name` the current builder of
 * this job's Docker endpoint (`{"Key":"unix:///var/run/docker.sock","Name":…}`), or of every one (`Global`):
 * then `buildx use` would change nothing. Anything else, unreadable or another
 * endpoint included, says no, and `buildx use` runs.
 */
export function isCurrentBuilder(currentFile: string | undefined, name: string, endpoint: string | undefined): boolean {
  if (currentFile === undefined) return false
  try {
    const current = JSON.parse(currentFile) as { Key?: unknown; Name?: unknown; Global?: unknown }
    return current.Name === name && (current.Global === true || (endpoint !== undefined && current.Key === endpoint))
  } catch {
    return false
  }
}

/** Makes the builder the job's current one, as setup-buildx-action's `use: true` does: a build without `--builder` lands on it. */
export function useArgs(name: string): string[] {
  return ['buildx', 'use', name]
}

/** A fresh build: this repository's builder forgets its whole cache, cache mounts included (never another builder's). */
export function clearCacheArgs(name: string): string[] {
  return ['buildx', 'prune', '--builder', name, '--all', '--force']
}

/**
 * The GC policy the builder is made with: one policy over every record
 * (`all = true`; BuildKit 0.31+'s defaults drop cache mounts, local sources
 * and git checkouts 48 h after they pass 512 MB, whatever the budget), kept by
 * least recent use within builder-max-size (`maxUsedSpace`) while Docker's disk
 * has host-min-free free (`minFreeSpace`: past it BuildKit 0.17+ prunes on its
 * own, keeping min(maxUsedSpace, total - missing free space), never less than
 * `reservedSpace`). `keepBytes` is the one size BuildKit < 0.17 reads (it
 * ignores the rest). 0.17+ takes `keepBytes` as `reservedSpace` when that is
 * unset: a reserve GC never prunes below, which would void the floor. So
 * `reservedSpace` is set apart, to BuildKit's own default share (gcReserveBytes).
 */
export function gcConfig(maxBytes: number, minFree?: DiskSpace): string {
  const bytes = Math.floor(maxBytes)
  const policy = { all: true, keepBytes: bytes, reservedSpace: gcReserveBytes(bytes), maxUsedSpace: bytes, minFreeSpace: minFreeSpaceValue(minFree) }
  return [
    '# Written by buildkit-cache-keeper: the builder keeps its cache (cache mounts included) within builder-max-size, and host-min-free free on its disk.',
    '[worker.oci]',
    '  gc = true',
    `  gckeepstorage = ${bytes}`,
    '',
    '[[worker.oci.gcpolicy]]',
    ...Object.entries(policy).map(([key, value]) => `  ${key} = ${value}`),
    ''
  ].join('\n')
}

/** What GC never prunes the builder below, floor or not: BuildKit's default reserve, 10% (of the budget here), at most 10 GB; never 0 (a keep of 0 prunes all). */
export function gcReserveBytes(maxBytes: number): number {
  return Math.max(1, Math.min(Math.floor((maxBytes * BUILDKIT_DEFAULTS.reservePercent) / 100), BUILDKIT_DEFAULTS.reserveBytes))
}

/** minFreeSpace as BuildKit's DiskSpace parses it: bytes as an integer, a share as "N%" with N whole (rounded up: never less free than asked). */
export function minFreeSpaceValue(minFree: DiskSpace | undefined): string {
  const floor = minFree ?? { percent: BUILDKIT_DEFAULTS.minFreePercent }
  return 'bytes' in floor ? String(Math.floor(floor.bytes)) : `"${Math.ceil(floor.percent)}%"`
}

export type BuilderConfig = { text: string; gc: 'added' | 'theirs' }

/**
 * The buildkitd.toml the builder is made with: the user's own (the
 * buildkitd-config input, or buildx's `buildkitd.default.toml`, which an
 * explicit `--buildkitd-config` would otherwise replace) with the GC policy
 * appended. A config that sets any worker section keeps its own GC: TOML
 * forbids a second `[worker.oci]`, and the user's policy is theirs to choose.
 */
export function builderConfig(base: string | undefined, maxBytes: number, minFree?: DiskSpace): BuilderConfig {
  const own = base?.trim() ?? ''
  if (/^\s*\[+\s*worker[.\]]/m.test(own)) return { text: own + '\n', gc: 'theirs' }
  return { text: (own ? own + '\n\n' : '') + gcConfig(maxBytes, minFree), gc: 'added' }
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

export function isBudgetFlag(value: unknown): value is BudgetFlag {
  return value === '--keep-storage' || value === '--reserved-space'
}

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

/** buildx's `current` file as `create --use` writes it for this endpoint. */
export function currentFileFor(name: string, endpoint: string): string {
  return JSON.stringify({ Key: endpoint, Name: name, Global: false })
}

/** Lists every node container of this action's builders (stopped ones too); `builderOfNode` keeps only exact names. */
export function nodeListArgs(): string[] {
  return ['ps', '-a', '--filter', 'name=^buildx_buildkit_cachekeeper-', '--format', '{{.Names}}']
}

/** The builder whose node container this is, or undefined for anything else (docker's name filter matches substrings). */
export function builderOfNode(container: string): string | undefined {
  const match = /^buildx_buildkit_(.+)0$/.exec(container.trim())
  return match && isPersistentBuilder(match[1]) ? match[1] : undefined
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

/** buildx 0.29 lists build records as JSON lines; buildx 0.13 has no `history` command (post then reports nothing). */
export function historyArgs(name: string): string[] {
  return ['buildx', 'history', 'ls', '--builder', name, '--format', 'json']
}

export interface BuildSteps {
  name: string
  cached: number
  total: number
}

/** The builds recorded since `sinceMs` (this job's), oldest first; lines that are not records are skipped, never guessed. */
export function parseHistory(stdout: string, sinceMs: number): BuildSteps[] {
  const builds: Array<BuildSteps & { at: number }> = []
  for (const line of stdout.split('\n')) {
    try {
      const record = JSON.parse(line) as { name?: unknown; created_at?: unknown; cached_steps?: unknown; total_steps?: unknown }
      const at = Date.parse(String(record.created_at))
      if (!Number.isFinite(at) || at < sinceMs || typeof record.cached_steps !== 'number' || typeof record.total_steps !== 'number') continue
      builds.push({ name: typeof record.name === 'string' ? record.name : '', cached: record.cached_steps, total: record.total_steps, at })
    } catch {
      continue
    }
  }
  return builds.sort((a, b) => a.at - b.at).map(({ name, cached, total }) => ({ name, cached, total }))
}
