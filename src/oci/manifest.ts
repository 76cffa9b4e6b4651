/**
 * The OCI wire shapes the store and the registry client share: descriptors,
 * the manifest media types, how large a manifest may be, and what a cache
 * manifest references. Declared once, so the store's GC and the registry's
 * listing cannot disagree about what a cache holds.
 */

/** An OCI content descriptor, as BuildKit writes them and registries serve them. */
export interface Descriptor {
  mediaType?: string
  digest: string
  size: number
  annotations?: Record<string, string>
}

export const IMAGE_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const IMAGE_INDEX = 'application/vnd.oci.image.index.v1+json'
export const CACHE_CONFIG = 'application/vnd.buildkit.cacheconfig.v0'

/** Every manifest type a cache or image tag may point at: the types whose content lists more descriptors. */
export const MANIFEST_TYPES: readonly string[] = [
  IMAGE_MANIFEST,
  IMAGE_INDEX,
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
]

/**
 * The most a manifest may hold. Registries cap manifests at 4 MiB (the
 * distribution registry's limit; containerd's resolver reads about as much), and
 * BuildKit's cache importer reads no cache manifest over 1 MiB
 * (cache/remotecache/import.go): a larger one is no cache BuildKit can
 * import, so a store that calls it broken loses nothing, and a reader that
 * stops there spends no memory on a planted giant.
 */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

/** The first 12 hex digits of a digest, as a log row or a table shows one. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12)
}

/**
 * The descriptors a parsed manifest lists, in either cache format: BuildKit's
 * cache index lists the layers and the cache config in `manifests[]`; an image
 * manifest (image-manifest=true) has `config` and `layers[]`. A manifest with
 * both has both taken: GC marks blobs from this list, and what it left out
 * would be swept. Undefined when the JSON is no manifest (not an object, or a
 * list that is no array). The descriptors are not checked here: each
 * reader holds them to what it needs.
 */
export function manifestChildren(parsed: unknown): unknown[] | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  const { manifests = [], config, layers = [] } = parsed as { manifests?: unknown; config?: unknown; layers?: unknown }
  if (!Array.isArray(manifests) || !Array.isArray(layers)) return undefined
  return [...(manifests as unknown[]), ...(config === undefined || config === null ? [] : [config]), ...(layers as unknown[])]
}
