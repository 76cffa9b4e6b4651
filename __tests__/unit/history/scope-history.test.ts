import { describe, expect, test } from '@jest/globals'
import {
  emptyHistory,
  JOBS_KEPT,
  parseWorthHistory,
  recordJob,
  SCOPES_KEPT,
  weigh,
  type JobRecord,
  type WorthHistory
} from '../../../src/history/scope-history.js'

const cold = (at: number, ms: number): JobRecord => ({ at, ms, timing: 'builds', cached: 0, total: 5, hit: false, newBytes: 1000, savedMs: 0 })

function withJobs(...jobs: Array<[string, JobRecord]>): WorthHistory {
  return jobs.reduce((history, [scope, job]) => recordJob(history, scope, job), emptyHistory())
}

describe('weigh: a number only where both times were measured alike', () => {
  const history = withJobs(['main', cold(1, 3000)])
  test.each([
    ['a hit against the cold build', { at: 2, ms: 400, timing: 'builds' as const, cached: 5, total: 5, hit: true }, 2600],
    ['a hit slower than the cold build counts against', { at: 2, ms: 3500, timing: 'builds' as const, hit: true }, -500],
    ['a cold job saved nothing', { at: 2, ms: 2900, timing: 'builds' as const, hit: false }, 0],
    ['a hit timed from main to post has no reference of its kind', { at: 2, ms: 900, timing: 'job' as const, hit: true }, undefined],
    ['a job that was not timed', { at: 2, timing: 'builds' as const, hit: true }, undefined]
  ])('%s', (_name, measured, saved) => {
    expect(weigh(history, 'main', measured).savedMs).toBe(saved)
  })
  test('a hit of a scope never built cold: unknown', () => {
    expect(weigh(history, 'feature', { at: 2, ms: 900, timing: 'builds', hit: true }).savedMs).toBeUndefined()
  })
})

describe('recordJob', () => {
  test('a cold job becomes the reference; a hit keeps it; the totals count every job', () => {
    const history = withJobs(['main', cold(1, 3000)], ['main', { at: 2, ms: 500, timing: 'builds', cached: 5, total: 5, hit: true, savedMs: 2500 }])
    expect(history.scopes.main.cold).toEqual({ builds: { ms: 3000, at: 1 } })
    expect(history.totals).toEqual({ jobs: 2, hits: 1, cachedSteps: 5, totalSteps: 10, savedMs: 2500 })
  })
  test(`bounded: ${JOBS_KEPT} jobs per scope, ${SCOPES_KEPT} scopes, the least recently built dropped; the totals are never trimmed`, () => {
    let history = emptyHistory()
    for (let i = 0; i < JOBS_KEPT + 5; i++) history = recordJob(history, 'main', cold(i, 1000 + i))
    for (let i = 0; i < SCOPES_KEPT + 3; i++) history = recordJob(history, `pr-${i}`, cold(100 + i, 10))
    expect(history.scopes.main).toBeUndefined()
    expect(Object.keys(history.scopes)).toHaveLength(SCOPES_KEPT)
    expect(history.scopes['pr-0']).toBeUndefined()
    expect(history.totals.jobs).toBe(JOBS_KEPT + 5 + SCOPES_KEPT + 3)
    history = recordJob(emptyHistory(), 'main', cold(0, 1))
    for (let i = 1; i < JOBS_KEPT + 5; i++) history = recordJob(history, 'main', cold(i, 1))
    expect(history.scopes.main.jobs.map((job) => job.at)).toEqual(Array.from({ length: JOBS_KEPT }, (_, i) => i + 5))
  })
})

describe('parseWorthHistory', () => {
  test('what it wrote reads back the same', () => {
    const history = withJobs(['main', cold(1, 3000)], ['pr-1', { at: 2, timing: 'job', ms: 100, hit: true }])
    expect(parseWorthHistory(JSON.stringify(history))).toEqual(history)
  })
  test.each([
    ['not JSON', '{'],
    ['JSON that is not a history', '[1,2]'],
    ['null', 'null']
  ])('%s starts over', (_name, text) => expect(parseWorthHistory(text)).toEqual(emptyHistory()))
  test('jobs and references that do not parse are left out, never guessed', () => {
    const text = JSON.stringify({
      scopes: {
        main: {
          jobs: [{ at: 1, timing: 'builds', ms: 'slow', hit: 'yes' }, { timing: 'job' }, { at: 2, timing: 'later' }],
          cold: { builds: { ms: 'x', at: 1 } }
        },
        empty: { jobs: [] }
      },
      totals: { jobs: -3, hits: 2, savedMs: 'lots' }
    })
    expect(parseWorthHistory(text)).toEqual({
      scopes: { main: { jobs: [{ at: 1, timing: 'builds', hit: false }], cold: {} } },
      totals: { jobs: 0, hits: 2, cachedSteps: 0, totalSteps: 0, savedMs: 0 }
    })
  })
})
