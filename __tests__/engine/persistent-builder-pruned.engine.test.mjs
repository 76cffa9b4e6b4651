// A persistent builder that lost its cache within store-refresh, against a
// real docker-container builder running a real BuildKit: the next build starts
// warm from the store's copy, and a builder that kept its cache imports
// nothing. No such image can be pulled in CI, so this suite runs only where
// CACHEKEEPER_BUILDKIT_IMAGE names one, as persistent-builder-buildkit.engine.test.mjs;
// without it the suite is reported as skipped, never as passed. Optional:
// CACHEKEEPER_BUILDKITD_CONFIG (a buildkitd.toml, e.g. for a plain-HTTP
// registry) and CACHEKEEPER_REGISTRY_BASE_IMAGE (the FROM image the builder pulls).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, run, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { BUILDKIT_IMAGE, builderCacheBytes, containerId, newJobContainerEnv, REGISTRY_BASE_IMAGE, removeNode } from '../../scripts/lib/persistent.mjs'
import { eventFor, lines } from '../../scripts/lib/runner-emulation.mjs'

const id = randomBytes(3).toString('hex')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'persistent-pruned-'))
const made = { builders: [], dirs: [work] }
const driverOpts = `image=${BUILDKIT_IMAGE}\nnetwork=host`

function repo(label) {
  const name = `ckp-${label}-${id}`
  made.builders.push(`cachekeeper-${name}`)
  return name
}

/** One job in a new job container (a fresh buildx configuration); `env` is that container's client environment. */
async function job({ volume, name, project, branch = 'main', inputs = {} }) {
  const { dir, env } = newJobContainerEnv()
  made.dirs.push(dir)
  const buildEnv = { ...process.env, ...env }
  const result = await buildJob({
    volume,
    project,
    event: eventFor('push', { branch }),
    inputs: { 'repo-name': name, 'persistent-builder': 'true', 'builder-driver-opts': driverOpts, ...inputs },
    env,
    buildEnv
  })
  return { ...result, env: buildEnv }
}

const node = (builder) => `buildx_buildkit_${builder}0`
const project = (label, options = {}) => writeProject(path.join(work, label), { nonce: `${id}-${label}`, base: REGISTRY_BASE_IMAGE, ...options })

/** The digest of scope `tag` in a store's index.json (volume/<repo>/index.json), read apart from src/. */
function scopeDigest(volume, name, tag = 'main') {
  const index = JSON.parse(fs.readFileSync(path.join(volume, name, 'index.json'), 'utf8'))
  return index.manifests.find((entry) => entry.annotations?.['org.opencontainers.image.ref.name'] === tag)?.digest
}

/** Main's line about the kept store copy of scope main, or '' when it kept none. */
const keptLine = (result) => /^The store's copy of scope main .*$/m.exec(result.job.main.stdout)?.[0] ?? ''
const localFrom = (result) => lines(result.outputs['cache-from']).filter((entry) => entry.startsWith('type=local,'))
const localTo = (result) => lines(result.outputs['cache-to']).filter((entry) => entry.startsWith('type=local,'))

/** Job 1 on a new builder (created: it exports, the store written), as every case here starts. */
async function firstJob(label) {
  const name = repo(label)
  const volume = path.join(work, label)
  fs.mkdirSync(volume)
  const dir = project(label)
  const first = await job({ volume, name, project: dir })
  expect(first.job.status).toBe('success')
  expect(first.job.main.stdout).toMatch(/how\s+created/)
  expect(first.build.ok).toBe(true)
  expect(first.build.steps).toBeGreaterThan(0)
  expect(first.build.cached).toBe(0)
  expect(localTo(first)).toHaveLength(1)
  expect(scopeDigest(volume, name)).toBeDefined()
  return { name, builder: `cachekeeper-${name}`, volume, dir, first }
}

const suite = BUILDKIT_IMAGE ? describe : describe.skip

beforeAll(() => {
  if (BUILDKIT_IMAGE) ensureEngine()
})

afterAll(() => {
  for (const builder of made.builders) removeNode(builder)
  for (const dir of made.dirs) fs.rmSync(dir, { recursive: true, force: true })
})

