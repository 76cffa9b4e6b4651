import { describe, expect, test } from '@jest/globals'
import type { JobRecord, ScopeHistory } from '../../../src/history/scope-history.js'
import { hintText, HINT_MIN_JOBS, notPayingOff, savedWords, sparkline, trendWords, worthLine, worthRows } from '../../../src/history/worth-words.js'

const job = (overrides: Partial<JobRecord> = {}): JobRecord => ({
  at: Date.parse('2026-12-07T21:15:00Z'),
  timing: 'builds',
  ms: 400,
  cached: 5,
  total: 5,
  hit: true,
  ...overrides
})
const coldBuild = (ms = 3000) => job({ ms, cached: 0, hit: false, savedMs: 0 })
const cold = { builds: { ms: 3000, at: 1 } }

test.each([
  [[1, 2, 3, 4, 5, 6, 7, 8], '▁▂▃▄▅▆▇█'],
  [[3000, 400, 410, 390], '█▁▁▁'],
  [[5, 5], '▁▁'],
  [[3000, undefined, 400], '█·▁'],
  [[undefined], '·']
])('sparkline(%j)', (values, line) => expect(sparkline(values)).toBe(line))

describe('savedWords: an estimate, or why there is none', () => {
  test.each([
    ['a hit', job({ savedMs: 2600 }), cold, "saved ~2.6 s against the last cold one's 3.0 s, an estimate"],
    ['a hit slower than cold', job({ ms: 3300, savedMs: -300 }), cold, "~0.3 s slower than the last cold one's 3.0 s, an estimate"],
    ['a cold job', coldBuild(), cold, 'ran cold: the reference for the next jobs'],
    ['no cold job yet', job(), {}, 'time saved unknown: no cold job of this scope recorded yet'],
    ['not timed', job({ ms: undefined }), cold, 'time saved unknown: the build was not timed'],
    [
      'timed from main to post, reference from the builds',
      job({ timing: 'job', cached: undefined, total: undefined }),
      cold,
      'time saved unknown: no cold job of this scope recorded yet'
    ]
  ])('%s', (_name, record, references, words) => expect(savedWords(record, references)).toBe(words))
})

describe('worthLine', () => {
  const history: ScopeHistory = { jobs: [coldBuild(), job({ savedMs: 2600 }), job({ ms: 410, savedMs: 2590 }), job({ ms: 390, savedMs: 2610 })], cold }
  test('one line: this build, its steps, the estimate, the recent times and the hit rate', () => {
    expect(worthLine('main', history, true)).toBe(
      "Cache worth, scope main: build 0.4 s, 5 of 5 steps cached, saved ~2.6 s against the last cold one's 3.0 s, an estimate; last 4 jobs █▁▁▁ 0.4 s–3.0 s, hit 3 of 4 (75%)"
    )
  })
  test('without build records (buildx 0.13): the job time, a hit without a step count, never "steps cached"', () => {
    const jobs = [
      job({ timing: 'job', ms: 4200, cached: undefined, total: undefined, hit: false, savedMs: 0 }),
      job({ timing: 'job', ms: 1500, cached: undefined, total: undefined, savedMs: 2700 })
    ]
    const line = worthLine('main', { jobs, cold: { job: { ms: 4200, at: 1 } } }, true)
    expect(line).toBe(
      "Cache worth, scope main: 1.5 s from the cache step to its post, hit, saved ~2.7 s against the last cold one's 4.2 s, an estimate; last 2 jobs █▁ 1.5 s–4.2 s, hit 1 of 2 (50%)"
    )
    expect(line).not.toMatch(/steps cached/)
  })
  test('no history kept: this build only, and why', () => {
    expect(worthLine('main', { jobs: [job()], cold: {} }, { why: 'no history is kept: volume-path /opt/buildx-cache does not exist' })).toBe(
      'Cache worth, scope main: build 0.4 s, 5 of 5 steps cached, time saved unknown: no cold job of this scope recorded yet (this build only: no history is kept: volume-path /opt/buildx-cache does not exist)'
    )
  })
  test('the summary rows, newest first', () => {
    const rows = worthRows({ jobs: [coldBuild(), job({ at: Date.parse('2026-12-07T21:20:00Z'), newBytes: 0, savedMs: 2600 })], cold })
    expect(rows).toEqual([
      ['2026-12-07 21:20', "build 0.4 s; 5 of 5 steps cached; 0B new in the export; saved ~2.6 s against the last cold one's 3.0 s, an estimate"],
      ['2026-12-07 21:15', 'build 3.0 s; 0 of 5 steps cached; nothing exported; ran cold: the reference for the next jobs']
    ])
  })
})

describe('notPayingOff', () => {
  const times = (n: number, make: (i: number) => JobRecord) => Array.from({ length: n }, (_, i) => make(i))
  test.each([
    ['never hit in five jobs', times(5, () => coldBuild()), 'never hit in its last 5 jobs'],
    [
      'never hit, with what each export wrote',
      times(5, () => ({ ...coldBuild(), newBytes: 2 * 1024 ** 2 })),
      'never hit in its last 5 jobs, each exporting ~2MiB anew'
    ],
    [
      'hits that save less than a tenth of a cold build',
      [coldBuild(), ...times(4, () => job({ ms: 2900, savedMs: 100 }))],
      'hit in 4 of its last 5 jobs and saved ~0.4 s in all, under 10% of a cold build (3.0 s) per job'
    ],
    [
      'hits slower than cold',
      [coldBuild(), ...times(4, () => job({ ms: 3100, savedMs: -100 }))],
      'hit in 4 of its last 5 jobs and cost ~0.4 s more than cold builds, under 10% of a cold build (3.0 s) per job'
    ],
    ['a warm scope', [coldBuild(), ...times(4, () => job({ savedMs: 2600 }))], undefined],
    [`fewer than ${HINT_MIN_JOBS} jobs say nothing`, times(HINT_MIN_JOBS - 1, () => coldBuild()), undefined],
    ['hits whose saving is unknown say nothing', times(5, () => job({ savedMs: undefined })), undefined]
  ])('%s', (_name, jobs, why) => expect(notPayingOff({ jobs, cold })).toBe(why))
})

test('hintText names each scope and what to change', () => {
  const text = hintText([{ scope: 'pr-7', why: 'never hit in its last 5 jobs' }])
  expect(text).toContain('scope pr-7 was never hit in its last 5 jobs')
  expect(text).toContain('mode: min')
  expect(text).toContain('read-only: true for pull requests (their scopes are written and rarely read again)')
  expect(text).toContain('another backend')
})

test('trendWords of one job', () => expect(trendWords([job()])).toBe('last 1 job ▁, hit 1 of 1 (100%)'))
