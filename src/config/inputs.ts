import path from 'node:path'
import { cacheOptions } from './cache-options.js'
import { parseDiskSpace, type DiskSpace } from './disk-space.js'
import { InputError } from './input-error.js'
import { validMetricsFile } from './metrics-path.js'
import { INPUT_DEFAULTS, type InputName } from './names.js'
import { REPO_NAME, repoNameFromRepository } from './repo-name.js'
import { parseDuration, parseSize } from './units.js'

export { InputError }

export const CACHE_MODES = ['local', 'registry', 'local+registry', 'gha', 'inline', 's3', 'off', 'auto'] as const
/** Modes that keep (part of) the cache in the image repository registry-ref names. */
export const REGISTRY_MODES: readonly CacheMode[] = ['registry', 'local+registry', 'inline']
export type CacheMode = (typeof CACHE_MODES)[number]
/** A cache-mode with `auto` resolved: what a job's cache really uses. */
export type Backend = Exclude<CacheMode, 'auto'>
export const EXPORT_MODES = ['max', 'min'] as const
export type ExportMode = (typeof EXPORT_MODES)[number]

/** Every input of action.yml, parsed and validated. Names mirror action.yml. */
export interface Inputs {
  cacheMode: CacheMode
  repoName: string
  volumePath: string
  scope?: string
  fallbackScopes?: string[]
  key?: string
  mode: ExportMode
  registryRef?: string
  /** Talk plain HTTP to the registry-ref host (loopback hosts always are, as Docker does). */
  registryInsecure: boolean
  cacheOptions: Array<[string, string]>
  ignoreError: boolean
  readOnly: boolean
  maxSize: number
  maxAge: number
  pruneBuilders: boolean
  builderMaxAge: number
  dryRun: boolean
  persistentBuilder: boolean
  /** Each a `key=value` passed to `docker buildx create` as one `--driver-opt`. */
  builderDriverOpts: string[]
  builderMaxSize: number
  /** A buildkitd.toml for the persistent builder, used instead of the GC policy the action writes; undefined for that policy. */
  buildkitdConfig?: string
  /** Read no cache, write a new one; with the persistent builder, clear its cache first. */
  freshBuild: boolean
  /** With the persistent builder and a persistent store: how old the store's copy of a scope may get before a build exports it again; 0 exports every build. */
  storeRefreshMs: number
  /** Jobs that can run a fork's code may attach the persistent builder and write the scope input's name. */
  trustPullRequests: boolean
  /** docker buildx bake targets, each with its own scopes; empty for a plain build. */
  bakeTargets: string[]
  /** Every store under volume-path and every persistent builder's cache together; undefined: BuildKit's default for the volume's disk. */
  hostMaxSize?: DiskSpace
  /** Free space kept on each disk the caches live on; undefined: BuildKit's default (20%). */
  hostMinFree?: DiskSpace
  /** A .prom file post rewrites with the host's metrics; undefined: none. */
  metricsFile?: string
}

/** Raw input text by action.yml name; a missing or empty value means "use the default". */
export type RawInputs = Partial<Record<InputName, string>>

export interface ParseResult {
  inputs: Inputs
  /** Inputs that were accepted but have no effect, or were adjusted; the caller warns. */
  warnings: string[]
}

const BOOLEAN_TRUE = ['true', 'True', 'TRUE']
const BOOLEAN_FALSE = ['false', 'False', 'FALSE']
// docker/distribution's reference grammar without tag or digest: optional host[:port], then lowercase path components.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const REGISTRY_REF = new RegExp(
  `^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`
)

function raw(values: RawInputs, name: InputName): string {
  return values[name]?.trim() || INPUT_DEFAULTS[name]
}

function oneOf<T extends string>(values: RawInputs, name: InputName, allowed: readonly T[]): T {
  const value = raw(values, name)
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, value, `allowed values are ${allowed.join(', ')}`)
  }
  return value as T
}

function boolean(values: RawInputs, name: InputName): boolean {
  const value = raw(values, name)
  if (BOOLEAN_TRUE.includes(value)) return true
  if (BOOLEAN_FALSE.includes(value)) return false
  throw new InputError(name, value, 'allowed values are true or false')
}

/** Bytes in a size; throws an InputError naming `input` (an action input, or a `--flag` of the command-line tool). */
export function validSize(value: string, input: string): number {
  const parsed = parseSize(value)
  if (parsed === undefined) {
    throw new InputError(input, value, 'a positive size with a unit is allowed, such as 500MiB, 10GiB or 20GB')
  }
  return parsed
}

