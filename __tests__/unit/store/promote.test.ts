import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import type { StoreLayout } from '../../../src/store/layout.js'
import type { LockHandle } from '../../../src/store/lock.js'
import { checkDescriptor, readIndex } from '../../../src/store/oci.js'
import { promote } from '../../../src/store/promote.js'
import { createSnapshot } from '../../../src/store/snapshot.js'
import { blobFile, writeBlob, writeCacheTag } from '../../../__fixtures__/oci.js'
import { eachLockedStore } from '../../../__fixtures__/store-lock.js'

let layout: StoreLayout
let lock: LockHandle
const { warnings, logger } = eachLockedStore('promote-test-', (store) => ({ layout, lock } = store))

const mode = (file: string) => fs.lstatSync(file).mode & 0o777

const tags = (root: string) => readIndex(path.join(root, 'index.json')).manifests.map((d) => d.annotations?.['org.opencontainers.image.ref.name'])

describe('promote', () => {
  test('moves only new blobs, replaces the tag entry, keeps other scopes', () => {
    const main = writeCacheTag(layout.root, 'main')
    const snapshot = createSnapshot(lock, layout, 'job-1', 'pr-1', logger)
    const exported = writeCacheTag(snapshot.dir, 'pr-1')
    const result = promote(lock, layout, snapshot.dir, 'pr-1', snapshot.baseDigest, logger)
    expect(result).toMatchObject({ state: 'promoted', blobsMoved: exported.blobs.length })
    expect(tags(layout.root)).toEqual(['main', 'pr-1'])
    expect(checkDescriptor(layout.blobs, main.entry).state).toBe('intact')
    expect(checkDescriptor(layout.blobs, exported.entry).state).toBe('intact')
  })

  test('promoted blobs are read-only in the store, so a write through a later snapshot link cannot change them', () => {
    const snapshot = createSnapshot(lock, layout, 'job-1', 'pr-1', logger)
    const exported = writeCacheTag(snapshot.dir, 'pr-1')
    expect(exported.blobs.map((hex) => mode(blobFile(snapshot.dir, hex)))).toContain(0o644)
    expect(promote(lock, layout, snapshot.dir, 'pr-1', snapshot.baseDigest, logger).state).toBe('promoted')
    expect(exported.blobs.map((hex) => mode(blobFile(layout.root, hex)))).toEqual(exported.blobs.map(() => 0o444))
  })

  /** A snapshot exporting `tag` whose one layer is `layer` at `size` bytes, with the snapshot's copy of it holding `bytes`. */
  const exportWithLayer = (tag: string, layer: string, size: number, bytes: Buffer) => {
    const snapshot = createSnapshot(lock, layout, `job-${tag}`, tag, logger)
    const file = blobFile(snapshot.dir, layer)
    fs.rmSync(file, { force: true }) // BuildKit writes a blob anew by renaming over the link
    fs.writeFileSync(file, bytes)
    const layerDescriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${layer}`, size }
    const config = writeBlob(snapshot.dir, '{}', 'application/vnd.buildkit.cacheconfig.v0')
    const manifest = writeBlob(
      snapshot.dir,
      JSON.stringify({ schemaVersion: 2, manifests: [layerDescriptor, config] }),
      'application/vnd.oci.image.index.v1+json'
    )
    const entry = { ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }
    fs.writeFileSync(path.join(snapshot.dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [entry] }))
    return snapshot
  }

  test('a stored blob that matches its digest is never replaced by an exported copy of another size', () => {
    const stored = writeBlob(layout.root, 'the right bytes', 'application/octet-stream')
    const hex = stored.digest.slice(7)
    const snapshot = exportWithLayer('pr-1', hex, stored.size + 5, Buffer.alloc(stored.size + 5, 'x'))
    expect(promote(lock, layout, snapshot.dir, 'pr-1', '', logger)).toEqual({
      state: 'skipped',
      reason: `the store could not take the cache: blob ${stored.digest} has ${stored.size} bytes, its descriptor says ${stored.size + 5}`
    })
    expect(fs.readFileSync(blobFile(layout.root, hex), 'utf8')).toBe('the right bytes')
    expect(warnings).toEqual([`Blob ${stored.digest} was exported with content that does not match its digest; the store's copy is kept`])
    expect(tags(layout.root)).toEqual([])
  })

  test('a stored blob of the wrong size is replaced by the exported copy that matches its digest, with a warning', () => {
    const good = Buffer.from('the complete layer content')
    const stored = writeBlob(layout.root, good, 'application/octet-stream')
    const hex = stored.digest.slice(7)
    fs.truncateSync(blobFile(layout.root, hex), 5)
    const snapshot = exportWithLayer('pr-1', hex, good.length, good)
    expect(promote(lock, layout, snapshot.dir, 'pr-1', '', logger)).toMatchObject({ state: 'promoted' })
    expect(fs.readFileSync(blobFile(layout.root, hex))).toEqual(good)
    expect(mode(blobFile(layout.root, hex))).toBe(0o444)
    expect(warnings).toEqual([`Blob ${stored.digest} in the store had the wrong size and content; replaced by the exported copy`])
  })

  test('an unchanged or missing entry is not promoted', () => {
    writeCacheTag(layout.root, 'main')
    const snapshot = createSnapshot(lock, layout, 'job-1', 'main', logger)
    expect(promote(lock, layout, snapshot.dir, 'main', snapshot.baseDigest, logger)).toEqual({
      state: 'skipped',
      reason: 'the cache is unchanged',
      unchanged: true
    })
    expect(promote(lock, layout, snapshot.dir, 'pr-2', '', logger)).toMatchObject({
      state: 'skipped',
      reason: expect.stringContaining('no cache was exported')
    })
  })

  test('an incomplete export is not promoted and the store index is untouched', () => {
    writeCacheTag(layout.root, 'main')
    const before = fs.readFileSync(layout.index, 'utf8')
    const snapshot = createSnapshot(lock, layout, 'job-1', 'main', logger)
    const exported = writeCacheTag(snapshot.dir, 'main')
    fs.unlinkSync(blobFile(snapshot.dir, exported.blobs[1]))
    expect(promote(lock, layout, snapshot.dir, 'main', snapshot.baseDigest, logger)).toMatchObject({
      state: 'skipped',
      reason: expect.stringContaining('incomplete')
    })
    expect(fs.readFileSync(layout.index, 'utf8')).toBe(before)
  })

  test('another job promoted meanwhile: both entries survive', () => {
    const first = createSnapshot(lock, layout, 'job-1', 'a', logger)
    const second = createSnapshot(lock, layout, 'job-2', 'b', logger)
    writeCacheTag(first.dir, 'a')
    writeCacheTag(second.dir, 'b')
    promote(lock, layout, first.dir, 'a', first.baseDigest, logger)
    promote(lock, layout, second.dir, 'b', second.baseDigest, logger)
    expect(tags(layout.root)).toEqual(['a', 'b'])
  })
})
