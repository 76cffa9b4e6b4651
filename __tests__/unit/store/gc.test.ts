import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { collectGarbage, removeOldFolders } from '../../../src/store/gc.js'
import type { StoreLayout } from '../../../src/store/layout.js'
import type { LockHandle } from '../../../src/store/lock.js'
import { readIndex } from '../../../src/store/oci.js'
import { createSnapshot } from '../../../src/store/snapshot.js'
import { blobFile, writeBlob, writeCacheTag } from '../../../__fixtures__/oci.js'
import { eachLockedStore } from '../../../__fixtures__/store-lock.js'

let dir: string
let layout: StoreLayout
let lock: LockHandle
const { warnings, logger } = eachLockedStore('gc-test-', (store) => ({ dir, layout, lock } = store))

const tags = (root: string) => readIndex(path.join(root, 'index.json')).manifests.map((d) => d.annotations?.['org.opencontainers.image.ref.name'])

describe('collectGarbage', () => {
  test('sweeps unreferenced blobs and keeps both manifest formats', () => {
    const a = writeCacheTag(layout.root, 'a', { format: 'index' })
    const b = writeCacheTag(layout.root, 'b', { format: 'manifest' })
    const orphan = writeBlob(layout.root, 'orphan', 'application/octet-stream')
    const result = collectGarbage(lock, layout, logger)
    expect(result).toMatchObject({ sweptBlobs: 1, keptBlobs: a.blobs.length + b.blobs.length, droppedTags: [] })
    expect(fs.existsSync(blobFile(layout.root, orphan.digest))).toBe(false)
  })

  test('dry-run deletes nothing', () => {
    writeCacheTag(layout.root, 'a')
    const orphan = writeBlob(layout.root, 'orphan', 'application/octet-stream')
    expect(collectGarbage(lock, layout, logger, true).sweptBlobs).toBe(1)
    expect(fs.existsSync(blobFile(layout.root, orphan.digest))).toBe(true)
  })

  test('a tag with a missing blob is dropped, the others kept', () => {
    writeCacheTag(layout.root, 'a')
    const b = writeCacheTag(layout.root, 'b')
    fs.unlinkSync(blobFile(layout.root, b.blobs[0]))
    expect(collectGarbage(lock, layout, logger).droppedTags).toEqual(['b'])
    expect(tags(layout.root)).toEqual(['a'])
    expect(warnings[0]).toMatch(/Dropping scope b/)
  })

  test('a garbage manifest drops its scope with a warning naming scope and blob; the sweep goes on', () => {
    const a = writeCacheTag(layout.root, 'a')
    const b = writeCacheTag(layout.root, 'b')
    const orphan = writeBlob(layout.root, 'orphan', 'application/octet-stream')
    fs.writeFileSync(blobFile(layout.root, b.entry.digest), 'x'.repeat(b.entry.size))
    const result = collectGarbage(lock, layout, logger)
    expect(result.aborted).toBeUndefined()
    expect(result.droppedTags).toEqual(['b'])
    expect(tags(layout.root)).toEqual(['a'])
    expect(warnings).toEqual([`Dropping scope b from the store: manifest ${b.entry.digest} does not match its digest`])
    // b's manifest, layers and config are unreferenced now, and so is the orphan.
    expect(result.sweptBlobs).toBe(b.blobs.length + 1)
    expect(fs.existsSync(blobFile(layout.root, orphan.digest))).toBe(false)
    expect(a.blobs.every((hex) => fs.existsSync(blobFile(layout.root, hex)))).toBe(true)
  })

  test('a read error aborts before the sweep and names the path: nothing is deleted', () => {
    const a = writeCacheTag(layout.root, 'a')
    const orphan = writeBlob(layout.root, 'orphan', 'application/octet-stream')
    const check = () => ({ state: 'unreadable' as const, problem: 'could not read /some/blob: EIO' })
    expect(collectGarbage(lock, layout, logger, false, () => check).aborted).toBe('scope a: could not read /some/blob: EIO')
    expect(fs.existsSync(blobFile(layout.root, orphan.digest))).toBe(true)
    expect(a.blobs.every((hex) => fs.existsSync(blobFile(layout.root, hex)))).toBe(true)
  })

  test('a blob folder that cannot be listed aborts the sweep naming it, instead of throwing', () => {
    fs.rmSync(layout.blobs, { recursive: true })
    fs.writeFileSync(layout.blobs, '')
    expect(collectGarbage(lock, layout, logger).aborted).toBe(`${layout.blobs} is a symlink or not a directory: nothing is deleted or written through it`)
  })

  test('never follows or deletes what is not a hex-named regular file', () => {
    const outside = path.join(dir, 'outside.txt')
    fs.writeFileSync(outside, 'keep me')
    const linkName = 'a'.repeat(64)
    fs.symlinkSync(outside, path.join(layout.blobs, linkName))
    fs.writeFileSync(path.join(layout.blobs, 'README'), 'not a blob')
    fs.mkdirSync(path.join(layout.blobs, 'b'.repeat(64)))
    collectGarbage(lock, layout, logger)
    expect(fs.readFileSync(outside, 'utf8')).toBe('keep me')
    expect(fs.lstatSync(path.join(layout.blobs, linkName)).isSymbolicLink()).toBe(true)
    expect(fs.existsSync(path.join(layout.blobs, 'README'))).toBe(true)
  })

  test('removes snapshots older than the limit, keeps fresh ones', () => {
    const old = createSnapshot(lock, layout, 'old-job', undefined, logger)
    createSnapshot(lock, layout, 'new-job', undefined, logger)
    const dayAgo = (Date.now() - 25 * 3600e3) / 1000
    fs.utimesSync(old.dir, dayAgo, dayAgo)
    expect(removeOldFolders(lock, layout, layout.staging, 24 * 3600e3)).toEqual(['old-job'])
    expect(fs.readdirSync(layout.staging)).toEqual(['new-job'])
  })
})
