// Builder pruning against the real engine: containers and volumes with the
// exact names buildx uses, in every state, old and fresh, next to named
// builders and unrelated containers that must survive.
//
// Safe on a runner host: everything this suite creates carries the run's
// label, and every bundle and CLI it starts prunes only objects with that
// label (scripts/lib/test-run.mjs). Look-alikes without it stand in for the
// builders of real jobs on the same host: old, generated names, and they must
// outlive every test here.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { containerNames, createBuilder, createVolume, removeQuietly, volumeNames, builderName } from '../../scripts/lib/builders.mjs'
import { ensureEngine } from '../../scripts/lib/docker.mjs'
import { eventFor, PROJECT_ROOT, runJob } from '../../scripts/lib/runner-emulation.mjs'
import { RUN_LABEL, testRunEnv } from '../../scripts/lib/test-run.mjs'

// builder-max-age in these tests; the grace for stopped builders is min(5 min, builder-max-age).
const MAX_AGE = '4s'
const AGE_MS = 5000
const created = { containers: [], volumes: [] }
/** Builders of "real jobs" on this host: generated names, old, without this run's label (or with another run's). */
const lookAlikes = { containers: [], volumes: [] }

beforeAll(() => {
  ensureEngine()
  const otherRun = 'buildkit-cache-keeper.test-run=another-run'
  const containers = [
    createBuilder('running', builderName(), { label: null }),
    createBuilder('exited', builderName(), { label: null }),
    createBuilder('exited', builderName(), { label: otherRun })
  ]
  lookAlikes.containers.push(...containers)
  lookAlikes.volumes.push(...containers.map((name) => `${name}_state`), createVolume(`${builderName()}_state`, { label: null }))
})
// Each test starts clean: a survivor of one test would be stale in the next.
afterEach(() => {
  removeQuietly(created.containers, created.volumes)
  created.containers = []
  created.volumes = []
})
afterAll(() => {
  removeQuietly(created.containers, created.volumes)
  removeQuietly(lookAlikes.containers, lookAlikes.volumes)
})

/** Old stale builders in every state, plus things that must survive whatever their age. */
async function scene() {
  const stale = {
    running: createBuilder('running'),
    exited: createBuilder('exited'),
    created: createBuilder('created'),
    orphanVolume: createVolume(`${builderName()}_state`)
  }
  const named = createBuilder('exited', 'buildx_buildkit_mybuilder' + Date.now() + '0')
  // Stale by name and age, but not this run's: a real job's builder as pruning in the tests must see it (not at all).
  const foreign = createBuilder('exited', builderName(), { label: null })
  const unrelated = createBuilder('exited', `unrelated-${Date.now()}`)
  const unrelatedVolume = createVolume(`unrelated-${Date.now()}`)
  await sleep(AGE_MS)
  const fresh = { running: createBuilder('running'), exited: createBuilder('exited') }
  const containers = [stale.running, stale.exited, stale.created, named, unrelated, foreign, fresh.running, fresh.exited]
  created.containers.push(...containers)
  created.volumes.push(...containers.map((name) => `${name}_state`), stale.orphanVolume, unrelatedVolume)
  return {
    fresh,
    staleContainers: [stale.running, stale.exited, stale.created],
    staleVolumes: [stale.running, stale.exited, stale.created].map((n) => `${n}_state`).concat(stale.orphanVolume),
    survivingContainers: [named, unrelated, foreign, fresh.running, fresh.exited],
    survivingVolumes: [named, unrelated, foreign, fresh.running, fresh.exited].map((n) => `${n}_state`).concat(unrelatedVolume)
  }
}

function expectPruned(s) {
  const containers = containerNames()
  const volumes = volumeNames()
  for (const name of s.staleContainers) expect([name, containers.has(name)]).toEqual([name, false])
  for (const name of s.staleVolumes) expect([name, volumes.has(name)]).toEqual([name, false])
  for (const name of s.survivingContainers) expect([name, containers.has(name)]).toEqual([name, true])
  for (const name of s.survivingVolumes) expect([name, volumes.has(name)]).toEqual([name, true])
}

const job = (inputs, options = {}) => runJob({ inputs: { 'cache-mode': 'off', 'builder-max-age': MAX_AGE, ...inputs }, event: eventFor('push'), ...options })

