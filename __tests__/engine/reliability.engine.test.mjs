// Crashes, concurrency, a full disk and retention on the real engine: the
// store always passes the check afterwards and the next build is warm.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor } from '../../scripts/lib/runner-emulation.mjs'
import { readTags, storeProblems } from '../../scripts/lib/store-oracle.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-'))
const mounts = []
let counter = 0
const fresh = (name) => path.join(tmp, `${name}-${++counter}`)
const nonce = () => `${Date.now()}-${++counter}`
const DAY = 86400e3
// A killed post holds the lock; the next job takes it over once stale.
const env = { BUILDKIT_CACHE_KEEPER_LOCK_STALE_MS: '2000' }

beforeAll(() => ensureEngine())
afterAll(() => {
  for (const mount of mounts) execFileSync('umount', [mount])
  fs.rmSync(tmp, { recursive: true, force: true })
})

function expectHealthy(store) {
  expect(storeProblems(store, { hash: true }).problems).toEqual([])
}

function setLastUsed(store, times) {
  fs.mkdirSync(path.join(store, '.meta'), { recursive: true })
  fs.writeFileSync(path.join(store, '.meta', 'last-used.json'), JSON.stringify(times))
}

describe('crash at every step of post', () => {
  const KILL_POINTS = [
    'promote:blob-moved',
    'promote:blobs-moved',
    'write:index.json:before-rename',
    'promote:index-written',
    'write:last-used.json:before-rename',
    'post:last-used-written',
    'retention:index-written',
    'gc:blob-swept',
    'gc:swept',
    'post:before-snapshot-removal'
  ]
  const template = fresh('template')
  const projectDir = fresh('proj')
  const id = nonce()
  let killed = 0

  beforeAll(async () => {
    // A store with main and an expired scope, so promotion, retention and GC all have work.
    writeProject(projectDir, {
      nonce: id,
      layers: [
        ['deps', 3],
        ['app', 2]
      ]
    })
    pruneBuilderCache()
    expect((await buildJob({ volume: template, project: projectDir, event: eventFor('push'), env })).build.ok).toBe(true)
    const old = writeProject(fresh('proj'), { nonce: nonce() })
    expect((await buildJob({ volume: template, project: old, event: eventFor('push', { branch: 'old' }), env })).build.ok).toBe(true)
    setLastUsed(path.join(template, 'acme__app'), { main: Date.now(), old: Date.now() - 30 * DAY })
    writeProject(projectDir, {
      nonce: id,
      layers: [
        ['deps', 3],
        ['app', 2]
      ],
      bust: { app: 'changed' }
    })
  })

  afterAll(() => console.info(`crash test: ${killed} of ${KILL_POINTS.length} kill points exercised`))

  test.each(KILL_POINTS)('post killed at %s: every tag resolves and the next build is warm', async (point) => {
    const volume = fresh('vol')
    execFileSync('cp', ['-a', template, volume])
    const store = path.join(volume, 'acme__app')
    pruneBuilderCache()
    const crashed = await buildJob({ volume, project: projectDir, event: eventFor('push'), env, phaseEnv: { post: { BUILDKIT_CACHE_KEEPER_FAULT: point } } })
    expect(crashed.build.ok).toBe(true)
    expect(crashed.job.post.signal).toBe('SIGKILL')
    killed += 1
    expectHealthy(store)
    expect(readTags(store).main).toBeDefined()

    pruneBuilderCache()
    const next = await buildJob({ volume, project: projectDir, event: eventFor('push'), env })
    expect(next.build.ok).toBe(true)
    expect(next.build.cached).toBeGreaterThanOrEqual(2)
    expect(next.job.post.code).toBe(0)
    expect(next.job.post.warnings).toEqual([])
    expectHealthy(store)
    // After a full job the killed job's work is done: new cache promoted, expired scope gone, no leftovers.
    expect(Object.keys(readTags(store))).toEqual(['main'])
    expect(fs.readdirSync(path.join(store, '.staging')).length).toBeLessThanOrEqual(1)
    expect(fs.readdirSync(store).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})

describe('concurrency', () => {
  test('six jobs of one repo at once, mixed scopes, three rounds: no failed build, every scope kept, store intact', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const branches = ['main', 'dev', 'feature-x', 'main', 'dev', 'feature-y']
    for (let round = 1; round <= 3; round++) {
      const jobs = branches.map((branch, i) => {
        const project = writeProject(fresh('proj'), {
          nonce: `${nonce()}-${i}`,
          layers: [
            ['deps', 3],
            ['app', 1]
          ]
        })
        return buildJob({ volume, project, event: eventFor('push', { branch }) })
      })
      const results = await Promise.all(jobs)
      for (const result of results) {
        expect(result.build.ok).toBe(true)
        expect(result.job.status).toBe('success')
        expect(result.job.post.code).toBe(0)
        expect(result.job.post.warnings).toEqual([])
      }
      expect(Object.keys(readTags(store)).sort()).toEqual(['dev', 'feature-x', 'feature-y', 'main'])
      expectHealthy(store)
    }
  })
})

describe('full disk', () => {
  test('an export that fills the volume: the build succeeds, the previous store still checks, post warns', async () => {
    const volume = fresh('tmpfs')
    fs.mkdirSync(volume)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', volume])
    mounts.push(volume)
    const store = path.join(volume, 'acme__app')
    const small = writeProject(fresh('proj'), {
      nonce: nonce(),
      layers: [
        ['deps', 2],
        ['app', 1]
      ]
    })
    pruneBuilderCache()
    expect((await buildJob({ volume, project: small, event: eventFor('push') })).build.ok).toBe(true)
    const before = fs.readFileSync(path.join(store, 'index.json'), 'utf8')

    const big = writeProject(fresh('proj'), {
      nonce: nonce(),
      layers: [
        ['deps', 24],
        ['app', 1]
      ]
    })
    const full = await buildJob({ volume, project: big, event: eventFor('push') })
    expect(full.build.ok).toBe(true)
    expect(full.build.output).toMatch(/no space left on device/i)
    expect(full.job.post.code).toBe(0)
    expect(full.job.post.warnings).toEqual([expect.stringMatching(/cache export did not complete.*previous cache is kept/)])
    expect(fs.readFileSync(path.join(store, 'index.json'), 'utf8')).toBe(before)
    expectHealthy(store)

    pruneBuilderCache()
    const warm = await buildJob({ volume, project: small, event: eventFor('push') })
    expect(warm.build.cached).toBe(warm.build.steps)
  })
})

describe('retention', () => {
  test('scopes with set last-used times are trimmed to exactly the expected set; kept scopes build warm', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const projects = {}
    for (const branch of ['main', 'expired', 'older', 'recent']) {
      projects[branch] = writeProject(fresh('proj'), {
        nonce: nonce(),
        layers: [
          ['deps', 3],
          ['app', 1]
        ]
      })
      expect((await buildJob({ volume, project: projects[branch], event: eventFor('push', { branch }) })).build.ok).toBe(true)
    }
    const now = Date.now()
    setLastUsed(store, { main: now - 10 * DAY, expired: now - 20 * DAY, older: now - 5 * DAY, recent: now - 1 * DAY })
    // Room for two scopes: 'expired' goes by age, 'older' by size; main (default branch) and 'recent' stay.
    pruneBuilderCache()
    const trim = await buildJob({ volume, project: projects.main, event: eventFor('push'), inputs: { 'max-size': '11MiB', 'max-age': '14d' } })
    expect(trim.job.post.stdout).toMatch(/scopes dropped\s+expired, older/)
    expect(Object.keys(readTags(store)).sort()).toEqual(['main', 'recent'])
    expectHealthy(store)
    for (const branch of ['main', 'recent']) {
      pruneBuilderCache()
      const warm = await buildJob({ volume, project: projects[branch], event: eventFor('push', { branch }) })
      expect(warm.build.cached).toBe(warm.build.steps)
    }
  })
})
