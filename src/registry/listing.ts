import type { ManifestRead, RegistryClient } from './client.js'

/** The blobs one manifest references (config and layers, or an index's children), from the manifest alone. */
export type ManifestContent = { state: 'read'; blobs: Array<{ digest: string; size: number }> } | { state: 'unreadable'; problem: string }

interface Descriptor {
  digest?: unknown
  size?: unknown
}

const isDescriptor = (value: unknown): value is { digest: string; size: number } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Descriptor).digest === 'string' &&
  typeof (value as Descriptor).size === 'number' &&
  Number.isSafeInteger((value as Descriptor).size) &&
  ((value as Descriptor).size as number) >= 0

/**
 * What a cache manifest costs: an image manifest (`image-manifest=true`)
 * references its config and layers; BuildKit's older cache format is an index
 * whose `manifests[]` are the layers and the cache config. Sizes are the
 * descriptors' own: nothing is downloaded.
 */
export function manifestContent(body: Buffer): ManifestContent {
  let parsed: { config?: unknown; layers?: unknown; manifests?: unknown }
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed
  } catch {
    return { state: 'unreadable', problem: 'the manifest is not JSON' }
  }
  if (typeof parsed !== 'object' || parsed === null) return { state: 'unreadable', problem: 'the manifest is not a JSON object' }
  const children = [...(parsed.config !== undefined ? [parsed.config] : []), ...(Array.isArray(parsed.layers) ? (parsed.layers as unknown[]) : [])]
  const listed = children.length > 0 ? children : Array.isArray(parsed.manifests) ? (parsed.manifests as unknown[]) : []
  if (listed.length === 0) return { state: 'unreadable', problem: 'the manifest references no config, layers or manifests' }
  if (!listed.every(isDescriptor)) return { state: 'unreadable', problem: 'a descriptor of the manifest has no digest or size' }
  return { state: 'read', blobs: listed.map(({ digest, size }) => ({ digest, size })) }
}

/** One tag of a cache repository. */
export interface ScopeEntry {
  scope: string
  /** Absent when the tag could not be resolved (then `problem` says why). */
  digest?: string
  mediaType?: string
  /** Sum of the referenced blobs' sizes; absent when the manifest could not be read. */
  bytes?: number
  blobs?: number
  /** The other listed tags on the same manifest: deleting it by digest would delete them too. */
  sharedWith: string[]
  problem?: string
}

export type ScopeListing =
  | {
      state: 'listed'
      scopes: ScopeEntry[]
      /** Bytes of the distinct blobs all readable manifests reference: what the repository costs at least. */
      distinctBytes: number
      truncated: boolean
    }
  | { state: 'failed'; problem: string }

// Manifests read at once: quick on a big repository, gentle on the registry.
const READ_CONCURRENCY = 8

function entryOf(scope: string, read: ManifestRead): ScopeEntry & { blobList?: Array<{ digest: string; size: number }> } {
  if (read.state === 'absent') return { scope, sharedWith: [], problem: 'the tag was listed but its manifest is gone (deleted meanwhile)' }
  if (read.state === 'failed') return { scope, sharedWith: [], problem: `its manifest cannot be read: ${read.problem}` }
  const content = manifestContent(read.body)
  const base = { scope, digest: read.digest, mediaType: read.mediaType, sharedWith: [] }
  if (content.state === 'unreadable') return { ...base, problem: `its manifest cannot be read: ${content.problem}` }
  return { ...base, bytes: content.blobs.reduce((sum, blob) => sum + blob.size, 0), blobs: content.blobs.length, blobList: content.blobs }
}

/** Every tag of the repository (up to `limit`), its manifest digest and what the manifest references. */
export async function listScopes(client: Pick<RegistryClient, 'listTags' | 'readManifest'>, limit: number): Promise<ScopeListing> {
  const list = await client.listTags(limit)
  if (list.state === 'failed') return list
  const entries = new Array<ReturnType<typeof entryOf>>(list.tags.length)
  let next = 0
  const worker = async () => {
    while (next < list.tags.length) {
      const index = next++
      entries[index] = entryOf(list.tags[index], await client.readManifest(list.tags[index]))
    }
  }
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, list.tags.length) }, worker))
  const distinct = new Map<string, number>()
  for (const entry of entries) for (const blob of entry.blobList ?? []) distinct.set(blob.digest, blob.size)
  const scopes = entries
    .map(({ blobList: _blobList, ...entry }) => ({
      ...entry,
      sharedWith: entry.digest ? entries.filter((other) => other.digest === entry.digest && other.scope !== entry.scope).map((other) => other.scope) : []
    }))
    .sort((a, b) => a.scope.localeCompare(b.scope))
  return { state: 'listed', scopes, distinctBytes: [...distinct.values()].reduce((sum, size) => sum + size, 0), truncated: list.truncated }
}
