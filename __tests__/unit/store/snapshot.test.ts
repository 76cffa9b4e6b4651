import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { storeLayout, type StoreLayout } from '../../../src/store/layout.js'
import type { LockHandle } from '../../../src/store/lock.js'
import { createSnapshot, importableTags, snapshotName } from '../../../src/store/snapshot.js'
import { blobFile, writeCacheTag } from '../../../__fixtures__/oci.js'
import { eachLockedStore } from '../../../__fixtures__/store-lock.js'

let layout: StoreLayout
let lock: LockHandle
const { warnings, logger } = eachLockedStore('snapshot-test-', (store) => ({ layout, lock } = store))

const mode = (file: string) => fs.lstatSync(file).mode & 0o777
const storeBlobs = () => fs.readdirSync(layout.blobs).map((name) => path.join(layout.blobs, name))

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
