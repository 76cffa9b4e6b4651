import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { recordingRunner } from '../../../__fixtures__/runner.js'
import type { BuildRecord } from '../../../src/history/build-records.js'
import type { WorthHistory } from '../../../src/history/scope-history.js'
import { worthState } from '../../../src/history/worth-state.js'
import { builderSteps, worthStep } from '../../../src/phases/worth-step.js'
import type { JobState } from '../../../src/runner/state.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'

let volume: string
let storeRoot: string
beforeEach(() => {
  volume = fs.mkdtempSync(path.join(os.tmpdir(), 'worth-'))
  storeRoot = path.join(volume, 'acme__app')
  writeCacheTag(storeRoot, 'main')
})
afterEach(() => fs.rmSync(volume, { recursive: true, force: true }))

const build = (startedMs: number, ms: number, cached: number): BuildRecord => ({
  ref: String(startedMs),
  name: 'app',
  startedMs,
  completedMs: startedMs + ms,
  cached,
  total: 4
})

/** One job's post: main ended at `at`, its one build took `ms` with `cached` steps, post began 5 s after main. */
async function post(at: number, ms: number, cached: number, extra: Partial<JobState> = {}) {
  const runner = recordingRunner({})
  const state: JobState = {
    backend: 'local',
    storeRoot,
    worth: worthState({ volumePath: volume, repoName: 'acme__app' }, [{ writeTag: 'main', restoredTag: 'main' }], at),
    ...extra
  }
  await worthStep(state, Promise.resolve([build(at + 100, ms, cached)]), [{}], runner, at + 5_000)
  return runner
}

const historyFile = () => path.join(storeRoot, '.meta', 'history.json')
const totalsOf = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as WorthHistory).totals

describe('worthStep', () => {
  test("a cold job then warm ones: one line each with the estimate and the trend, kept in the store's .meta; no hint for a warm scope", async () => {
    await post(0, 3_000, 0)
    let runner = await post(60_000, 400, 4)
    for (let i = 2; i < 5; i++) runner = await post(i * 60_000, 400, 4)
    expect(runner.tables).toHaveLength(1)
    expect(runner.tables[0].title).toMatch(
      /^Cache worth, scope main: build 0\.4 s, 4 of 4 steps cached, saved ~2\.6 s against the last cold one's 3\.0 s, an estimate; last 5 jobs █▁▁▁▁ .*hit 4 of 5 \(80%\)$/
    )
    expect(runner.tables[0].rows).toHaveLength(5)
    expect(runner.log.filter(({ level }) => level === 'notice' || level === 'warning')).toEqual([])
    expect(totalsOf(historyFile())).toEqual({ jobs: 5, hits: 4, cachedSteps: 16, totalSteps: 20, savedMs: 4 * 2_600 })
  })

  test('a scope never hit in five jobs: one hint, with what to change', async () => {
    let runner = await post(0, 3_000, 0)
    for (let i = 1; i < 5; i++) runner = await post(i * 60_000, 3_000, 0)
    const notices = runner.log.filter(({ level }) => level === 'notice')
    expect(notices).toHaveLength(1)
    expect(notices[0].text).toMatch(
      /^The build cache is not paying off: scope main was never hit in its last 5 jobs\..*mode: min.*read-only: true for pull requests.*another backend/
    )
  })

  test('dry-run: the line, nothing written', async () => {
    const runner = await post(0, 3_000, 0, { dryRun: true })
    expect(runner.tables[0].title).toMatch(/^Cache worth, scope main: build 3\.0 s, 0 of 4 steps cached, ran cold/)
    expect(fs.existsSync(historyFile())).toBe(false)
  })

  test('no store and no volume: this build only, and why', async () => {
    const runner = recordingRunner({})
    const worth = worthState({ volumePath: path.join(volume, 'absent'), repoName: 'acme__app' }, [{ writeTag: 'main' }], 0)
    await worthStep({ backend: 'registry', worth }, Promise.resolve([build(1_000, 2_000, 0)]), [], runner, 4_000)
    expect(runner.tables[0].title).toBe(
      `Cache worth, scope main: build 2.0 s, 0 of 4 steps cached, ran cold: the reference for the next jobs (this build only: no history is kept: volume-path ${path.join(volume, 'absent')} does not exist)`
    )
  })

  test("no store, a volume: the repository's history under volume-path/.history", async () => {
    const worth = worthState({ volumePath: volume, repoName: 'acme__registry' }, [{ writeTag: 'main' }], 0)
    await worthStep({ backend: 'registry', worth }, Promise.resolve([build(1_000, 2_000, 0)]), [], recordingRunner({}), 4_000)
    expect(totalsOf(path.join(volume, '.history', 'acme__registry.json')).jobs).toBe(1)
  })

  test('metrics-file: the host figures rewritten after the record', async () => {
    const metricsFile = path.join(volume, 'node-exporter', 'cache.prom')
    fs.mkdirSync(path.dirname(metricsFile))
    const runner = recordingRunner({})
    const worth = worthState({ volumePath: volume, repoName: 'acme__app', metricsFile }, [{ writeTag: 'main' }], 0)
    await worthStep({ backend: 'local', storeRoot, worth }, Promise.resolve(undefined), [{ anchorMs: 3_000 }], runner, 4_000)
    expect(fs.readFileSync(metricsFile, 'utf8')).toContain('buildkit_cache_keeper_builds_total{repo="acme__app"} 1')
    expect(fs.readdirSync(path.dirname(metricsFile))).toEqual(['cache.prom'])
  })

  test('a metrics-file whose folder is missing: a warning naming it, the job goes on', async () => {
    const runner = recordingRunner({})
    const worth = worthState({ volumePath: volume, repoName: 'acme__app', metricsFile: '/nonexistent/cache.prom' }, [{ writeTag: 'main' }], 0)
    await worthStep({ backend: 'local', storeRoot, worth }, Promise.resolve(undefined), [{}], runner, 4_000)
    expect(runner.log.filter(({ level }) => level === 'warning').map(({ text }) => text)).toEqual([
      expect.stringMatching(/^metrics-file \/nonexistent\/cache\.prom not written: /)
    ])
  })
})

test('a build that left no trace (it failed): one line, nothing recorded', async () => {
  const runner = recordingRunner({})
  const worth = worthState({ volumePath: volume, repoName: 'acme__app' }, [{ writeTag: 'main', restoredTag: 'main' }], 0)
  await worthStep({ backend: 'local', storeRoot, worth }, Promise.resolve(undefined), [{}], runner, 4_000)
  expect(runner.tables).toEqual([])
  expect(runner.log).toContainEqual({
    level: 'info',
    text: "Cache worth, scope main: nothing recorded: post found neither a BuildKit record of this job's build nor a cache export to time it by"
  })
  expect(fs.existsSync(historyFile())).toBe(false)
})

test("builderSteps: the persistent builder's builds since main attached it, oldest first", () => {
  expect(builderSteps([build(3_000, 10, 1), build(500, 10, 2), build(2_000, 10, 3)], 1_000)).toEqual([
    { name: 'app', cached: 3, total: 4 },
    { name: 'app', cached: 1, total: 4 }
  ])
  expect(builderSteps(undefined, 0)).toBeUndefined()
  expect(builderSteps([], undefined)).toBeUndefined()
})
