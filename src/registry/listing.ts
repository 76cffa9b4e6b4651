import { manifestChildren, type Descriptor } from '../oci/manifest.js'
import type { ManifestRead, RegistryClient } from './client.js'
import { inPool } from './pool.js'

type Blob = Pick<Descriptor, 'digest' | 'size'>

/** The blobs one manifest references (config and layers, or an index's children), from the manifest alone. */
export type ManifestContent = { state: 'read'; blobs: Blob[] } | { state: 'unreadable'; problem: string }

const isDescriptor = (value: unknown): value is Blob => {
  const { digest, size } = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof Blob, unknown>>
  return typeof digest === 'string' && typeof size === 'number' && Number.isSafeInteger(size) && size >= 0
}

/** What a cache manifest costs, in either cache format (manifestChildren). Sizes are the descriptors' own: nothing is downloaded. */
export function manifestContent(body: Buffer): ManifestContent {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return { state: 'unreadable', problem: 'the manifest is not JSON' }
  }
  const listed = manifestChildren(parsed)
  if (!listed) return { state: 'unreadable', problem: 'the manifest is no manifest: no manifests or layers list' }
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

// Manifests read at once (inPool).
const READ_CONCURRENCY = 8

function entryOf(scope: string, read: ManifestRead): ScopeEntry & { blobList?: Blob[] } {
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
  const entries = await inPool(list.tags, READ_CONCURRENCY, async (tag) => entryOf(tag, await client.readManifest(tag)))
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
