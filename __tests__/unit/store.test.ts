import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from '../../src/log.js'
import { collectGarbage, removeOldFolders } from '../../src/store/gc.js'
import { storeLayout, type StoreLayout } from '../../src/store/layout.js'
import { checkDescriptor, readIndex } from '../../src/store/oci.js'
import { promote } from '../../src/store/promote.js'
import { createSnapshot, importableTags, snapshotName } from '../../src/store/snapshot.js'
import { openStore, readStoreIndex, UnsafeStoreError } from '../../src/store/store.js'
import { freeBytes } from '../../src/store/volume.js'
import type { LockHandle } from '../../src/store/lock.js'
import { blobFile, writeBlob, writeCacheTag } from '../../__fixtures__/oci.js'
import { holdStoreLock, type HeldStoreLock } from '../../__fixtures__/store-lock.js'

let dir: string
let volume: string
let layout: StoreLayout
let warnings: string[]
let held: HeldStoreLock
let lock: LockHandle
const logger: Logger = { info() {}, debug() {}, warning: (message) => warnings.push(message) }

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'))
  volume = path.join(dir, 'volume')
  layout = openStore(volume, 'app')
  warnings = []
  held = await holdStoreLock(layout)
  lock = held.lock
})
afterEach(async () => {
  await held.release()
  fs.rmSync(dir, { recursive: true, force: true })
})

const mode = (file: string) => fs.lstatSync(file).mode & 0o777
const storeBlobs = () => fs.readdirSync(layout.blobs).map((name) => path.join(layout.blobs, name))

const tags = (root: string) => readIndex(path.join(root, 'index.json')).manifests.map((d) => d.annotations?.['org.opencontainers.image.ref.name'])

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

describe('snapshot', () => {
  test('hard-links every blob, copies the index, and lists only intact tags present', () => {
    writeCacheTag(layout.root, 'main')
    const broken = writeCacheTag(layout.root, 'develop')
    fs.unlinkSync(blobFile(layout.root, broken.blobs[0]))
    const snapshot = createSnapshot(lock, layout, 'job-1', 'main', logger)
    const snap = storeLayout(snapshot.dir)
    for (const name of fs.readdirSync(layout.blobs)) {
      expect(fs.statSync(path.join(snap.blobs, name)).ino).toBe(fs.statSync(path.join(layout.blobs, name)).ino)
    }
    expect(snapshot.baseDigest).toMatch(/^sha256:/)
    expect(importableTags(snapshot.dir, ['pr-1', 'develop', 'main', 'latest'], logger)).toEqual(['main'])
    expect(warnings).toEqual([expect.stringContaining('Scope develop is not used')])
  })

  test('store blobs still writable are made read-only before they are linked: the link shares their inode', () => {
    writeCacheTag(layout.root, 'main')
    expect(storeBlobs().map(mode)).toContain(0o644)
    const snapshot = createSnapshot(lock, layout, 'job-1', 'main', logger)
    expect(storeBlobs().map(mode)).toEqual(storeBlobs().map(() => 0o444))
    const links = fs.readdirSync(storeLayout(snapshot.dir).blobs).map((name) => path.join(storeLayout(snapshot.dir).blobs, name))
    expect(links.map(mode)).toEqual(links.map(() => 0o444))
  })

  test('a tag whose manifest does not match its digest is skipped with a warning; the next scope is used', () => {
    writeCacheTag(layout.root, 'main')
    const dev = writeCacheTag(layout.root, 'dev')
    fs.writeFileSync(blobFile(layout.root, dev.entry.digest), '{"schemaVersion":2,"manifests":[]}'.padEnd(dev.entry.size, ' '))
    const snapshot = createSnapshot(lock, layout, 'job', 'pr-1', logger)
    expect(importableTags(snapshot.dir, ['pr-1', 'dev', 'main'], logger)).toEqual(['main'])
    expect(warnings).toEqual([`Scope dev is not used: manifest ${dev.entry.digest} does not match its digest`])
  })

  test('a corrupt index.json is moved aside and the job runs cold', () => {
    fs.writeFileSync(layout.index, '{not json')
    const snapshot = createSnapshot(lock, layout, 'job-1', 'main', logger)
    expect(snapshot.baseDigest).toBe('')
    expect(fs.readdirSync(layout.root).some((name) => name.startsWith('index.json.corrupt-'))).toBe(true)
    expect(warnings[0]).toMatch(/not JSON.*runs cold/)
  })

  test('snapshot names are unique per attempt and safe as a folder name', () => {
    expect(snapshotName({ GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'build/x' }, 'abcd')).toBe('42-2-build_x-abcd')
    expect(snapshotName({}, 'abcd')).toBe('abcd')
  })
})

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

describe('freeBytes', () => {
  test('the free space of the volume, and none where this Node has no fs.statfsSync (before 18.15)', () => {
    expect(freeBytes(dir)).toBeGreaterThan(0)
    const statfsSync = fs.statfsSync
    delete (fs as Partial<typeof fs>).statfsSync
    try {
      expect(freeBytes(dir)).toBeUndefined()
    } finally {
      fs.statfsSync = statfsSync
    }
  })
})

describe('openStore', () => {
  test('refuses a store that is a symlink', () => {
    const target = path.join(dir, 'elsewhere')
    fs.mkdirSync(target)
    fs.symlinkSync(target, path.join(volume, 'linked'))
    expect(() => openStore(volume, 'linked')).toThrow(UnsafeStoreError)
    expect(fs.readdirSync(target)).toEqual([])
  })

  test('reading an absent index is an empty store', () => {
    expect(readStoreIndex(lock, layout, logger).manifests).toEqual([])
  })
})
