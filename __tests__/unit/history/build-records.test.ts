import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import { ANCHOR_SLACK_MS, buildTotals, historyLsArgs, jobBuilds, parseBuildRecords, type BuildRecord } from '../../../src/history/build-records.js'

const fixture = (version: string) => fs.readFileSync(new URL(`../../../__fixtures__/buildx/${version}/history-ls.json`, import.meta.url), 'utf8')

describe('parseBuildRecords on what buildx prints', () => {
  test.each(['0.29.1', '0.36.1'])('buildx %s: each finished build with its times and steps', (version) => {
    const records = parseBuildRecords(fixture(version))
    expect(records.length).toBeGreaterThanOrEqual(2)
    for (const record of records) {
      expect(record.completedMs).toBeGreaterThanOrEqual(record.startedMs)
      expect(record.name).toBe('hist-fx')
      expect(record.total).toBe(8)
    }
    expect(records.map((r) => r.cached).slice(0, 2)).toEqual([1, 0])
  })

  test('lines that are not a finished record are skipped, never filled in', () => {
    const text = [
      'not json',
      'null',
      JSON.stringify({ created_at: '2026-01-01T00:00:00Z', cached_steps: 1, total_steps: 2 }), // running: no completed_at
      JSON.stringify({ created_at: '2026-01-01T00:00:02Z', completed_at: '2026-01-01T00:00:01Z', cached_steps: 1, total_steps: 2 }), // ends before it starts
      JSON.stringify({ created_at: '2026-01-01T00:00:00Z', completed_at: '2026-01-01T00:00:03Z', cached_steps: '1', total_steps: 2 }),
      JSON.stringify({ ref: 'b/b/x', name: 'app', created_at: '2026-01-01T00:00:00Z', completed_at: '2026-01-01T00:00:03Z', cached_steps: 2, total_steps: 5 })
    ].join('\n')
    expect(parseBuildRecords(text)).toEqual([
      { ref: 'b/b/x', name: 'app', startedMs: Date.parse('2026-01-01T00:00:00Z'), completedMs: Date.parse('2026-01-01T00:00:03Z'), cached: 2, total: 5 }
    ])
  })
})

test.each([
  [undefined, ['buildx', 'history', 'ls', '--format', 'json']],
  ['cachekeeper-app', ['buildx', 'history', 'ls', '--builder', 'cachekeeper-app', '--format', 'json']]
])('historyLsArgs(%s)', (builder, args) => expect(historyLsArgs(builder)).toEqual(args))

const build = (ref: string, startedMs: number, completedMs: number, cached = 0, total = 4): BuildRecord => ({
  ref,
  name: 'app',
  startedMs,
  completedMs,
  cached,
  total
})

describe('jobBuilds', () => {
  const mine = build('mine', 10_000, 13_000, 2)
  const neighbour = build('neighbour', 11_000, 12_500)
  const before = build('before', 5_000, 9_000)
  const after = build('after', 20_000, 21_000)
  const records = [after, neighbour, mine, before]

  test('without an anchor: every build of the window, oldest first', () => {
    expect(jobBuilds(records, { fromMs: 9_500, toMs: 15_000, anchorsMs: [] })).toEqual([mine, neighbour])
  })
  test("with one: only the build that ended as the export's index.json was written, so another job's build on a shared builder is left out", () => {
    expect(jobBuilds(records, { fromMs: 9_500, toMs: 15_000, anchorsMs: [13_040] })).toEqual([mine])
  })
  test('an anchor with no build near it gives none (the caller falls back to the job time)', () => {
    expect(jobBuilds(records, { fromMs: 9_500, toMs: 15_000, anchorsMs: [13_000 + 3 * ANCHOR_SLACK_MS] })).toEqual([undefined])
  })
})

test('buildTotals sums each build (bake targets side by side count each)', () => {
  expect(buildTotals([build('a', 0, 1000, 1, 3), build('b', 500, 2500, 2, 4)])).toEqual({ ms: 3000, cached: 3, total: 7 })
  expect(buildTotals([])).toEqual({ ms: 0, cached: 0, total: 0 })
})
