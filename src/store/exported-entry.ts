import fs from 'node:fs'
import path from 'node:path'
import { lstatOrUndefined } from './files.js'
import { CACHE_CONFIG, IMAGE_MANIFEST, MAX_MANIFEST_BYTES, type Descriptor } from '../oci/manifest.js'
import { findTag, readIndex } from './oci.js'
import { storeLayout } from './layout.js'
import { readRegularFile } from './no-follow.js'

/**
 * With two cache exporters in one build (cache-mode local+registry), the
 * BuildKit of dockerd 26 (0.13) can write the other exporter's manifest
 * digest into the local index.json: the entry then names a manifest the local
 * exporter never wrote, while the one it did write sits in the snapshot. That
 * one is found as the only image manifest with BuildKit's cache config among
 * the blobs this export added (a new file has one link; the store's blobs are
 * hard-linked in, with two or more). Zero or several candidates: the entry
 * is left as it is, and its check says what is missing.
 */
export function localExportEntry(snapshotBlobs: string, entry: Descriptor): Descriptor {
  if (lstatOrUndefined(path.join(snapshotBlobs, entry.digest.replace(/^sha256:/, '')))) return entry
  const candidates: Descriptor[] = []
  for (const hex of fs.readdirSync(snapshotBlobs)) {
    const file = path.join(snapshotBlobs, hex)
    const stat = lstatOrUndefined(file)
    // Anything larger than a manifest can be is a layer, never read.
    if (!stat?.isFile() || stat.nlink !== 1 || stat.size > MAX_MANIFEST_BYTES) continue
    try {
      const parsed = JSON.parse(readRegularFile(file)) as { mediaType?: string; config?: { mediaType?: string } }
      if (parsed.mediaType === IMAGE_MANIFEST && parsed.config?.mediaType === CACHE_CONFIG) {
        candidates.push({
          mediaType: IMAGE_MANIFEST,
          digest: `sha256:${hex}`,
          size: stat.size,
          ...(entry.annotations ? { annotations: entry.annotations } : {})
        })
      }
    } catch {
      // Not JSON: a layer.
    }
  }
  return candidates.length === 1 ? candidates[0] : entry
}

/** The snapshot's entry for `tag` as the local exporter wrote it; undefined when there is none. Throws CorruptIndexError. */
export function snapshotEntry(snapshotDir: string, tag: string): Descriptor | undefined {
  const snapshot = storeLayout(snapshotDir)
  const entry = findTag(readIndex(snapshot.index), tag)
  return entry ? localExportEntry(snapshot.blobs, entry) : undefined
}
