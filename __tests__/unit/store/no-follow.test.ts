import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from '../../../src/log.js'
import { collectGarbage, removeOldFolders, removeSnapshot } from '../../../src/store/gc.js'
import type { StoreLayout } from '../../../src/store/layout.js'
import { inRealDirectory, NotARealDirectory, readRegularFile, removeTree } from '../../../src/store/no-follow.js'
import { promote } from '../../../src/store/promote.js'
import { createSnapshot } from '../../../src/store/snapshot.js'
import { openStore } from '../../../src/store/store.js'
import type { LockHandle } from '../../../src/store/lock.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'
import { holdStoreLock, type HeldStoreLock } from '../../../__fixtures__/store-lock.js'

// A store whose folders a job swapped for links to a host folder: nothing there may be deleted or moved.
let dir: string
let outside: string
let layout: StoreLayout
let warnings: string[]
let held: HeldStoreLock
let lock: LockHandle
const logger: Logger = { info() {}, debug() {}, warning: (message) => warnings.push(message) }

/** A host folder of 64-hex files, like containerd's content store. */
function hostFolder(): string[] {
  fs.mkdirSync(outside, { recursive: true })
  return ['a', 'b', 'c'].map((seed) => {
    const hex = createHash('sha256').update(seed).digest('hex')
    fs.writeFileSync(path.join(outside, hex), seed)
    return hex
  })
}
const outsideFiles = () => fs.readdirSync(outside).sort()

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-follow-test-'))
  outside = path.join(dir, 'host', 'content')
  layout = openStore(path.join(dir, 'volume'), 'x')
  warnings = []
  held = await holdStoreLock(layout)
  lock = held.lock
})
afterEach(async () => {
  await held.release()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('nothing outside the volume is deleted through a link', () => {
  test.each([['blobs'], ['blobs/sha256']])('gc on a store whose %s is a link to a host folder deletes nothing there, and says why', (swapped) => {
    const files = hostFolder().sort()
    const target = path.join(layout.root, swapped)
    fs.rmSync(target, { recursive: true })
    fs.symlinkSync(swapped === 'blobs' ? path.dirname(outside) : outside, target)
    if (swapped === 'blobs') fs.renameSync(outside, path.join(path.dirname(outside), 'sha256'))
    fs.writeFileSync(layout.index, '{"schemaVersion":2,"manifests":[]}')
    const result = collectGarbage(lock, layout, logger)
    const host = swapped === 'blobs' ? path.join(path.dirname(outside), 'sha256') : outside
    expect(fs.readdirSync(host).sort()).toEqual(files)
    expect(result).toMatchObject({ sweptBlobs: 0, aborted: expect.stringContaining('is a symlink or not a directory') })
  })

  test('a .staging that is a link: old folders of the host are not removed', () => {
    fs.mkdirSync(path.join(outside, 'old-job'), { recursive: true })
    fs.utimesSync(path.join(outside, 'old-job'), new Date(0), new Date(0))
    fs.rmSync(layout.staging, { recursive: true })
    fs.symlinkSync(outside, layout.staging)
    expect(removeOldFolders(lock, layout, layout.staging, 1000)).toEqual([])
    expect(outsideFiles()).toEqual(['old-job'])
  })

  test('a snapshot folder swapped for a link is unlinked, never followed', () => {
    const files = hostFolder().sort()
    const snapshot = path.join(layout.staging, 'job-1')
    fs.symlinkSync(outside, snapshot)
    removeSnapshot(layout, snapshot)
    expect(fs.existsSync(snapshot)).toBe(false)
    expect(outsideFiles()).toEqual(files)
  })

  test('a link deep inside a snapshot is removed as a link; the host folder stays whole', () => {
    const files = hostFolder().sort()
    const snapshot = createSnapshot(lock, layout, 'job-2', 'main', logger)
    fs.rmSync(path.join(snapshot.dir, 'blobs', 'sha256'), { recursive: true })
    fs.symlinkSync(outside, path.join(snapshot.dir, 'blobs', 'sha256'))
    removeSnapshot(layout, snapshot.dir)
    expect(fs.existsSync(snapshot.dir)).toBe(false)
    expect(outsideFiles()).toEqual(files)
  })

  test('removeSnapshot refuses a folder that is not one of the store snapshots', () => {
    expect(() => removeSnapshot(layout, outside)).toThrow('is not a snapshot of')
  })

  test('post promoting from a snapshot whose blobs/sha256 was swapped for a link moves no host file', () => {
    const snapshot = createSnapshot(lock, layout, 'job-3', 'main', logger)
    writeCacheTag(snapshot.dir, 'main')
    const moved = path.join(dir, 'moved-aside')
    fs.renameSync(path.join(snapshot.dir, 'blobs', 'sha256'), moved)
    fs.symlinkSync(moved, path.join(snapshot.dir, 'blobs', 'sha256'))
    const before = fs.readdirSync(moved).sort()
    const promotion = promote(lock, layout, snapshot.dir, 'main', '', logger)
    expect(promotion).toMatchObject({ state: 'skipped', reason: expect.stringContaining('is a symlink or not a directory') })
    expect(fs.readdirSync(moved).sort()).toEqual(before)
  })

  test('a snapshot is never made from a store blobs/ swapped for a link', () => {
    hostFolder()
    fs.rmSync(layout.blobs, { recursive: true })
    fs.symlinkSync(outside, layout.blobs)
    expect(() => createSnapshot(lock, layout, 'job-4', 'main', logger)).toThrow(NotARealDirectory)
  })

  test('removeTree removes a real folder tree entirely', () => {
    fs.mkdirSync(path.join(dir, 'tree', 'a', 'b'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'tree', 'a', 'b', 'f'), 'x')
    inRealDirectory(dir, [], (opened) => removeTree(opened, 'tree'))
    expect(fs.existsSync(path.join(dir, 'tree'))).toBe(false)
  })
})

describe('readRegularFile', () => {
  test('a link is refused; a regular file is read', () => {
    fs.writeFileSync(path.join(dir, 'real'), 'content')
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'))
    expect(() => readRegularFile(path.join(dir, 'link'))).toThrow('is a symlink')
    expect(readRegularFile(path.join(dir, 'real'))).toBe('content')
  })
})

describe('a store whose blobs/ is swapped for a link loses no scope', () => {
  test('maintenance through the link drops nothing from index.json and deletes nothing', async () => {
    const { maintainStore } = await import('../../../src/store/maintain.js')
    writeCacheTag(layout.root, 'main')
    const before = fs.readFileSync(layout.index, 'utf8')
    const aside = path.join(dir, 'volume', 'x-blobs-aside')
    fs.renameSync(path.join(layout.root, 'blobs'), aside)
    fs.mkdirSync(path.join(outside, 'sha256'), { recursive: true })
    fs.symlinkSync(outside, path.join(layout.root, 'blobs'))
    const result = maintainStore(lock, layout, { retention: { maxAgeMs: 1, maxSizeBytes: 1 } }, logger)
    expect(result.gc.aborted).toContain('is a symlink or not a directory')
    expect(result.gc.droppedTags).toEqual([])
    expect(fs.readFileSync(layout.index, 'utf8')).toBe(before)
    expect(warnings.filter((w) => w.startsWith('Dropping scope'))).toEqual([])
  })
})