suite(`session-only: a pruned persistent builder within store-refresh (CACHEKEEPER_BUILDKIT_IMAGE=${BUILDKIT_IMAGE || 'unset'})`, () => {
  test('`docker buildx prune -af` after job 1: job 2 imports the store copy (every step CACHED) and exports nothing; job 3 re-runs only the steps its change reaches, on layers read from the store', async () => {
    const { name, builder, volume, dir, first } = await firstJob('pruned')
    const container = containerId(node(builder))
    const before = builderCacheBytes(builder, first.env)
    const digest = scopeDigest(volume, name)

    // A workflow step's clean-up: the builder's whole cache goes, the container stays.
    run('docker', ['buildx', 'prune', '--builder', builder, '-af'], { env: first.env })
    const after = builderCacheBytes(builder, first.env)
    expect(after).toBeLessThan(before / 10)

    const second = await job({ volume, name, project: dir })
    expect(second.job.status).toBe('success')
    expect(second.job.main.stdout).toMatch(/how\s+attached/)
    expect(containerId(node(builder))).toBe(container)
    expect(keptLine(second)).toMatch(
      /within store-refresh \(60m\): this build on the persistent builder does not export it; builder \S+ holds .*: the builder lost the cache, so the build imports the copy$/
    )
    expect(localFrom(second)).toEqual([expect.stringMatching(/,tag=main$/)])
    expect(localTo(second)).toEqual([])
    expect(second.build.ok).toBe(true)
    expect(second.build.steps).toBe(first.build.steps)
    expect(second.build.cached).toBe(second.build.steps)
    // The copy was kept: not exported, not promoted, the store's scope as job 1 wrote it.
    expect(second.job.post.stdout).toMatch(/nothing: the store copy is younger than store-refresh/)
    expect(scopeDigest(volume, name)).toBe(digest)

    // The next change builds on what job 2 imported without exporting it: its layers still come from the store.
    const changed = project('pruned', { bust: { app: 'job-3' } })
    const third = await job({ volume, name, project: changed })
    expect(third.job.status).toBe('success')
    expect(third.build.ok).toBe(true)
    expect(third.build.steps).toBe(first.build.steps)
    expect(third.build.cached).toBeGreaterThan(0)
    expect(third.build.cached).toBeLessThan(third.build.steps)
    console.log(
      `pruned builder: ${(before / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(1)} MB; job 2 ${second.build.cached}/${second.build.steps} CACHED in ${second.build.seconds.toFixed(2)} s ` +
        `(cache-from ${localFrom(second).length} local entry, cache-to none); job 3 (one step changed) ${third.build.cached}/${third.build.steps} CACHED; job 2: ${keptLine(second)}; job 3: ${keptLine(third)}`
    )
  })

  test('control: a builder that kept its cache builds job 2 as warm as before, importing and exporting nothing', async () => {
    const { name, builder, volume, dir, first } = await firstJob('intact')
    const container = containerId(node(builder))
    const digest = scopeDigest(volume, name)

    const second = await job({ volume, name, project: dir })
    expect(second.job.status).toBe('success')
    expect(second.job.main.stdout).toMatch(/how\s+attached/)
    expect(containerId(node(builder))).toBe(container)
    expect(keptLine(second)).toMatch(/: the builder holds the cache, so the copy is not imported either$/)
    expect([second.outputs['cache-from'], second.outputs['cache-to']]).toEqual(['', ''])
    expect(second.build.ok).toBe(true)
    expect(second.build.steps).toBe(first.build.steps)
    expect(second.build.cached).toBe(second.build.steps)
    expect(scopeDigest(volume, name)).toBe(digest)
    console.log(
      `intact builder: job 2 ${second.build.cached}/${second.build.steps} CACHED in ${second.build.seconds.toFixed(2)} s, no cache entries; ${keptLine(second)}`
    )
  })

  test("fresh-build of another scope clears the builder: main's next job within store-refresh imports and exports its copy (every step CACHED), though the builder is full again", async () => {
    const { name, builder, volume, dir, first } = await firstJob('fresh-elsewhere')
    // Scope dev builds a project of its own (no step shared with main's), as large: the builder's size alone cannot tell main's cache is gone.
    const dev = await job({ volume, name, project: project('fresh-elsewhere-dev'), branch: 'dev', inputs: { 'fresh-build': 'true' } })
    expect(dev.job.status).toBe('success')
    expect(dev.job.main.stdout).toMatch(/fresh-build\s+cache cleared/)
    expect(dev.build.ok).toBe(true)
    expect(dev.build.cached).toBe(0)
    expect(scopeDigest(volume, name, 'dev')).toBeDefined()
    const refilled = builderCacheBytes(builder, dev.env)

    const second = await job({ volume, name, project: dir })
    expect(second.job.status).toBe('success')
    expect(second.job.main.stdout).toMatch(/how\s+attached/)
    expect(keptLine(second)).toBe('')
    expect(localFrom(second)).toEqual([expect.stringMatching(/,tag=main$/)])
    expect(localTo(second)).toHaveLength(1)
    expect(second.build.ok).toBe(true)
    expect(second.build.steps).toBe(first.build.steps)
    expect(second.build.cached).toBe(second.build.steps)
    console.log(
      `fresh-build of dev: builder ${(refilled / 1e6).toFixed(1)} MB afterwards; main's next job ${second.build.cached}/${second.build.steps} CACHED, imported and exported`
    )
  })
})
