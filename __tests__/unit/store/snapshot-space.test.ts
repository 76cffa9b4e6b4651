import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from '../../../src/log.js'
import { checkStore } from '../../../src/store/check.js'
import { updateLastUsed } from '../../../src/store/last-used.js'
import type { StoreLayout } from '../../../src/store/layout.js'
import { maintainStore } from '../../../src/store/maintain.js'
import { createSnapshot } from '../../../src/store/snapshot.js'
import { heldBytes, JOB_MAX_RUNTIME_MS, PRESSED_SNAPSHOT_MAX_AGE_MS, snapshotMaxAgeMs, snapshotSpace } from '../../../src/store/snapshot-space.js'
import { openStore } from '../../../src/store/store.js'
import type { LockHandle } from '../../../src/store/lock.js'
import { blobFile, writeBlob, writeCacheTag } from '../../../__fixtures__/oci.js'
import { holdStoreLock, type HeldStoreLock } from '../../../__fixtures__/store-lock.js'

const HOUR = 3600e3
const DAY = 24 * HOUR

let dir: string
let layout: StoreLayout
let infos: string[]
let held: HeldStoreLock
let lock: LockHandle
const logger: Logger = { info: (message) => infos.push(message), debug() {}, warning() {} }

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-space-'))
  layout = openStore(path.join(dir, 'volume'), 'app')
  infos = []
  held = await holdStoreLock(layout)
  lock = held.lock
})
afterEach(async () => {
  await held.release()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Dates a snapshot folder back, as removeOldFolders judges its age. */
const age = (snapshotDir: string, ms: number) => fs.utimesSync(snapshotDir, (Date.now() - ms) / 1000, (Date.now() - ms) / 1000)

/**
 * A store with `main` (used a day ago) and a larger `feature` (five days ago),
 * and a cancelled job's snapshot linking every blob of both. Returns the bytes of each scope.
 */
async function storeWithCancelledJob(): Promise<{ main: number; feature: number; snapshot: string }> {
  writeCacheTag(layout.root, 'main')
  writeCacheTag(layout.root, 'feature', { layers: 8 })
  const now = Date.now()
  updateLastUsed(lock, layout, { used: ['main'] }, now - DAY)
  updateLastUsed(lock, layout, { used: ['feature'] }, now - 5 * DAY)
  const bytes = Object.fromEntries((await checkStore(layout)).tags.map(({ tag, bytes }) => [tag, bytes]))
  const snapshot = createSnapshot(lock, layout, 'cancelled-job', undefined, logger).dir
  return { main: bytes.main, feature: bytes.feature, snapshot }
}

/** Retention whose max-size holds `main` alone: `feature` is evicted, and its blobs stay only in the snapshot. */
const maintainWithin = (maxSizeBytes: number) =>
  maintainStore(lock, layout, { now: Date.now(), retention: { maxAgeMs: 14 * DAY, maxSizeBytes, defaultBranch: 'main' } }, logger)

describe('snapshots of cancelled jobs', () => {
  test('a snapshot holding evicted blobs past max-size goes once older than a Gitea job can run', async () => {
    const { main, snapshot } = await storeWithCancelledJob()
    age(snapshot, 4 * HOUR)
    const result = maintainWithin(main + 10)
    expect(result.retention?.evicted).toEqual(['feature'])
    expect(result.staleSnapshots).toEqual(['cancelled-job'])
    expect(fs.existsSync(snapshot)).toBe(false)
    expect(result.snapshotBytes).toBe(0)
  })

  test('a younger one is kept, and what only it holds is counted in the size and reported', async () => {
    const { main, feature, snapshot } = await storeWithCancelledJob()
    age(snapshot, 2 * HOUR)
    const result = maintainWithin(main + 10)
    expect(result.staleSnapshots).toEqual([])
    expect(result.gc.keptBytes).toBe(main)
    expect(result.snapshotBytes).toBe(feature)
    expect(infos.join('\n')).toMatch(/Snapshots of running jobs hold .* beyond the store: over max-size/)
  })

  test('within max-size a snapshot lives as long as a job can run, and no longer', async () => {
    const { main, feature, snapshot } = await storeWithCancelledJob()
    age(snapshot, 4 * HOUR)
    expect(maintainWithin(main + feature + 10)).toMatchObject({ staleSnapshots: [], snapshotBytes: 0 })
    age(snapshot, 7 * HOUR)
    expect(maintainWithin(main + feature + 10)).toMatchObject({ staleSnapshots: ['cancelled-job'], snapshotBytes: 0 })
  })

  test('a dry run removes nothing and reports the same stale snapshot', async () => {
    const { main, snapshot } = await storeWithCancelledJob()
    age(snapshot, 7 * HOUR)
    const result = maintainStore(
      lock,
      layout,
      { now: Date.now(), dryRun: true, retention: { maxAgeMs: 14 * DAY, maxSizeBytes: main + 10, defaultBranch: 'main' } },
      logger
    )
    expect(result).toMatchObject({ staleSnapshots: ['cancelled-job'], snapshotBytes: 0 })
    expect(fs.existsSync(snapshot)).toBe(true)
  })
})

describe('snapshotSpace', () => {
  test('counts blobs the store has no link to, once however many snapshots link them', () => {
    const { blobs } = writeCacheTag(layout.root, 'main')
    const first = createSnapshot(lock, layout, 'job-1', undefined, logger).dir
    createSnapshot(lock, layout, 'job-2', undefined, logger)
    const evicted = blobFile(layout.root, blobs[0])
    const evictedBytes = fs.statSync(evicted).size
    fs.unlinkSync(evicted)
    const exported = writeBlob(first, 'a layer this job exported, not promoted yet', 'application/vnd.oci.image.layer.v1.tar')
    const space = snapshotSpace(lock, layout)
    expect(space.map(({ name, held }) => [name, [...held.values()].sort()])).toEqual(
      expect.arrayContaining([
        ['job-1', [evictedBytes, exported.size].sort()],
        ['job-2', [evictedBytes]]
      ])
    )
    expect(heldBytes(space)).toBe(evictedBytes + exported.size)
  })

  test('a snapshot whose blob folder is a link to elsewhere is not followed and holds nothing', () => {
    writeCacheTag(layout.root, 'main')
    const outside = path.join(dir, 'outside')
    writeBlob(outside, 'x'.repeat(1000), 'application/octet-stream')
    const planted = path.join(layout.staging, 'planted', 'blobs')
    fs.mkdirSync(planted, { recursive: true })
    fs.symlinkSync(path.join(outside, 'blobs', 'sha256'), path.join(planted, 'sha256'))
    fs.symlinkSync(outside, path.join(layout.staging, 'linked-job'))
    expect(snapshotSpace(lock, layout)).toEqual([{ name: 'planted', held: new Map() }])
  })

  test('no staging folder: no snapshots', () => {
    expect(snapshotSpace(lock, layout)).toEqual([])
  })
})

describe('snapshotMaxAgeMs', () => {
  test.each([
    ['within max-size', 500, 400, 1000, JOB_MAX_RUNTIME_MS],
    ['over max-size only with what snapshots hold', 500, 600, 1000, PRESSED_SNAPSHOT_MAX_AGE_MS],
    ['the store size unknown', undefined, 600, 1000, JOB_MAX_RUNTIME_MS],
    ['no max-size (GC only)', 500, 600, undefined, JOB_MAX_RUNTIME_MS]
  ])('%s', (_name, storeBytes, snapshotBytes, maxSizeBytes, expected) => {
    expect(snapshotMaxAgeMs(storeBytes, snapshotBytes, maxSizeBytes)).toBe(expected)
  })
})
