import { createHash } from 'node:crypto'

/**
 * buildx's record of the persistent builder, and the check a kept copy passes
 * before it is written back in place of a `buildx create`. Pure: the I/O that
 * reads and writes it lives in buildx-config.ts.
 */

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
