import { describe, expect, test } from '@jest/globals'
import type { BuildRecord } from '../../../src/history/build-records.js'
import { measureJob, type ExportFacts, type ScopeMeasure } from '../../../src/history/measure.js'
import { jobWorth, worthState } from '../../../src/history/worth-state.js'

const worth = worthState({ volumePath: '/v', repoName: 'acme__app' }, [{ writeTag: 'main', restoredTag: 'main' }], 10_000)
/** The one scope's measure, failing when it was unseen. */
const measured = (all: ReturnType<typeof measureJob>) => (all[0] as ScopeMeasure).measured
const build = (startedMs: number, completedMs: number, cached: number): BuildRecord => ({
  ref: String(startedMs),
  name: 'app',
  startedMs,
  completedMs,
  cached,
  total: 6
})

describe('measureJob', () => {
  test("BuildKit's record of the build that ended with the export: its time, its steps, a hit when a step was cached", () => {
    const records = [build(11_000, 11_400, 6), build(11_100, 12_000, 0)]
    expect(measureJob(worth, records, [{ anchorMs: 11_430, newBytes: 0 }], 15_000)).toEqual([
      { scope: 'main', record: true, measured: { at: 15_000, newBytes: 0, timing: 'builds', ms: 400, cached: 6, total: 6, hit: true } }
    ])
  })
  test("a build BuildKit counts a cached step in (the FROM image the builder held), whose export re-used no step's result: no hit", () => {
    const records = [build(11_000, 13_000, 1)]
    expect(measured(measureJob(worth, records, [{ anchorMs: 13_020, reused: { results: 2, reused: 0 } }], 15_000))).toMatchObject({ cached: 1, hit: false })
  })
  test("no export (the persistent builder kept the cache): every build of the job's window", () => {
    const records = [build(9_000, 9_500, 0), build(11_000, 11_400, 6), build(12_000, 12_300, 6)]
    expect(measured(measureJob(worth, records, [{}], 15_000))).toMatchObject({ timing: 'builds', ms: 700, cached: 12, total: 12, hit: true })
  })
  test.each<[string, BuildRecord[] | undefined, ExportFacts[], boolean]>([
    ['buildx keeps no records (0.13): the job time; a hit read from the export', undefined, [{ anchorMs: 12_000, reused: { results: 3, reused: 2 } }], true],
    ['the export re-used no step result: no hit, though main restored the scope', undefined, [{ anchorMs: 12_000, reused: { results: 3, reused: 0 } }], false],
    ["an export whose cache config cannot be read: main's restored scope", undefined, [{ anchorMs: 12_000 }], true],
    ['records, but none of this job (another builder)', [build(1_000, 2_000, 3)], [{ anchorMs: 12_000 }], true]
  ])('%s', (_name, records, exports, hit) => {
    expect(measured(measureJob(worth, records, exports, 15_000))).toEqual({ at: 15_000, timing: 'job', ms: 5_000, hit })
  })
  test('no record of the build and no export (it failed, or never ran): unseen, nothing made up', () => {
    expect(measureJob(worth, undefined, [undefined], 15_000)).toEqual([{ scope: 'main', unseen: true }])
    expect(measureJob(worth, [], [{}], 15_000)).toEqual([{ scope: 'main', unseen: true }])
  })
  test('a read-only job is weighed against the scope it read, and not recorded; one that read nothing says nothing', () => {
    const readOnly = worthState({ volumePath: '/v', repoName: 'a' }, [{ restoredTag: 'main' }], 10_000)
    expect(measureJob(readOnly, [build(10_500, 11_000, 6)], [], 12_000)).toEqual([
      { scope: 'main', record: false, measured: { at: 12_000, timing: 'builds', ms: 500, cached: 6, total: 6, hit: true } }
    ])
    expect(measureJob(worthState({ volumePath: '/v', repoName: 'a' }, [{}], 10_000), undefined, [], 12_000)).toEqual([])
  })
  test('bake targets: each its own build, found by its own export', () => {
    const twoTargets = worthState({ volumePath: '/v', repoName: 'a' }, [{ writeTag: 'api-main' }, { writeTag: 'worker-main' }], 10_000)
    const records = [build(11_000, 13_000, 0), build(11_000, 11_500, 4)]
    const both = measureJob(twoTargets, records, [{ anchorMs: 13_010 }, { anchorMs: 11_520 }], 15_000) as ScopeMeasure[]
    expect(both.map(({ scope, measured: m }) => [scope, m.ms, m.hit])).toEqual([
      ['api-main', 2_000, false],
      ['worker-main', 500, true]
    ])
  })
})

test('jobWorth: nothing to weigh with cache-mode off and no builder', () => {
  const plan = { backend: 'off', images: [{ plan: { writeTag: 'main' } }] }
  const clock = { now: () => 42 }
  expect(jobWorth({ volumePath: '/v', repoName: 'a' }, plan, { images: [{ restoredTag: '' }] }, undefined, clock)).toBeUndefined()
  expect(jobWorth({ volumePath: '/v', repoName: 'a', metricsFile: '/m/h.prom' }, plan, { images: [{ restoredTag: '' }] }, {}, clock)).toMatchObject({
    mainEndMs: 42,
    images: [{ writeTag: 'main' }],
    metricsFile: '/m/h.prom'
  })
})
