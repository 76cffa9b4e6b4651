// The persistent builder against a real docker-container builder running a
// real BuildKit. No such image can be pulled in CI, so this suite runs only
// where CACHEKEEPER_BUILDKIT_IMAGE names one (README: "What the tests prove"
// lists it as a check made outside CI); without it the suite is reported as
// skipped, never as passed. Optional: CACHEKEEPER_BUILDKITD_CONFIG (a
// buildkitd.toml, e.g. for a plain-HTTP registry) and
// CACHEKEEPER_REGISTRY_BASE_IMAGE (the FROM image the builder pulls).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildx, ensureEngine, run, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { BUILDKIT_IMAGE, builderCacheBytes, containerId, newJobContainerEnv, REGISTRY_BASE_IMAGE, removeNode } from '../../scripts/lib/persistent.mjs'
import { eventFor, runJob } from '../../scripts/lib/runner-emulation.mjs'

const id = randomBytes(3).toString('hex')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'persistent-buildkit-'))
const made = { builders: [], dirs: [work] }
const driverOpts = `image=${BUILDKIT_IMAGE}\nnetwork=host`
// The image here is BuildKit v0.32.2, which main warns about (older than v0.33.1); the first test checks that warning once.
const warnings = (phase) =>
  phase.warnings.filter((warning) => !warning.includes('Mount a volume there') && !warning.startsWith('The persistent builder runs BuildKit v0.32'))

function repo(label) {
  const name = `ckb-${label}-${id}`
  made.builders.push(`cachekeeper-${name}`)
  return name
}

/** A new job container: a fresh docker and buildx configuration, so buildx has no record of any builder. */
function jobContainer() {
  const { dir, env } = newJobContainerEnv()
  made.dirs.push(dir)
  return env
}

function job({ volume, name, project, inputs = {} }) {
  const env = jobContainer()
  return buildJob({
    volume,
    project,
    event: eventFor('push'),
    inputs: { 'repo-name': name, 'persistent-builder': 'true', 'builder-driver-opts': driverOpts, ...inputs },
    env,
    buildEnv: { ...process.env, ...env }
  })
}

const node = (builder) => `buildx_buildkit_${builder}0`
const nodes = (builder) =>
  run('docker', ['ps', '-a', '--filter', `name=^${node(builder)}$`, '--format', '{{.Names}}'])
    .stdout.split('\n')
    .filter(Boolean)
const project = (label, options = {}) => writeProject(path.join(work, label), { nonce: `${id}-${label}`, base: REGISTRY_BASE_IMAGE, ...options })

const suite = BUILDKIT_IMAGE ? describe : describe.skip

beforeAll(() => {
  if (BUILDKIT_IMAGE) ensureEngine()
})

afterAll(() => {
  for (const builder of made.builders) removeNode(builder)
  for (const dir of made.dirs) fs.rmSync(dir, { recursive: true, force: true })
})

suite(`session-only: a real docker-container builder (CACHEKEEPER_BUILDKIT_IMAGE=${BUILDKIT_IMAGE || 'unset'})`, () => {
  test('two jobs in a row, each in a new job container: the same container serves both, the second build is warm, pre with a tiny builder-max-age keeps it; a removed builder comes back warm from the store', async () => {
    const name = repo('row')
    const builder = `cachekeeper-${name}`
    const volume = path.join(work, 'row')
    const dir = project('row')

    const first = await job({ volume, name, project: dir })
    expect(first.job.status).toBe('success')
    expect(warnings(first.job.main)).toEqual([])
    expect(first.job.main.warnings).toContainEqual(expect.stringMatching(/^The persistent builder runs BuildKit v0\.32\.2, older than v0\.33\.1: /))
    expect(first.outputs.builder).toBe(builder)
    expect(first.job.main.stdout).toMatch(/how\s+created/)
    expect(first.build.ok).toBe(true)
    expect(first.build.cached).toBe(0)
    const container = containerId(node(builder))
    expect(container).toBeDefined()

    await sleep(1500)
    const second = await job({ volume, name, project: dir, inputs: { 'builder-max-age': '1s' } })
    expect(second.job.status).toBe('success')
    expect(second.job.pre.code).toBe(0)
    expect(second.job.pre.stdout).not.toContain(builder)
    expect(second.job.main.stdout).toMatch(/how\s+attached/)
    expect(containerId(node(builder))).toBe(container)
    expect(second.build.steps).toBeGreaterThan(0)
    expect(second.build.cached).toBe(second.build.steps)
    console.log(
      `persistent builder: first build ${first.build.seconds.toFixed(2)} s, second (new job container, same builder) ${second.build.seconds.toFixed(2)} s, ${second.build.cached}/${second.build.steps} CACHED`
    )

    // The builder is gone (a host reboot with a wiped engine, a manual rm): the next job makes it again and reads the store.
    removeNode(builder)
    const third = await job({ volume, name, project: dir })
    expect(third.job.status).toBe('success')
    expect(third.job.main.stdout).toMatch(/how\s+created/)
    expect(containerId(node(builder))).not.toBe(container)
    expect(third.outputs['cache-hit']).toBe('true')
    expect(third.build.cached).toBe(third.build.steps)
  })

  test('two first jobs at once: one builder container, both jobs green', async () => {
    const name = repo('pair')
    const builder = `cachekeeper-${name}`
    const volume = path.join(work, 'pair')
    const dir = project('pair')
    const [a, b] = await Promise.all([job({ volume, name, project: dir }), job({ volume, name, project: dir })])
    for (const result of [a, b]) {
      expect(result.job.status).toBe('success')
      expect(warnings(result.job.main)).toEqual([])
      expect(result.outputs.builder).toBe(builder)
      expect(result.build.ok).toBe(true)
    }
    expect(nodes(builder)).toEqual([node(builder)])
    expect([a, b].map((r) => (/how\s+(\w+)/.exec(r.job.main.stdout) ?? [])[1]).sort()).toEqual(['attached', 'created'])
  })

  test("the builder's cache stays within builder-max-size after post", async () => {
    const name = repo('budget')
    const volume = path.join(work, 'budget')
    const dir = project('budget', {
      layers: [
        ['a', 15],
        ['b', 15],
        ['c', 15]
      ]
    })
    const env = jobContainer()
    let before = 0
    const result = await runJob({
      inputs: { 'volume-path': volume, 'repo-name': name, 'persistent-builder': 'true', 'builder-driver-opts': driverOpts, 'builder-max-size': '20MB' },
      env,
      event: eventFor('push'),
      steps: async (outputs) => {
        const build = await buildx(dir, { args: ['--builder', outputs.builder], env: { ...process.env, ...env } })
        before = builderCacheBytes(outputs.builder, { ...process.env, ...env })
        return { ok: build.ok }
      }
    })
    expect(result.status).toBe('success')
    expect(result.post.warnings).toEqual([])
    const after = builderCacheBytes(`cachekeeper-${name}`, { ...process.env, ...env })
    console.log(`builder cache before post ${(before / 1e6).toFixed(1)} MB, after ${(after / 1e6).toFixed(1)} MB (builder-max-size 20MB)`)
    expect(before).toBeGreaterThan(45e6)
    expect(after).toBeLessThanOrEqual(20e6)
  })
})
