import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { localExportEntry } from '../../../src/store/exported-entry.js'
import { writeBlob } from '../../../__fixtures__/oci.js'

const CACHE_CONFIG = 'application/vnd.buildkit.cacheconfig.v0'
const IMAGE_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
let dir: string
let blobs: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exported-entry-'))
  blobs = path.join(dir, 'blobs', 'sha256')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A cache image manifest as BuildKit's local exporter writes it with image-manifest=true. */
function cacheManifest(seed: string) {
  const layer = writeBlob(dir, `layer-${seed}`, 'application/vnd.oci.image.layer.v1.tar+gzip')
  const config = writeBlob(dir, JSON.stringify({ seed }), CACHE_CONFIG)
  return writeBlob(dir, JSON.stringify({ schemaVersion: 2, mediaType: IMAGE_MANIFEST, config, layers: [layer] }), IMAGE_MANIFEST)
}

// What the BuildKit of dockerd 26 writes with a second (registry) cache exporter: the other exporter's manifest digest.
const foreign = { mediaType: IMAGE_MANIFEST, digest: `sha256:${'e'.repeat(64)}`, size: 1232, annotations: { 'org.opencontainers.image.ref.name': 'main' } }

describe('the local exporter entry when index.json names a manifest it never wrote', () => {
  test('the one cache manifest this export added is used, with the tag kept', () => {
    const written = cacheManifest('a')
    expect(localExportEntry(blobs, foreign)).toEqual({ ...written, annotations: foreign.annotations })
  })

  test('an entry whose manifest is there is left as it is', () => {
    const written = cacheManifest('a')
    const entry = { ...written, annotations: foreign.annotations }
    expect(localExportEntry(blobs, entry)).toBe(entry)
  })

  test('blobs hard-linked from the store (an older manifest) are not this export: nothing to choose', () => {
    const old = cacheManifest('old')
    const store = path.join(dir, 'store-copy')
    fs.linkSync(path.join(blobs, old.digest.slice(7)), store)
    expect(localExportEntry(blobs, foreign)).toBe(foreign)
  })

  test('two candidates: no guess, the entry stays (and its check reports the missing manifest)', () => {
    cacheManifest('a')
    cacheManifest('b')
    expect(localExportEntry(blobs, foreign)).toBe(foreign)
  })
})