/** Milliseconds in a duration; throws an InputError naming `input` (an action input, or a `--flag`). */
export function validDuration(value: string, input: string): number {
  const parsed = parseDuration(value)
  if (parsed === undefined) {
    throw new InputError(input, value, 'a positive duration with a unit (s, m, h, d, w) is allowed, such as 30m, 6h or 14d')
  }
  return parsed
}

function size(values: RawInputs, name: InputName): number {
  return validSize(raw(values, name), name)
}

function duration(values: RawInputs, name: InputName): number {
  return validDuration(raw(values, name), name)
}

/** A duration, or 0 (export every build). */
function storeRefresh(values: RawInputs): number {
  const value = raw(values, 'store-refresh')
  if (/^\s*0+\s*$/.test(value)) return 0
  const parsed = parseDuration(value)
  if (parsed === undefined)
    throw new InputError(
      'store-refresh',
      value,
      'a duration with a unit (s, m, h, d, w) such as 30m or 1h, or 0 to export the store copy on every build, is allowed'
    )
  return parsed
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

// buildx's own target name grammar (bake/bake.go, targetNamePattern); the length cap keeps a snapshot folder name short.
const BAKE_TARGET = /^[a-zA-Z0-9_-]{1,100}$/

function bakeTargets(values: RawInputs): string[] {
  const targets = list(values['bake-targets'])
  const seen = new Set<string>()
  for (const target of targets) {
    if (!BAKE_TARGET.test(target)) {
      throw new InputError('bake-targets', target, 'one bake target name per line, of letters, digits, _ or - (at most 100), is allowed')
    }
    if (seen.has(target)) throw new InputError('bake-targets', target, 'each target may be listed once')
    seen.add(target)
  }
  return targets
}

function volumePath(values: RawInputs): string {
  const value = raw(values, 'volume-path')
  const allowed = 'an absolute path below the root, without . or .. segments, commas, quotes or spaces, is allowed, such as /opt/buildx-cache'
  // The path ends up inside a comma-separated cache entry, so separators are refused rather than quoted.
  if (!path.isAbsolute(value) || /[,"'\s=]/.test(value) || value.split('/').some((part) => part === '..' || part === '.')) {
    throw new InputError('volume-path', value, allowed)
  }
  const normalized = path.normalize(value).replace(/\/+$/, '')
  if (normalized === '') throw new InputError('volume-path', value, allowed)
  return normalized
}

/** A store name: one path segment, so nothing named by it lies outside the volume. `input` names where it came from. */
export function validRepoName(value: string, input: string): string {
  if (!REPO_NAME.test(value) || value === '.' || value === '..') {
    throw new InputError(input, value, 'one path segment of letters, digits, ., _ or - (at most 100, not starting with . or -) is allowed')
  }
  return value
}

function repoName(values: RawInputs, repository: string | undefined): string {
  const given = values['repo-name']?.trim()
  if (given) return validRepoName(given, 'repo-name')
  const derived = repoNameFromRepository(repository)
  if (!derived) {
    throw new InputError('repo-name (from GITHUB_REPOSITORY)', repository ?? '', 'GITHUB_REPOSITORY must be owner/name; or set repo-name')
  }
  return derived
}

/** An image repository without tag or digest; throws an InputError naming `input` (the action input, or a `--flag`). */
export function validRegistryRef(value: string, input: string): string {
  if (!REGISTRY_REF.test(value)) {
    throw new InputError(input, value, 'an image repository without tag or digest is allowed, such as git.example.com/org/app-cache (lowercase path)')
  }
  return value
}

function registryRef(values: RawInputs): string | undefined {
  const value = values['registry-ref']?.trim()
  if (!value) return undefined
  return validRegistryRef(value, 'registry-ref')
}

// A driver option is buildx's `key=value` (image=, network=, env.NAME=, memory=, ...). It travels as
// one argv element, so only a missing key or a line break could make it mean something else.
const DRIVER_OPT = /^[A-Za-z][A-Za-z0-9._-]*=\S.*$/

function driverOpts(values: RawInputs): string[] {
  const opts = list(values['builder-driver-opts'])
  for (const opt of opts) {
    if (!DRIVER_OPT.test(opt)) {
      throw new InputError(
        'builder-driver-opts',
        opt,
        'one key=value per line is allowed, such as image=registry.example.com/moby/buildkit:v0.32.2 or network=host'
      )
    }
    if (opt.startsWith('name=')) throw new InputError('builder-driver-opts', opt, 'the builder name is set by the action itself')
  }
  return opts
}

/** Parses every input; throws an InputError naming the first bad one. */
export function parseInputs(values: RawInputs, env: { GITHUB_REPOSITORY?: string } = {}): ParseResult {
  const inputs = readInputs(values, env)
  return { inputs, warnings: crossChecks(inputs) }
}

/** Each input on its own, validated by name. */
function readInputs(values: RawInputs, env: { GITHUB_REPOSITORY?: string }): Inputs {
  return {
    cacheMode: oneOf(values, 'cache-mode', CACHE_MODES),
    repoName: repoName(values, env.GITHUB_REPOSITORY),
    volumePath: volumePath(values),
    scope: values.scope?.trim() || undefined,
    fallbackScopes: values['fallback-scopes']?.trim() ? list(values['fallback-scopes']) : undefined,
    key: values.key?.trim() || undefined,
    mode: oneOf(values, 'mode', EXPORT_MODES),
    registryRef: registryRef(values),
    registryInsecure: boolean(values, 'registry-insecure'),
    cacheOptions: cacheOptions(values['cache-options'] ?? '', oneOf(values, 'cache-mode', CACHE_MODES)),
    ignoreError: boolean(values, 'ignore-error'),
    readOnly: boolean(values, 'read-only'),
    maxSize: size(values, 'max-size'),
    maxAge: duration(values, 'max-age'),
    pruneBuilders: boolean(values, 'prune-builders'),
    builderMaxAge: duration(values, 'builder-max-age'),
    dryRun: boolean(values, 'dry-run'),
    persistentBuilder: boolean(values, 'persistent-builder'),
    builderDriverOpts: driverOpts(values),
    builderMaxSize: size(values, 'builder-max-size'),
    buildkitdConfig: values['buildkitd-config']?.trim() || undefined,
    freshBuild: boolean(values, 'fresh-build'),
    storeRefreshMs: storeRefresh(values),
    trustPullRequests: boolean(values, 'trust-pull-requests'),
    bakeTargets: bakeTargets(values),
    hostMaxSize: parseDiskSpace('host-max-size', values['host-max-size'] ?? ''),
    // A floor of 100% would leave no room for any cache; BuildKit takes any share below it.
    hostMinFree: parseDiskSpace('host-min-free', values['host-min-free'] ?? '', { maxPercent: 99 }),
    metricsFile: validMetricsFile(values['metrics-file'] ?? '', 'metrics-file')
  }
}

/** What inputs mean together: a combination that cannot work throws; one with an input that does nothing warns. */
function crossChecks(inputs: Inputs): string[] {
  const warnings: string[] = []
  const needsRef = REGISTRY_MODES.includes(inputs.cacheMode)
  if (needsRef && !inputs.registryRef) {
    throw new InputError('registry-ref', '', `a repository such as git.example.com/org/app-cache is required with cache-mode ${inputs.cacheMode}`)
  }
  if (!needsRef && inputs.registryRef) {
    warnings.push(`Input 'registry-ref' is ignored with cache-mode ${inputs.cacheMode}`)
  }
  if (!needsRef && inputs.registryInsecure) {
    warnings.push(`Input 'registry-insecure' is ignored with cache-mode ${inputs.cacheMode}`)
  }
  if (inputs.cacheMode === 'inline' && inputs.cacheOptions.length > 0) {
    warnings.push("Input 'cache-options' is ignored for the inline exporter, which takes no attributes; it still applies to cache-from")
  }
  if (inputs.buildkitdConfig && !path.isAbsolute(inputs.buildkitdConfig)) {
    throw new InputError('buildkitd-config', inputs.buildkitdConfig, 'an absolute path to a buildkitd.toml')
  }
  if (!inputs.persistentBuilder && inputs.buildkitdConfig) {
    warnings.push("Input 'buildkitd-config' is ignored without persistent-builder: true")
  }
  if (!inputs.persistentBuilder && inputs.builderDriverOpts.length > 0) {
    warnings.push("Input 'builder-driver-opts' is ignored without persistent-builder: true")
  }
  return warnings
}
