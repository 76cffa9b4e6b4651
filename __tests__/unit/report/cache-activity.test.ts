import { describe, expect, test } from '@jest/globals'
import { builderCacheRow, cacheActivityOutputs, cacheActivityRows, type CacheActivity } from '../../../src/report/cache-activity.js'
import { formatBytes } from '../../../src/config/units.js'
import type { ExportUsage } from '../../../src/store/usage.js'

const MiB = 1024 ** 2

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
