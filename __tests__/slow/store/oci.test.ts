import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { storeLayout, type StoreLayout } from '../../../src/store/layout.js'
import { checkDescriptor, CorruptIndexError, readIndex } from '../../../src/store/oci.js'
import { blobFile, fannedOut, writeCacheTag } from '../../../__fixtures__/oci.js'

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

const timed = <T>(work: () => T): { result: T; ms: number } => {
  const started = performance.now()
  const result = work()
  return { result, ms: performance.now() - started }
}

describe('checkDescriptor on repeated children', () => {
  test('four levels of manifests listing one child 300 times are checked in well under a second, intact', () => {
    const { entry, all } = fannedOut(dir, 4, 300)
    const { result, ms } = timed(() => checkDescriptor(layout.blobs, entry))
    expect(ms).toBeLessThan(2000)
    expect(result).toEqual({
      state: 'intact',
      blobs: new Map(all.map((d) => [d.digest.slice(7), d.size])),
      bytes: all.reduce((sum, d) => sum + d.size, 0)
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

  test('a FIFO at index.json is a corrupt index, returned at once', () => {
    mkfifo(layout.index)
    const { result, ms } = timed(() => {
      try {
        return readIndex(layout.index)
      } catch (error) {
        return error
      }
    })
    expect(result).toBeInstanceOf(CorruptIndexError)
    expect(ms).toBeLessThan(2000)
  })

  test('a FIFO swapped in for a manifest after its stat is broken, not read (a read would block)', () => {
    const { entry } = writeCacheTag(dir, 'main')
    const file = blobFile(dir, entry.digest)
    fs.unlinkSync(file)
    mkfifo(file)
    looksLikeAFile(file, entry.size)
    const { result, ms } = timed(() => checkDescriptor(layout.blobs, entry))
    expect(result).toEqual({ state: 'broken', problem: `blob ${entry.digest} is not a regular file` })
    expect(ms).toBeLessThan(2000)
  })
})
