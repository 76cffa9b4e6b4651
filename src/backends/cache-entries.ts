import type { CacheMode, ExportMode } from '../config/inputs.js'

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
}

/** A backend after `auto` is resolved. */
export type Backend = Exclude<CacheMode, 'auto'>

export const NO_ENTRIES: CacheEntries = { cacheFrom: [], cacheTo: [] }

/**
 * What happens to a `cache-options` key that the action also writes in some
 * entry. BuildKit keeps whichever copy of a repeated key it reads last, so a
 * key is never emitted twice: it is either refused at input time, naming the
 * input that controls it, or the user's value replaces the action's in place.
 *
 * - Refused: `type`, `src`, `dest`, `tag`, `ref`, `scope` and `name` say
 *   where the cache lives. The action derives them from cache-mode,
 *   volume-path, registry-ref, repo-name, scope and key, and the store, the
 *   snapshot and the scope fallbacks rely on them; they are refused in every
 *   mode (in a backend that does not use one, it is a sign of a mix-up).
 * - Refused: `mode` and `ignore-error` have inputs of their own.
 * - Overridable (`true` or `false`): `image-manifest` and `oci-mediatypes`.
 *   The registry mode writes both `true` (the fix for `400 Bad request` on
 *   export), but a registry that refuses OCI image manifests needs them off.
 *   BuildKit refuses an image manifest without OCI media types, so that pair
 *   is refused too.
 */
export const ACTION_ATTRIBUTES: Readonly<Record<string, { refused: string } | { overridable: readonly string[] }>> = {
  type: { refused: "the backend is chosen by the input 'cache-mode'" },
  src: { refused: "the local store is found from the inputs 'volume-path' and 'repo-name'" },
  dest: { refused: "the local store is found from the inputs 'volume-path' and 'repo-name'" },
  tag: { refused: "the tag is the scope, from the inputs 'scope' and 'key'" },
  ref: { refused: "the reference is the input 'registry-ref' with the scope as its tag" },
  scope: { refused: "the gha scope is <repo-name>-<scope>, from the inputs 'repo-name', 'scope' and 'key'" },
  name: { refused: "the s3 name is <repo-name>-<scope>, from the inputs 'repo-name', 'scope' and 'key'" },
  mode: { refused: "use the input 'mode' (max or min)" },
  'ignore-error': { refused: "use the input 'ignore-error' (true or false)" },
  'image-manifest': { overridable: ['true', 'false'] },
  'oci-mediatypes': { overridable: ['true', 'false'] }
}

/** Joins attributes; a later pair with a key already present replaces its value in place, so every key appears once. */
function entry(attributes: Array<[string, string | undefined]>): string {
  const merged = new Map<string, string>()
  for (const [key, value] of attributes) if (value !== undefined) merged.set(key, value)
  return [...merged].map(([key, value]) => `${key}=${value}`).join(',')
}

function exportAttributes(request: EntryRequest): Array<[string, string | undefined]> {
  return [['mode', request.mode], ['ignore-error', request.ignoreError ? 'true' : undefined], ...request.options]
}

/** Entries for a resolved backend (`auto` is resolved before this is called). */
export function cacheEntries(backend: Backend, request: EntryRequest): CacheEntries {
  const { writeTag, readTags, options } = request
  const all = writeTag ? [writeTag, ...readTags] : readTags
  switch (backend) {
    case 'off':
      return NO_ENTRIES
    case 'local': {
      const dir = request.snapshotDir
      if (!dir) throw new Error('local cache entries need the snapshot directory')
      return {
        cacheFrom: readTags.map((tag) => entry([['type', 'local'], ['src', dir], ['tag', tag], ...options])),
        cacheTo: writeTag ? [entry([['type', 'local'], ['dest', dir], ['tag', writeTag], ...exportAttributes(request)])] : []
      }
    }
    case 'registry':
    case 'inline': {
      const ref = request.registryRef
      if (!ref) throw new Error(`cache-mode ${backend} needs registry-ref`)
      const cacheFrom = all.map((tag) => entry([['type', 'registry'], ['ref', `${ref}:${tag}`], ...options]))
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
    case 'gha':
    case 's3': {
      const nameKey = backend === 'gha' ? 'scope' : 'name'
      const named = (tag: string) => `${request.repoName}-${tag}`
      return {
        cacheFrom: all.map((tag) => entry([['type', backend], [nameKey, named(tag)], ...options])),
        cacheTo: writeTag ? [entry([['type', backend], [nameKey, named(writeTag)], ...exportAttributes(request)])] : []
      }
    }
  }
}

/** Picks the backend for `auto`: gha where GitHub hosts the runner, local elsewhere. */
export function resolveBackend(mode: CacheMode, env: NodeJS.ProcessEnv): Backend {
  if (mode !== 'auto') return mode
  const githubHosted = env.RUNNER_ENVIRONMENT === 'github-hosted' && !isGiteaLike(env)
  return githubHosted ? 'gha' : 'local'
}

export function isGiteaLike(env: NodeJS.ProcessEnv): boolean {
  return env.GITEA_ACTIONS === 'true' || env.FORGEJO_ACTIONS === 'true'
}
