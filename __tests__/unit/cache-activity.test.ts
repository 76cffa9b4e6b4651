import { afterEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { builderCacheRow, cacheActivityOutputs, cacheActivityRows, type CacheActivity } from '../../src/report/cache-activity.js'
import { formatBytes } from '../../src/config/units.js'
import { keptWords, sweepWords } from '../../src/report/gc-words.js'
import { storeLayout } from '../../src/store/layout.js'
import { createSnapshot, wasExported } from '../../src/store/snapshot.js'
import { exportUsage, type ExportUsage } from '../../src/store/usage.js'
import { writeCacheTag } from '../../__fixtures__/oci.js'
import { holdStoreLock, type HeldStoreLock } from '../../__fixtures__/store-lock.js'

const MiB = 1024 ** 2
const silent = { info: () => {}, warning: () => {}, debug: () => {} }

function activity(overrides: Partial<CacheActivity> = {}): CacheActivity {
  return {
    dryRun: false,
    exports: [],
    scopesKept: ['main'],
    scopesDropped: [],
    gc: 'deleted 0 blobs (0B)',
    storeBlobs: 10,
    storeBytes: 100 * MiB,
    maxSizeBytes: 1024 * MiB,
    staleSnapshots: [],
    ...overrides
  }
}
const exported = (blobs: number, bytes: number, newBlobs: number, newBytes: number): ExportUsage => ({ state: 'exported', blobs, bytes, newBlobs, newBytes })

describe('sweepWords', () => {
  const ran = { droppedTags: [], sweptBlobs: 2, sweptBytes: 2048, keptBlobs: 5, keptBytes: 4096 }
  test.each([
    ['a sweep that ran', ran, false, 'deleted 2 blobs (2KiB)'],
    ['a dry run', ran, true, 'would delete 2 blobs (2KiB)'],
    [
      'an aborted sweep shows no counts',
      { ...ran, sweptBlobs: 0, sweptBytes: 0, aborted: 'could not read /v/app/blobs/sha256: EIO' },
      false,
      'aborted: could not read /v/app/blobs/sha256: EIO'
    ]
  ])('%s', (_label, gc, dryRun, expected) => expect(sweepWords(gc, dryRun)).toBe(expected))

  test('keptWords: the store after the sweep, nothing when it was aborted', () => {
    expect(keptWords(ran)).toBe('5 blobs (4KiB)')
    expect(keptWords({ ...ran, aborted: 'EIO' })).toBeUndefined()
  })
})

describe("post's table and outputs", () => {
  test('a warm build: little new, the store against max-size', () => {
    const rows = cacheActivityRows(activity({ exports: [{ tag: 'main', promoted: 'nothing: the cache is unchanged', usage: exported(10, 100 * MiB, 0, 0) }] }))
    expect(rows).toEqual([
      ['promoted', 'nothing: the cache is unchanged'],
      ['re-used', '10 blobs, 100MiB (100% of the exported cache)'],
      ['new (cache miss)', '0 blobs, 0B (0%)'],
      ['scopes kept', 'main'],
      ['scopes dropped', 'none'],
      ['gc', 'deleted 0 blobs (0B)'],
      ['store', '10 blobs, 100MiB of 1GiB max-size (10%)']
    ])
    expect(cacheActivityOutputs(activity())).toEqual({ 'cache-size': String(100 * MiB), 'cache-new-bytes': '0' })
  })

  test('a cold build: everything new', () => {
    const a = activity({
      exports: [{ tag: 'main', promoted: 'main: 4 new blobs, 8MiB', usage: exported(4, 8 * MiB, 4, 8 * MiB) }],
      storeBlobs: 4,
      storeBytes: 8 * MiB
    })
    expect(cacheActivityRows(a).slice(0, 3)).toEqual([
      ['promoted', 'main: 4 new blobs, 8MiB'],
      ['re-used', '0 blobs, 0B (0% of the exported cache)'],
      ['new (cache miss)', '4 blobs, 8MiB (100%)']
    ])
    expect(cacheActivityOutputs(a)).toEqual({ 'cache-size': String(8 * MiB), 'cache-new-bytes': String(8 * MiB) })
  })

  test('bake targets: one promotion row each, totals summed', () => {
    const a = activity({
      exports: [
        { tag: 'api-main', promoted: 'api-main: 1 new blobs, 1MiB', usage: exported(3, 3 * MiB, 1, MiB) },
        { tag: 'worker-main', promoted: 'nothing: the cache is unchanged', usage: exported(2, 2 * MiB, 0, 0) }
      ]
    })
    expect(cacheActivityRows(a).slice(0, 4)).toEqual([
      ['promoted api-main', 'api-main: 1 new blobs, 1MiB'],
      ['promoted worker-main', 'nothing: the cache is unchanged'],
      ['re-used', '4 blobs, 4MiB (80% of the exported cache)'],
      ['new (cache miss)', '1 blob, 1MiB (20%)']
    ])
    expect(cacheActivityOutputs(a)['cache-new-bytes']).toBe(String(MiB))
  })

  test('nothing exported: one row with the reasons, no new bytes', () => {
    const a = activity({ exports: [{ tag: 'main', promoted: 'nothing: no cache was exported', usage: { state: 'none', reason: 'no cache was exported' } }] })
    expect(cacheActivityRows(a)).toContainEqual(['re-used / new', 'nothing exported: no cache was exported'])
    expect(cacheActivityOutputs(a)['cache-new-bytes']).toBe('0')
  })

  test('an aborted sweep: no store counts, cache-size left empty', () => {
    const a = activity({ gc: 'aborted: index.json could not be read', storeBlobs: undefined, storeBytes: undefined })
    expect(cacheActivityRows(a).map(([name]) => name)).not.toContain('store')
    expect(cacheActivityOutputs(a)).toEqual({ 'cache-size': '', 'cache-new-bytes': '0' })
  })

  test('scopes dropped, a dry run, a long list, the builder cache and old snapshots', () => {
    const kept = Array.from({ length: 12 }, (_, i) => `pr-${i}`)
    const rows = cacheActivityRows(
      activity({ dryRun: true, scopesKept: kept, scopesDropped: ['old'], builderCacheBytes: 3 * MiB, staleSnapshots: ['dead-job'], maxSizeBytes: undefined })
    )
    expect(rows).toContainEqual(['scopes kept', 'pr-0, pr-1, pr-2, pr-3, pr-4, pr-5, pr-6, pr-7, pr-8, pr-9, and 2 more'])
    expect(rows).toContainEqual(['scopes would drop', 'old'])
    expect(rows).toContainEqual(['store', '10 blobs, 100MiB'])
    expect(rows).toContainEqual(['builder cache', '3MiB'])
    expect(rows).toContainEqual(['old snapshots removed', 'dead-job'])
    expect(cacheActivityRows(activity()).map(([name]) => name)).not.toContain('builder cache')
  })

  test('the builder cache against builder-max-size, in the promotion table and alone (no volume)', () => {
    expect(cacheActivityRows(activity({ builderCacheBytes: 3 * MiB, builderMaxBytes: 12 * MiB }))).toContainEqual([
      'builder cache',
      '3MiB of 12MiB builder-max-size (25%)'
    ])
    expect(builderCacheRow(18.8e6, 20e6)).toEqual(['builder cache', `${formatBytes(18.8e6)} of ${formatBytes(20e6)} builder-max-size (94%)`])
  })
})

describe('exportUsage', () => {
  const dirs: string[] = []
  const holds: HeldStoreLock[] = []
  afterEach(async () => {
    for (const held of holds.splice(0)) await held.release()
    dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }))
  })
  /** A store with main and a job's snapshot of it, the store's lock held until the test ends. */
  async function storeWithSnapshot(tag: string) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-'))
    dirs.push(root)
    const layout = storeLayout(root)
    writeCacheTag(root, 'main', { layers: 3 })
    fs.mkdirSync(layout.staging)
    const held = await holdStoreLock(layout)
    holds.push(held)
    const { lock } = held
    const snapshot = createSnapshot(lock, layout, 'job', tag, silent)
    return { lock, layout, snapshot }
  }

  test('a snapshot BuildKit never exported into counts as nothing exported, even with the tag present', async () => {
    const { lock, layout, snapshot } = await storeWithSnapshot('main')
    expect(wasExported(snapshot.dir)).toBe(false)
    expect(exportUsage(lock, layout, snapshot.dir, 'main')).toEqual({ state: 'none', reason: 'no cache was exported' })
    expect(exportUsage(lock, layout, snapshot.dir, undefined)).toEqual({ state: 'none', reason: 'read-only job' })
  })

  test('the same cache exported again: all re-used, nothing new', async () => {
    const { lock, layout, snapshot } = await storeWithSnapshot('main')
    const index = path.join(snapshot.dir, 'index.json')
    fs.writeFileSync(index, fs.readFileSync(index)) // BuildKit rewrites it in place
    expect(wasExported(snapshot.dir)).toBe(true)
    const usage = exportUsage(lock, layout, snapshot.dir, 'main')
    expect(usage).toMatchObject({ state: 'exported', blobs: 5, newBlobs: 0, newBytes: 0 })
  })

  test('a new scope sharing nothing: every blob new, the bytes counted from the files', async () => {
    const { lock, layout, snapshot } = await storeWithSnapshot('feature')
    writeCacheTag(snapshot.dir, 'feature', { layers: 2 })
    const usage = exportUsage(lock, layout, snapshot.dir, 'feature')
    expect(usage.state).toBe('exported')
    if (usage.state !== 'exported') return
    expect(usage.newBlobs).toBe(4)
    expect(usage.newBlobs).toBe(usage.blobs)
    expect(usage.newBytes).toBe(usage.bytes)
    expect(usage.bytes).toBeGreaterThan(2 * 64)
  })

  test('a blob the store has with another size counts as new; an incomplete export as nothing exported', async () => {
    const { lock, layout, snapshot } = await storeWithSnapshot('feature')
    const { blobs } = writeCacheTag(snapshot.dir, 'feature', { layers: 1 })
    fs.writeFileSync(path.join(layout.blobs, blobs[0]), 'short')
    const usage = exportUsage(lock, layout, snapshot.dir, 'feature')
    expect(usage).toMatchObject({ state: 'exported', blobs: 3, newBlobs: 3 })
    fs.rmSync(path.join(snapshot.dir, 'blobs', 'sha256', blobs[1]))
    expect(exportUsage(lock, layout, snapshot.dir, 'feature')).toMatchObject({ state: 'none', reason: expect.stringMatching(/incomplete/) })
  })
})
