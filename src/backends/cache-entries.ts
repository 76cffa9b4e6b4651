import type { Backend, CacheMode, ExportMode } from '../config/inputs.js'
import { isGiteaLike } from '../config/runner-platform.js'

/** The two outputs, one cache entry per line, as docker/build-push-action takes them. */
export interface CacheEntries {
  cacheFrom: string[]
  cacheTo: string[]
}

export interface EntryRequest {
  repoName: string
  /** Tag written, or undefined when this job must not write. */
  writeTag?: string
  /** Tags read, in order; for local mode only those present and intact in the snapshot. */
  readTags: string[]
  mode: ExportMode
  ignoreError: boolean
  options: Array<[string, string]>
  registryRef?: string
  /** Local mode: the job's snapshot directory. */
  snapshotDir?: string
  /** local+registry: the tags read from the registry (those more specific than the first the snapshot serves), and the tag written there. */
  registryReadTags?: string[]
  registryWriteTag?: string
}

export const NO_ENTRIES: CacheEntries = { cacheFrom: [], cacheTo: [] }

/** Joins attributes; a later pair with a key already present replaces its value in place, so every key appears once. */
function entry(attributes: Array<[string, string | undefined]>): string {
  const merged = new Map<string, string>()
  for (const [key, value] of attributes) if (value !== undefined) merged.set(key, value)
  return [...merged].map(([key, value]) => `${key}=${value}`).join(',')
}

function exportAttributes(request: EntryRequest): Array<[string, string | undefined]> {
  return [['mode', request.mode], ['ignore-error', request.ignoreError ? 'true' : undefined], ...request.options]
}

function localEntries(request: EntryRequest): CacheEntries {
  const { writeTag, readTags, options } = request
  const dir = request.snapshotDir
  if (!dir) throw new Error('local cache entries need the snapshot directory')
  return {
    cacheFrom: readTags.map((tag) => entry([['type', 'local'], ['src', dir], ['tag', tag], ...options])),
    cacheTo: writeTag ? [entry([['type', 'local'], ['dest', dir], ['tag', writeTag], ...exportAttributes(request)])] : []
  }
}

function registryEntries(backend: 'registry' | 'inline', request: EntryRequest): CacheEntries {
  const { writeTag, readTags, options } = request
  const ref = request.registryRef
  if (!ref) throw new Error(`cache-mode ${backend} needs registry-ref`)
  const cacheFrom = (writeTag ? [writeTag, ...readTags] : readTags).map((tag) => entry([['type', 'registry'], ['ref', `${ref}:${tag}`], ...options]))
  if (!writeTag) return { cacheFrom, cacheTo: [] }
  // BuildKit's inline exporter takes no attributes: it embeds the cache in the pushed image.
  if (backend === 'inline') return { cacheFrom, cacheTo: ['type=inline'] }
  const cacheTo = entry([
    ['type', 'registry'],
    ['ref', `${ref}:${writeTag}`],
    ['mode', request.mode],
    ['image-manifest', 'true'],
    ['oci-mediatypes', 'true'],
    ['ignore-error', request.ignoreError ? 'true' : undefined],
    ...options
  ])
  return { cacheFrom, cacheTo: [cacheTo] }
}

/**
 * The host's own store first; the registry for what it lacks, and for the branch scopes other hosts read.
 * Both exports write an image manifest with OCI media types: BuildKit 0.13 (dockerd 26) hands a build's
 * exporters one cache manifest, so a local export of the other format would name a manifest it never wrote.
 */
function twoTierEntries(request: EntryRequest): CacheEntries {
  const sameFormat: Array<[string, string]> = [
    ['image-manifest', 'true'],
    ['oci-mediatypes', 'true']
  ]
  const local = {
    cacheFrom: localEntries(request).cacheFrom,
    cacheTo: localEntries({ ...request, options: [...sameFormat, ...request.options] }).cacheTo
  }
  const fromRegistry = registryEntries('registry', { ...request, writeTag: undefined, readTags: request.registryReadTags ?? [] }).cacheFrom
  const toRegistry = request.registryWriteTag ? registryEntries('registry', { ...request, writeTag: request.registryWriteTag, readTags: [] }).cacheTo : []
  return { cacheFrom: [...local.cacheFrom, ...fromRegistry], cacheTo: [...local.cacheTo, ...toRegistry] }
}

/** gha names a cache by `scope`, s3 by `name`: both prefixed with the repository, since one service holds many. */
function serviceEntries(backend: 'gha' | 's3', request: EntryRequest): CacheEntries {
  const { writeTag, readTags, options } = request
  const nameKey = backend === 'gha' ? 'scope' : 'name'
  const named = (tag: string) => `${request.repoName}-${tag}`
  return {
    cacheFrom: (writeTag ? [writeTag, ...readTags] : readTags).map((tag) => entry([['type', backend], [nameKey, named(tag)], ...options])),
    cacheTo: writeTag ? [entry([['type', backend], [nameKey, named(writeTag)], ...exportAttributes(request)])] : []
  }
}

/** Entries for a resolved backend (`auto` is resolved before this is called). */
export function cacheEntries(backend: Backend, request: EntryRequest): CacheEntries {
  switch (backend) {
    case 'off':
      return NO_ENTRIES
    case 'local':
      return localEntries(request)
    case 'registry':
    case 'inline':
      return registryEntries(backend, request)
    case 'local+registry':
      return twoTierEntries(request)
    case 'gha':
    case 's3':
      return serviceEntries(backend, request)
  }
}

/** Picks the backend for `auto`: gha where GitHub hosts the runner, local elsewhere. */
export function resolveBackend(mode: CacheMode, env: NodeJS.ProcessEnv): Backend {
  if (mode !== 'auto') return mode
  const githubHosted = env.RUNNER_ENVIRONMENT === 'github-hosted' && !isGiteaLike(env)
  return githubHosted ? 'gha' : 'local'
}
