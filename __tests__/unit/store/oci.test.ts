import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { storeLayout, type StoreLayout } from '../../../src/store/layout.js'
import type { Descriptor } from '../../../src/oci/manifest.js'
import { checkDescriptor, CorruptIndexError, readIndex } from '../../../src/store/oci.js'
import { blobFile, fannedOut, writeBlob, writeCacheTag } from '../../../__fixtures__/oci.js'

const INDEX = 'application/vnd.oci.image.index.v1+json'
const LAYER = 'application/vnd.oci.image.layer.v1.tar'

let dir: string
let layout: StoreLayout
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-walk-'))
  layout = storeLayout(dir)
})
afterEach(() => {
  jest.restoreAllMocks()
  fs.rmSync(dir, { recursive: true, force: true })
})

const manifest = (children: Descriptor[]) => writeBlob(dir, JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: children }), INDEX)

describe('checkDescriptor on repeated children', () => {
  test('a fifth level is still nested too deep', () => {
    const { entry } = fannedOut(dir, 5, 300)
    expect(checkDescriptor(layout.blobs, entry)).toEqual({ state: 'broken', problem: 'manifests nested deeper than 4' })
  })

  test('a manifest reached shallow first and deeper later is held to the depth bound from the deeper visit', () => {
    const tooDeepFromBelow = manifest([writeBlob(dir, 'layer', LAYER)])
    const shared = manifest([tooDeepFromBelow])
    const detour = manifest([manifest([shared])])
    // Depths: root 0, shared 1 (its child 2), detour 1, 2, shared again 3: its child would be a manifest at 4.
    expect(checkDescriptor(layout.blobs, manifest([shared, detour]))).toEqual({ state: 'broken', problem: 'manifests nested deeper than 4' })
  })

  test('more descriptors than a check visits makes the tag broken, saying why', () => {
    // No manifest within MAX_MANIFEST_BYTES lists 100 000: four levels of 25 001 repeats each do.
    const { entry } = fannedOut(dir, 4, 25_001)
    expect(checkDescriptor(layout.blobs, entry)).toEqual({
      state: 'broken',
      problem: 'lists more than 100000 descriptors (repeats included): not checked further'
    })
  })
})

describe('FIFOs where the layout has files', () => {
  const mkfifo = (file: string) => execFileSync('mkfifo', [file])
  /** Makes lstat report a regular file of `size` at `file`: what a look sees before a FIFO is swapped in. */
  const looksLikeAFile = (file: string, size: number) => {
    const lstat = fs.lstatSync
    jest
      .spyOn(fs, 'lstatSync')
      .mockImplementation((at: fs.PathLike, options?: fs.StatSyncOptions) =>
        at === file ? ({ isFile: () => true, isDirectory: () => false, size } as fs.Stats) : lstat(at, options)
      )
  }

  test('a FIFO at index.json that passed an lstat look is still refused without blocking', () => {
    mkfifo(layout.index)
    looksLikeAFile(layout.index, 2)
    expect(() => readIndex(layout.index)).toThrow(CorruptIndexError)
  })

  test('a FIFO as a manifest blob makes the tag broken, returned at once', () => {
    const { entry } = writeCacheTag(dir, 'main')
    fs.unlinkSync(blobFile(dir, entry.digest))
    mkfifo(blobFile(dir, entry.digest))
    expect(checkDescriptor(layout.blobs, entry)).toEqual({ state: 'broken', problem: `blob ${entry.digest} is not a regular file` })
  })
})

describe('checkDescriptor', () => {
  test.each(['index', 'manifest'] as const)('an intact %s-format tag lists all its blobs', (format) => {
    const { entry, blobs } = writeCacheTag(layout.root, 'main', { format })
    const check = checkDescriptor(layout.blobs, entry)
    expect(check.state).toBe('intact')
    expect(check.state === 'intact' && [...check.blobs.keys()].sort()).toEqual([...blobs].sort())
  })

  test('a missing layer or a truncated blob makes the tag broken', () => {
    const { entry, blobs } = writeCacheTag(layout.root, 'main')
    fs.truncateSync(blobFile(layout.root, blobs[0]), 10)
    expect(checkDescriptor(layout.blobs, entry)).toMatchObject({ state: 'broken', problem: expect.stringContaining('has 10 bytes') })
    fs.unlinkSync(blobFile(layout.root, blobs[0]))
    expect(checkDescriptor(layout.blobs, entry)).toMatchObject({ state: 'broken', problem: expect.stringContaining('missing') })
  })

  test('a digest that tries to leave the blob folder is broken, not read', () => {
    expect(checkDescriptor(layout.blobs, { digest: 'sha256:../../../etc/passwd', size: 1 }).state).toBe('broken')
  })

  test('a manifest of the right size whose content is garbage is broken, naming the blob', () => {
    const { entry } = writeCacheTag(layout.root, 'main')
    fs.writeFileSync(blobFile(layout.root, entry.digest), 'x'.repeat(entry.size))
    expect(checkDescriptor(layout.blobs, entry)).toEqual({ state: 'broken', problem: `manifest ${entry.digest} does not match its digest` })
  })

  test('a manifest of the right size that is other valid JSON is broken, not intact', () => {
    const { entry } = writeCacheTag(layout.root, 'main')
    fs.writeFileSync(blobFile(layout.root, entry.digest), '{"schemaVersion":2,"manifests":[]}'.padEnd(entry.size, ' '))
    expect(checkDescriptor(layout.blobs, entry)).toMatchObject({ state: 'broken', problem: expect.stringContaining(entry.digest) })
  })

  test('a manifest whose content matches its digest but is not JSON is broken', () => {
    const garbage = writeBlob(layout.root, 'not json {', 'application/vnd.oci.image.index.v1+json')
    expect(checkDescriptor(layout.blobs, garbage)).toMatchObject({
      state: 'broken',
      problem: expect.stringMatching(/^manifest sha256:\w+ is not a manifest: /)
    })
  })

  test('a read error is unreadable (not broken) and names the path that could not be read', () => {
    const { entry } = writeCacheTag(layout.root, 'main')
    // A file where the blob folder should be: lstat fails with ENOTDIR, a real I/O error.
    const notADir = path.join(dir, 'file')
    fs.writeFileSync(notADir, '')
    const hex = entry.digest.slice(7)
    expect(checkDescriptor(notADir, entry)).toEqual({ state: 'unreadable', problem: `could not read ${path.join(notADir, hex)}: ENOTDIR` })
  })
})
