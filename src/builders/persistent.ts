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

/**
 * `--buildkitd-config` is the name both buildx 0.13 and 0.29 take (0.13's
 * `--config` is its deprecated alias). `--use` makes the builder current in the
 * same call, so a job that makes buildx's record needs no `buildx use` after it.
 */
/** `use`: make it the current builder too (the job's; never on a runner host's own configuration, where `reset` runs). */
export function createArgs(name: string, driverOpts: readonly string[], configFile?: string, use = true): string[] {
  return [
    'buildx',
    'create',
    '--name',
    name,
    '--driver',
    'docker-container',
    ...driverOpts.flatMap((opt) => ['--driver-opt', opt]),
    ...(configFile ? ['--buildkitd-config', configFile] : []),
    ...(use ? ['--use'] : [])
  ]
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
 * The GC policy the builder is made with. BuildKit 0.31+ otherwise keeps
 * cache mounts, local sources and git checkouts only 48 h once they pass
 * 512 MB, whatever the builder's budget; one policy over every record
 * (`all = true`) replaces those defaults, so the whole cache, cache mounts
 * included, is kept by least recent use within builder-max-size, for as long
 * as it fits. `keepBytes` is the key every BuildKit reads (0.17+ takes it as
 * `reservedSpace`, its newer name, which older ones would not know: a policy
 * without a size there would drop the whole cache at each GC).
 */
export function gcConfig(maxBytes: number): string {
  const bytes = Math.floor(maxBytes)
  return [
    '# Written by buildkit-cache-keeper: the builder keeps its cache (cache mounts included) within builder-max-size.',
    '[worker.oci]',
    '  gc = true',
    `  gckeepstorage = ${bytes}`,
    '',
    '[[worker.oci.gcpolicy]]',
    '  all = true',
    `  keepBytes = ${bytes}`,
    ''
  ].join('\n')
}

export type BuilderConfig = { text: string; gc: 'added' | 'theirs' }

/**
 * The buildkitd.toml the builder is made with: the user's own (the
 * buildkitd-config input, or buildx's `buildkitd.default.toml`, which an
 * explicit `--buildkitd-config` would otherwise replace) with the GC policy
 * appended. A config that sets any worker section keeps its own GC: TOML
 * forbids a second `[worker.oci]`, and the user's policy is theirs to choose.
 */
export function builderConfig(base: string | undefined, maxBytes: number): BuilderConfig {
  const own = base?.trim() ?? ''
  if (/^\s*\[+\s*worker[.\]]/m.test(own)) return { text: own + '\n', gc: 'theirs' }
  return { text: (own ? own + '\n\n' : '') + gcConfig(maxBytes), gc: 'added' }
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

/**
 * buildx's record of a builder (`instances/<name>`: one JSON form from buildx
 * 0.13 to 0.36), kept from the job whose `buildx create` made the builder.
 * A job from a new buildx configuration writes it back instead of running
 * create (~0.2 s), but only when it is what create would make from that job's
 * inputs (restorableInstance): `madeWith` says which inputs the create was
 * given, the JSON itself is checked too, since anyone who can write where it
 * is kept can write both.
 */
export interface BuildxInstance {
  json: string
  madeWith: string
}

/** What a create is given that its record keeps: the driver-opts and the buildkitd.toml. */
export function createDigest(driverOpts: readonly string[], buildkitdConfig: string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([driverOpts, buildkitdConfig ?? '']))
    .digest('hex')
}

/** What this job gives `buildx create` (name, endpoint, builder-driver-opts, the buildkitd.toml of builderConfig): all a restored record may hold. */
export interface CreateInputs {
  name: string
  endpoint: string
  driverOpts: readonly string[]
  buildkitdConfig: string | undefined
}

/** A kept record of buildx's to write back, or why it is not this job's to write (then `buildx create` runs from the inputs). */
export type Restorable = { ok: true; json: string } | { ok: false; reason: string }

/**
 * The one check every write-back of buildx's record passes, whether the record
 * was kept on the shared volume or in the node container: anyone who can write
 * either could otherwise plant a builder made from their image or config for
 * another repository. The record must be exactly what `buildx create` makes
 * from this job's inputs: this builder's name and node, the docker-container
 * driver, this job's endpoint, builder-driver-opts as buildx parses them, no
 * buildkitd flag but the one buildx adds itself, and this job's buildkitd.toml
 * (buildx rewrites it, so it is compared setting by setting: tomlEntries).
 * Fields buildx does not write from these inputs (platforms, more nodes, a
 * dynamic group, fields of other versions) refuse it too: refusing costs one create.
 */
export function restorableInstance(instance: BuildxInstance | undefined, wanted: CreateInputs): Restorable {
  if (!instance) return { ok: false, reason: 'none kept' }
  if (instance.madeWith !== createDigest(wanted.driverOpts, wanted.buildkitdConfig))
    return { ok: false, reason: 'made with other driver-opts or buildkitd.toml' }
  let value: unknown
  try {
    value = JSON.parse(instance.json)
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  const reason = groupMismatch(value, wanted)
  return reason ? { ok: false, reason } : { ok: true, json: instance.json }
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const onlyKeys = (value: Json, allowed: readonly string[]) => Object.keys(value).every((key) => allowed.includes(key))
/** buildx writes an empty list or map as null; either is "none". */
const isEmpty = (value: unknown) =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0)

/** buildx's NodeGroup: this builder, docker-container, one node. */
function groupMismatch(group: unknown, wanted: CreateInputs): string | undefined {
  if (!isObject(group) || !onlyKeys(group, ['Name', 'Driver', 'Nodes', 'Dynamic'])) return 'not a builder record of buildx'
  if (group.Name !== wanted.name) return `it names builder ${JSON.stringify(group.Name)}`
  if (group.Driver !== 'docker-container') return `driver ${JSON.stringify(group.Driver)}`
  if (group.Dynamic !== undefined && group.Dynamic !== false) return 'a dynamic builder'
  if (!Array.isArray(group.Nodes) || group.Nodes.length !== 1) return 'not exactly one node'
  return nodeMismatch(group.Nodes[0], wanted)
}

// buildx 0.13+ adds this flag itself to a docker-container builder unless the config grants it; the action passes none.
const BUILDX_OWN_FLAGS = ['--allow-insecure-entitlement=network.host']

/** buildx's Node: its name, endpoint, driver-opts, flags and files, each as create makes them from the inputs. */
function nodeMismatch(node: unknown, wanted: CreateInputs): string | undefined {
  if (!isObject(node) || !onlyKeys(node, ['Name', 'Endpoint', 'Platforms', 'DriverOpts', 'Flags', 'Files'])) return 'not a node of buildx'
  if (node.Name !== `${wanted.name}0`) return `node ${JSON.stringify(node.Name)}`
  if (node.Endpoint !== wanted.endpoint) return `endpoint ${JSON.stringify(node.Endpoint)}`
  if (!isEmpty(node.Platforms)) return 'platforms the action never sets'
  const driverOpts = driverOptsMap(wanted.driverOpts)
  if (!driverOpts || !sameMap(node.DriverOpts, driverOpts)) return 'driver-opts other than builder-driver-opts'
  const flags = node.Flags
  const ownFlags =
    isEmpty(flags) || (Array.isArray(flags) && flags.length === BUILDX_OWN_FLAGS.length && flags.every((flag, i) => flag === BUILDX_OWN_FLAGS[i]))
  if (!ownFlags) return 'buildkitd flags the action never sets'
  return filesMismatch(node.Files, wanted.buildkitdConfig)
}

/** buildx keeps the buildkitd.toml (base64, rewritten by go-toml) in Files; with no config, none. */
function filesMismatch(files: unknown, config: string | undefined): string | undefined {
  if (config === undefined) return isEmpty(files) ? undefined : 'files though no buildkitd.toml is given'
  if (!isObject(files) || !onlyKeys(files, ['buildkitd.toml']) || typeof files['buildkitd.toml'] !== 'string') return 'files other than one buildkitd.toml'
  const kept = tomlEntries(Buffer.from(files['buildkitd.toml'], 'base64').toString('utf8'))
  const given = tomlEntries(config)
  const same = kept !== undefined && given !== undefined && kept.length === given.length && kept.every((entry, i) => entry === given[i])
  return same ? undefined : 'another buildkitd.toml'
}

function sameMap(recorded: unknown, wanted: Record<string, string>): boolean {
  if (isEmpty(recorded)) return Object.keys(wanted).length === 0
  if (!isObject(recorded)) return false
  const keys = Object.keys(recorded)
  return keys.length === Object.keys(wanted).length && keys.every((key) => Object.hasOwn(wanted, key) && recorded[key] === wanted[key])
}

/**
 * builder-driver-opts as buildx stores them: each option is CSV, each field
 * `key=value`, a later key wins. Undefined for a quoted option, whose CSV this
 * does not parse: its record is then never written back.
 */
export function driverOptsMap(driverOpts: readonly string[]): Record<string, string> | undefined {
  const map: Record<string, string> = {}
  for (const opt of driverOpts) {
    if (opt.includes('"')) return undefined
    for (const field of opt.split(',')) {
      const at = field.indexOf('=')
      if (at <= 0) return undefined
      map[field.slice(0, at)] = field.slice(at + 1)
    }
  }
  return map
}

/**
 * The settings of a buildkitd.toml, one sorted `["table","key"]=value` line
 * each, so that the file buildx keeps (go-toml rewrites it: parent tables
 * added, comments dropped, keys sorted, strings double-quoted) compares equal
 * to the one it was made from. Only the plain TOML buildkitd configs use is
 * read (tables, arrays of tables, booleans, integers, strings without escapes,
 * one-line arrays of those); anything else gives undefined, and a record whose
 * config cannot be compared is not written back. Each `[[table]]` counts as a
 * setting: an empty GC policy added is a change.
 */
export function tomlEntries(text: string): string[] | undefined {
  if (text.includes('\\')) return undefined
  const entries: string[] = []
  const arrays = new Map<string, number>()
  let table: Array<string | number> = []
  for (const raw of text.split('\n')) {
    const line = withoutComment(raw)
    if (line === undefined) return undefined
    if (line === '') continue
    const header = /^(\[\[?)(.*?)(\]\]?)$/.exec(line)
    const pair = header ? undefined : /^((?:[^="']|"[^"]*"|'[^']*')+?)=(.*)$/.exec(line)
    if (header) {
      const parts = keyPath(header[2])
      const isArray = header[1] === '[['
      if (!parts || isArray !== (header[3] === ']]')) return undefined
      table = tablePath(parts, arrays, isArray)
      if (isArray) entries.push(JSON.stringify(table))
      continue
    }
    const key = pair ? keyPath(pair[1]) : undefined
    const value = pair ? tomlValue(pair[2]) : undefined
    if (!key || value === undefined) return undefined
    entries.push(`${JSON.stringify([...table, ...key])}=${value}`)
  }
  return entries.sort()
}

/** A line without its comment; undefined when a quote stays open (a multi-line string, not read here). */
function withoutComment(line: string): string | undefined {
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote) {
      if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") quote = c
    else if (c === '#') return line.slice(0, i).trim()
  }
  return quote ? undefined : line.trim()
}

/** A dotted key (`registry."127.0.0.1:5000"`) as its parts, quotes removed; undefined when it is not one. */
function keyPath(text: string): string[] | undefined {
  const part = /\s*(?:([A-Za-z0-9_-]+)|"([^"]*)"|'([^']*)')\s*(\.|$)/y
  const parts: string[] = []
  let match: RegExpExecArray | null
  while (part.lastIndex < text.length && (match = part.exec(text))) {
    parts.push(match[1] ?? match[2] ?? match[3])
    if (match[4] === '.' && part.lastIndex === text.length) return undefined
  }
  return parts.length > 0 && part.lastIndex === text.length ? parts : undefined
}

/** A table's path, each array of tables followed by the index of its element (`[[a]]` twice: a#0, a#1; `[a.b]` then belongs to a#1). */
function tablePath(parts: readonly string[], arrays: Map<string, number>, isArray: boolean): Array<string | number> {
  const path: Array<string | number> = []
  parts.forEach((part, i) => {
    path.push(part)
    const key = JSON.stringify(path)
    if (isArray && i === parts.length - 1) arrays.set(key, (arrays.get(key) ?? -1) + 1)
    const index = arrays.get(key)
    if (index !== undefined) path.push(index)
  })
  return path
}

/** A value in one spelling: true/false, an integer, a string as JSON, a one-line array of those; undefined for anything else. */
function tomlValue(text: string): string | undefined {
  const value = text.trim()
  if (/^(?:true|false)$/.test(value)) return value
  if (/^[+-]?\d+$/.test(value)) return BigInt(value).toString()
  const quoted = /^"([^"]*)"$/.exec(value) ?? /^'([^']*)'$/.exec(value)
  if (quoted) return JSON.stringify(quoted[1])
  if (!value.startsWith('[') || !value.endsWith(']')) return undefined
  const inner = value.slice(1, -1).trim().replace(/,$/, '')
  if (inner === '') return '[]'
  const items = inner.split(',').map((item) => (item.trim().startsWith('[') ? undefined : tomlValue(item)))
  return items.every((item) => item !== undefined) ? `[${items.join(',')}]` : undefined
}

/** buildx's `current` file as `create --use` writes it for this endpoint. */
export function currentFileFor(name: string, endpoint: string): string {
  return JSON.stringify({ Key: endpoint, Name: name, Global: false })
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

/** Lists every node container of this action's builders (stopped ones too); `builderOfNode` keeps only exact names. */
export function nodeListArgs(): string[] {
  return ['ps', '-a', '--filter', 'name=^buildx_buildkit_cachekeeper-', '--format', '{{.Names}}']
}

/** The builder whose node container this is, or undefined for anything else (docker's name filter matches substrings). */
export function builderOfNode(container: string): string | undefined {
  const match = /^buildx_buildkit_(.+)0$/.exec(container.trim())
  return match && isPersistentBuilder(match[1]) ? match[1] : undefined
}

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
