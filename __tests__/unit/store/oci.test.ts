import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { storeLayout, type StoreLayout } from '../../../src/store/layout.js'
import type { Descriptor } from '../../../src/oci/manifest.js'
import { checkDescriptor, CorruptIndexError, readIndex } from '../../../src/store/oci.js'
import { blobFile, writeBlob, writeCacheTag } from '../../../__fixtures__/oci.js'

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

/** `levels` manifests, each listing the next one `fanOut` times; the deepest lists one layer `fanOut` times. */
function fannedOut(levels: number, fanOut: number): { entry: Descriptor; all: Descriptor[] } {
  const all = [writeBlob(dir, 'the one layer', LAYER)]
  for (let level = 0; level < levels; level++) all.push(manifest(Array<Descriptor>(fanOut).fill(all[all.length - 1])))
  return { entry: all[all.length - 1], all }
}

describe('checkDescriptor on repeated children', () => {
  test('a fifth level is still nested too deep', () => {
    const { entry } = fannedOut(5, 300)
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
    const { entry } = fannedOut(4, 25_001)
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
