import path from 'node:path'
import { snapshotEntry } from '../store/exported-entry.js'
import { lstatOrUndefined } from '../store/files.js'
import { digestHex, type StoreLayout } from '../store/layout.js'
import { readRegularFile } from '../store/no-follow.js'

/**
 * Whether a build's steps came from the cache, read from its own export where
 * buildx keeps no build history (0.13): BuildKit's cache config lists each
 * step's result layer, and a step that was cached exports the very layer the
 * store already holds. The base image's layers are only parents of results,
 * so a build whose first step changed every time shows no re-used result
 * even though the base layer is re-used. (A step that ran again but wrote the
 * same bytes looks cached: the fallback's known limit.)
 */

const CACHE_CONFIG = 'application/vnd.buildkit.cacheconfig.v0'
// A cache manifest or config is kilobytes; anything larger is not parsed.
const MAX_CONFIG_BYTES = 4 * 1024 * 1024

interface CacheConfig {
  layers?: Array<{ blob?: string }>
  /** Each step's result ("layers" in BuildKit's JSON), or chains of layers whose last is the result. */
  records?: Array<{ layers?: Array<{ layer?: number }>; chains?: Array<{ layers?: number[] }> }>
}

function readBlobJson<T>(blobs: string, digest: unknown): T | undefined {
  const hex = digestHex(digest)
  const stat = hex && lstatOrUndefined(path.join(blobs, hex))
  if (!hex || !stat || !stat.isFile() || stat.size > MAX_CONFIG_BYTES) return undefined
  return JSON.parse(readRegularFile(path.join(blobs, hex))) as T
}

/** The digests of the steps' result layers in a cache config. */
export function resultLayers(config: CacheConfig): string[] {
  const layers = config.layers ?? []
  const indexes = (config.records ?? []).flatMap((record) => [
    ...(record.layers ?? []).flatMap(({ layer }) => (typeof layer === 'number' ? [layer] : [])),
    ...(record.chains ?? []).flatMap(({ layers: chain }) => (Array.isArray(chain) && chain.length > 0 ? [chain.at(-1)!] : []))
  ])
  return [...new Set(indexes.flatMap((i) => layers[i]?.blob ?? []))]
}

/**
 * How many of the export's step results the store held before this build (call
 * under the store lock, before promotion); undefined when the export cannot
 * be read as a BuildKit cache.
 */
export function reusedResults(layout: StoreLayout, snapshotDir: string, tag: string): { results: number; reused: number } | undefined {
  try {
    const entry = snapshotEntry(snapshotDir, tag)
    const blobs = path.join(snapshotDir, 'blobs', 'sha256')
    const manifest =
      entry &&
      readBlobJson<{ manifests?: Array<{ mediaType?: string; digest?: string }>; config?: { mediaType?: string; digest?: string } }>(blobs, entry.digest)
    if (!manifest) return undefined
    const descriptor = manifest.config?.mediaType === CACHE_CONFIG ? manifest.config : manifest.manifests?.find((m) => m.mediaType === CACHE_CONFIG)
    const config = descriptor && readBlobJson<CacheConfig>(blobs, descriptor.digest)
    if (!config) return undefined
    const results = resultLayers(config)
    const reused = results.filter((digest) => {
      const hex = digestHex(digest)
      return hex !== undefined && lstatOrUndefined(path.join(layout.blobs, hex))?.isFile() === true
    })
    return { results: results.length, reused: reused.length }
  } catch {
    return undefined
  }
}
