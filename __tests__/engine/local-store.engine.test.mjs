// The product end to end on the real engine: the bundled action through the
// runner emulation, its outputs passed to a real `docker buildx build`.
// Every warm build runs after `docker buildx prune -af`, so CACHED steps can
// only come from the store.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildx, diskUsage, ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor } from '../../scripts/lib/runner-emulation.mjs'
import { blobNames, readTags, storeProblems } from '../../scripts/lib/store-oracle.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'local-store-'))
let counter = 0
const fresh = (name) => path.join(tmp, `${name}-${++counter}`)
const nonce = () => `${Date.now()}-${++counter}`

beforeAll(() => {
  ensureEngine()
})
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

function expectHealthy(store) {
  const { problems } = storeProblems(store, { hash: true })
  expect(problems).toEqual([])
}

async function coldThenPrune(volume, project, event = eventFor('push')) {
  pruneBuilderCache()
  const cold = await buildJob({ volume, project, event })
  expect(cold.job.status).toBe('success')
  expect(cold.build.cached).toBe(0)
  pruneBuilderCache()
  return cold
}

describe('local store on the real engine', () => {
  test('cold build, then warm build after the builder cache is pruned: every step CACHED', async () => {
    const volume = fresh('vol')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    const cold = await coldThenPrune(volume, project)
    expect(cold.outputs['cache-hit']).toBe('false')
    expect(cold.outputs['restored-scope']).toBe('')
    expect(cold.outputs.scope).toBe('main')
    expect(cold.outputs['cache-dir']).toBe(path.join(volume, 'acme__app'))
    expect(cold.job.post.code).toBe(0)
    expect(Object.keys(readTags(path.join(volume, 'acme__app')))).toEqual(['main'])

    // Control: with the builder cache pruned and no import, nothing is cached.
    const control = await buildx(project)
    expect(control.ok).toBe(true)
    expect(control.cached).toBe(0)
    pruneBuilderCache()

    const warm = await buildJob({ volume, project, event: eventFor('push') })
    expect(warm.outputs['cache-hit']).toBe('true')
    expect(warm.outputs['restored-scope']).toBe('main')
    expect(warm.build.ok).toBe(true)
    expect(warm.build.steps).toBeGreaterThanOrEqual(5)
    expect(warm.build.cached).toBe(warm.build.steps)
    expectHealthy(path.join(volume, 'acme__app'))
    expect(fs.readdirSync(path.join(volume, 'acme__app', '.staging'))).toEqual([])
  })

  test('a failed build promotes nothing and the previous cache still serves the next build', async () => {
    const volume = fresh('vol')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    await coldThenPrune(volume, project)
    const store = path.join(volume, 'acme__app')
    const before = fs.readFileSync(path.join(store, 'index.json'), 'utf8')

    const failing = writeProject(fresh('proj'), { nonce: nonce(), fail: true })
    const failed = await buildJob({ volume, project: failing, event: eventFor('push') })
    expect(failed.build.ok).toBe(false)
    expect(failed.job.status).toBe('failure')
    expect(failed.job.post.code).toBe(0)
    expect(failed.job.post.stdout).toMatch(/promoted +nothing: the cache is unchanged/)
    expect(fs.readFileSync(path.join(store, 'index.json'), 'utf8')).toBe(before)

    pruneBuilderCache()
    const warm = await buildJob({ volume, project, event: eventFor('push') })
    expect(warm.build.cached).toBe(warm.build.steps)
    expectHealthy(store)
  })

  test('a pull request reads main, writes pr-7 and leaves main untouched', async () => {
    const volume = fresh('vol')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    await coldThenPrune(volume, project)
    const store = path.join(volume, 'acme__app')
    const mainBefore = readTags(store).main

    const changed = writeProject(project, { nonce: readNonce(project), bust: { app: 'pr' } })
    const pr = await buildJob({ volume, project: changed, event: eventFor('pull_request', { number: 7, base: 'main' }) })
    expect(pr.outputs.scope).toBe('pr-7')
    expect(pr.outputs['restored-scope']).toBe('main')
    expect(pr.outputs['cache-to']).toContain('tag=pr-7')
    expect(pr.outputs['cache-to']).not.toContain('tag=main')
    // Only the changed layer and what follows it rebuild.
    expect(pr.build.cached).toBeGreaterThanOrEqual(2)
    expect(pr.build.cached).toBeLessThan(pr.build.steps)
    const tags = readTags(store)
    expect(Object.keys(tags).sort()).toEqual(['main', 'pr-7'])
    expect(tags.main).toEqual(mainBefore)
    expectHealthy(store)
  })

  test('five builds that each change a large layer: the store stays near one build, in-place export grows', async () => {
    const volume = fresh('vol')
    const project = fresh('proj')
    const inPlace = fresh('inplace')
    const id = nonce()
    let lastBuildAlone = 0
    for (let i = 1; i <= 5; i++) {
      writeProject(project, {
        nonce: id,
        layers: [
          ['deps', 2],
          ['big', 24]
        ],
        bust: { big: i }
      })
      pruneBuilderCache()
      const job = await buildJob({ volume, project, event: eventFor('push') })
      expect(job.build.ok).toBe(true)
      // The folk in-place export, on the same builds.
      const folk = await buildx(project, { cacheTo: [`type=local,dest=${inPlace},mode=max`] })
      expect(folk.ok).toBe(true)
      if (i === 5) {
        const alone = fresh('alone')
        const single = await buildx(project, { cacheTo: [`type=local,dest=${alone},mode=max`] })
        expect(single.ok).toBe(true)
        lastBuildAlone = diskUsage(alone)
      }
    }
    const ours = diskUsage(path.join(volume, 'acme__app'))
    const folk = diskUsage(inPlace)
    console.info(
      `one build's cache ${lastBuildAlone} B; our store ${ours} B (${(ours / lastBuildAlone).toFixed(2)}x); in-place export ${folk} B (${(folk / lastBuildAlone).toFixed(2)}x)`
    )
    expect(ours).toBeLessThanOrEqual(1.3 * lastBuildAlone)
    expect(folk).toBeGreaterThan(4 * lastBuildAlone)
    expectHealthy(path.join(volume, 'acme__app'))
  })

  test('two jobs of one repo build at once with overlapping posts: both succeed, both scopes kept, no reachable blob lost', async () => {
    const volume = fresh('vol')
    const projectA = writeProject(fresh('proj'), {
      nonce: nonce(),
      layers: [
        ['deps', 8],
        ['app', 4]
      ]
    })
    const projectB = writeProject(fresh('proj'), {
      nonce: nonce(),
      layers: [
        ['deps', 8],
        ['app', 4]
      ]
    })
    // Seed a third scope so GC has something reachable that neither job touches.
    await coldThenPrune(volume, writeProject(fresh('proj'), { nonce: nonce() }), eventFor('push', { branch: 'main' }))
    const store = path.join(volume, 'acme__app')
    const seeded = readTags(store).main

    const [a, b] = await Promise.all([
      buildJob({ volume, project: projectA, event: eventFor('push', { branch: 'feature-a' }) }),
      buildJob({ volume, project: projectB, event: eventFor('push', { branch: 'feature-b' }) })
    ])
    for (const job of [a, b]) {
      expect(job.build.ok).toBe(true)
      expect(job.job.status).toBe('success')
      expect(job.job.post.code).toBe(0)
      expect(job.job.post.warnings).toEqual([])
    }
    const tags = readTags(store)
    expect(Object.keys(tags).sort()).toEqual(['feature-a', 'feature-b', 'main'])
    expect(tags.main).toEqual(seeded)
    const { problems, reachable } = storeProblems(store, { hash: true })
    expect(problems).toEqual([])
    // GC swept everything unreachable and nothing reachable.
    expect(new Set(blobNames(store))).toEqual(reachable)

    pruneBuilderCache()
    const warmA = await buildJob({ volume, project: projectA, event: eventFor('push', { branch: 'feature-a' }) })
    expect(warmA.build.cached).toBe(warmA.build.steps)
  })

  test('a store made by the folk recipe (tag latest) gives a warm first build', async () => {
    const volume = fresh('vol')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    const store = path.join(volume, 'acme__app')
    pruneBuilderCache()
    const folkNew = `${store}-new`
    const folk = await buildx(project, { cacheTo: [`type=local,dest=${folkNew},mode=max`] })
    expect(folk.ok).toBe(true)
    fs.mkdirSync(volume, { recursive: true })
    fs.renameSync(folkNew, store)
    expect(Object.keys(readTags(store))).toEqual(['latest'])
    pruneBuilderCache()

    const first = await buildJob({ volume, project, event: eventFor('push') })
    expect(first.outputs['restored-scope']).toBe('latest')
    expect(first.build.cached).toBe(first.build.steps)
    expect(Object.keys(readTags(store)).sort()).toEqual(['latest', 'main'])
    expectHealthy(store)
  })

  test('used without pre (as `uses: ./` runs it) the job still works', async () => {
    const volume = fresh('vol')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    pruneBuilderCache()
    const cold = await buildJob({ volume, project, event: eventFor('push'), withPre: false })
    expect(cold.job.pre).toBeUndefined()
    expect(cold.job.status).toBe('success')
    pruneBuilderCache()
    const warm = await buildJob({ volume, project, event: eventFor('push'), withPre: false })
    expect(warm.build.cached).toBe(warm.build.steps)
  })
})

function readNonce(project) {
  return /RUN echo (\S+) > \/nonce/.exec(fs.readFileSync(path.join(project, 'Dockerfile'), 'utf8'))[1]
}
