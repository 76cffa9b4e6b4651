import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Descriptor } from '../src/oci/manifest.js'

/** Writes a blob into an OCI layout and returns its descriptor. */
export function writeBlob(root: string, content: Buffer | string, mediaType: string): Descriptor {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content)
  const hex = createHash('sha256').update(data).digest('hex')
  fs.mkdirSync(path.join(root, 'blobs', 'sha256'), { recursive: true })
  fs.writeFileSync(path.join(root, 'blobs', 'sha256', hex), data)
  return { mediaType, digest: `sha256:${hex}`, size: data.length }
}

/** A cache entry like BuildKit writes: layers plus a cache config, as an index (default) or an image manifest. */
export function writeCacheTag(root: string, tag: string, { layers = 2, format = 'index' }: { layers?: number; format?: 'index' | 'manifest' } = {}) {
  const layerDescriptors = Array.from({ length: layers }, () => writeBlob(root, randomBytes(64), 'application/vnd.oci.image.layer.v1.tar+gzip'))
  const config = writeBlob(root, JSON.stringify({ layers: layerDescriptors.length, tag }), 'application/vnd.buildkit.cacheconfig.v0')
  const manifest =
    format === 'index'
      ? writeBlob(root, JSON.stringify({ schemaVersion: 2, manifests: [...layerDescriptors, config] }), 'application/vnd.oci.image.index.v1+json')
      : writeBlob(root, JSON.stringify({ schemaVersion: 2, config, layers: layerDescriptors }), 'application/vnd.oci.image.manifest.v1+json')
  const entry: Descriptor = { ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }
  const indexFile = path.join(root, 'index.json')
  const index: { schemaVersion: number; manifests: Descriptor[] } = fs.existsSync(indexFile)
    ? (JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { schemaVersion: number; manifests: Descriptor[] })
    : { schemaVersion: 2, manifests: [] }
  index.manifests = index.manifests.filter((d: Descriptor) => d.annotations?.['org.opencontainers.image.ref.name'] !== tag).concat(entry)
  fs.writeFileSync(indexFile, JSON.stringify(index))
  fs.writeFileSync(path.join(root, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  return { entry, blobs: [...layerDescriptors, config, manifest].map((d) => d.digest.slice(7)) }
}

/** `levels` image indexes in `root`, each listing the next one `fanOut` times; the deepest lists one layer `fanOut` times. */
export function fannedOut(root: string, levels: number, fanOut: number): { entry: Descriptor; all: Descriptor[] } {
  const index = 'application/vnd.oci.image.index.v1+json'
  const all = [writeBlob(root, 'the one layer', 'application/vnd.oci.image.layer.v1.tar')]
  for (let level = 0; level < levels; level++) {
    all.push(writeBlob(root, JSON.stringify({ schemaVersion: 2, mediaType: index, manifests: Array<Descriptor>(fanOut).fill(all[all.length - 1]) }), index))
  }
  return { entry: all[all.length - 1], all }
}

export function blobFile(root: string, digestOrHex: string): string {
  return path.join(root, 'blobs', 'sha256', digestOrHex.replace(/^sha256:/, ''))
}