describe('stale builder pruning on the real engine', () => {
  test('the bundled pre removes stale builders and their volumes; everything else survives', async () => {
    const s = await scene()
    const result = await job({})
    expect(result.status).toBe('success')
    expect(result.pre.code).toBe(0)
    expect(result.pre.warnings).toEqual([])
    expect(result.outputs['builders-pruned']).toBe('3')
    for (const name of s.staleContainers) expect(result.pre.stdout).toContain(`removed container ${name}`)
    expect(result.pre.stdout).toMatch(new RegExp(`kept container ${s.fresh.running}: running, created \\d+s ago, younger than builder-max-age \\(4s\\)`))
    expect(result.pre.stdout).toMatch(new RegExp(`kept container ${s.fresh.exited}: exited, created \\d+s ago, stopped within the grace of 4s`))
    expect(result.pre.stdout).toMatch(/builders kept +2 \(1 younger than builder-max-age, 1 stopped within the grace\)/)
    expect(result.pre.stdout).toContain(`Only builders labelled ${RUN_LABEL} are considered`)
    expect(result.main.stdout).not.toContain('Pruning stale builders')
    expect(result.pre.summary).toContain('Stale builders')
    expectPruned(s)
  })

  test("pre's log on a host with one young and one stale builder: one removed, one kept, both named", async () => {
    const stale = createBuilder('running')
    created.containers.push(stale)
    created.volumes.push(`${stale}_state`)
    await sleep(AGE_MS)
    const young = createBuilder('running')
    created.containers.push(young)
    created.volumes.push(`${young}_state`)
    const result = await job({})
    expect(result.pre.warnings).toEqual([])
    // Not the debug lines (each docker call's timing): the log a user reads.
    const log = result.pre.stdout.split('\n').filter((line) => line.includes('buildx_buildkit_builder-') && !line.startsWith('::debug::'))
    expect(log).toEqual([
      `removed container ${stale}`,
      `removed volume ${stale}_state`,
      expect.stringMatching(new RegExp(`^kept container ${young}: running, created \\d+s ago, younger than builder-max-age \\(4s\\)$`))
    ])
    expect(result.outputs['builders-pruned']).toBe('1')
    expect(containerNames().has(young)).toBe(true)
    expect(containerNames().has(stale)).toBe(false)
  })

  test('the CLI prune-builders removes the stale ones, names the kept ones, and leaves look-alikes alone', async () => {
    const s = await scene()
    const cli = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js'), 'prune-builders', '--max-age', MAX_AGE], {
      encoding: 'utf8',
      env: testRunEnv()
    })
    expect(cli.status).toBe(0)
    for (const name of s.staleContainers) expect(cli.stdout).toContain(`removed container ${name}`)
    expect(cli.stdout).toContain(`kept container ${s.fresh.running}: running`)
    // The same table the job's log shows (report/prune-report.ts).
    expect(cli.stdout).toMatch(/containers removed +3\n +volumes removed +4\n +builders kept +2 /)
    expectPruned(s)
  })

  test('two pruners at the same moment both succeed and leave the same end state', async () => {
    const s = await scene()
    const [a, b] = await Promise.all([job({}), job({})])
    for (const result of [a, b]) {
      expect(result.status).toBe('success')
      expect(result.pre.warnings).toEqual([])
    }
    expectPruned(s)
  })

  test('without pre (uses: ./) main prunes', async () => {
    const s = await scene()
    const result = await job({}, { withPre: false })
    expect(result.pre).toBeUndefined()
    expect(result.main.stdout).toContain('Pruning stale builders')
    expect(result.outputs['builders-pruned']).toBe('3')
    expectPruned(s)
  })

  test('dry-run lists and removes nothing; prune-builders false skips', async () => {
    const s = await scene()
    const before = [containerNames(), volumeNames()]
    const dry = await job({ 'dry-run': 'true' })
    for (const name of s.staleContainers) expect(dry.pre.stdout).toContain(`would remove container ${name}`)
    const off = await job({ 'prune-builders': 'false' })
    expect(off.pre.stdout).toContain('Builder pruning is off')
    expect(off.outputs['builders-pruned']).toBe('0')
    expect([containerNames(), volumeNames()]).toEqual(before)
    await job({})
    expectPruned(s)
  })

  test('no reachable engine: one warning, the job goes on', async () => {
    const result = await job({}, { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } })
    expect(result.status).toBe('success')
    expect(result.pre.warnings).toEqual([expect.stringMatching(/^Stale builders were not pruned: .*Docker daemon/)])
  })

  test('no docker CLI on PATH: one warning that says so, the job goes on', async () => {
    const result = await job({}, { env: { PATH: '/nonexistent' } })
    expect(result.status).toBe('success')
    expect(result.pre.warnings).toEqual([expect.stringMatching(/^Stale builders were not pruned: docker CLI not found on PATH; /)])
  })

  // Last: every test above ran pre, main or the CLI with pruning on and a builder-max-age of seconds.
  test('look-alike builders this run did not create survived every pruning above', () => {
    const containers = containerNames()
    const volumes = volumeNames()
    for (const name of lookAlikes.containers) expect([name, containers.has(name)]).toEqual([name, true])
    for (const name of lookAlikes.volumes) expect([name, volumes.has(name)]).toEqual([name, true])
  })
})
