// Builder pruning against the real engine: containers and volumes with the
// exact names buildx uses, in every state, old and fresh, next to named
// builders and unrelated containers that must survive.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { setTimeout as sleep } from 'node:timers/promises'
import { containerNames, createBuilder, createVolume, removeQuietly, volumeNames, builderName } from '../../scripts/lib/builders.mjs'
import { ensureEngine } from '../../scripts/lib/docker.mjs'
import { eventFor, runJob } from '../../scripts/lib/runner-emulation.mjs'

// builder-max-age in these tests; the grace for stopped builders is min(5 min, builder-max-age).
const MAX_AGE = '4s'
const AGE_MS = 5000
const created = { containers: [], volumes: [] }

beforeAll(() => {
  ensureEngine()
})
// Each test starts clean: a survivor of one test would be stale in the next.
afterEach(() => {
  removeQuietly(created.containers, created.volumes)
  created.containers = []
  created.volumes = []
})
afterAll(() => removeQuietly(created.containers, created.volumes))

/** Old stale builders in every state, plus things that must survive whatever their age. */
async function scene() {
  const stale = {
    running: createBuilder('running'),
    exited: createBuilder('exited'),
    created: createBuilder('created'),
    orphanVolume: createVolume(`${builderName()}_state`)
  }
  const named = createBuilder('exited', 'buildx_buildkit_mybuilder' + Date.now() + '0')
  const unrelated = createBuilder('exited', `unrelated-${Date.now()}`)
  const unrelatedVolume = createVolume(`unrelated-${Date.now()}`)
  await sleep(AGE_MS)
  const fresh = { running: createBuilder('running'), exited: createBuilder('exited') }
  const containers = [stale.running, stale.exited, stale.created, named, unrelated, fresh.running, fresh.exited]
  created.containers.push(...containers)
  created.volumes.push(...containers.map((name) => `${name}_state`), stale.orphanVolume, unrelatedVolume)
  return {
    staleContainers: [stale.running, stale.exited, stale.created],
    staleVolumes: [stale.running, stale.exited, stale.created].map((n) => `${n}_state`).concat(stale.orphanVolume),
    survivingContainers: [named, unrelated, fresh.running, fresh.exited],
    survivingVolumes: [named, unrelated, fresh.running, fresh.exited].map((n) => `${n}_state`).concat(unrelatedVolume)
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

const job = (inputs, options = {}) =>
  runJob({ inputs: { 'cache-mode': 'off', 'builder-max-age': MAX_AGE, ...inputs }, event: eventFor('push'), ...options })

describe('stale builder pruning on the real engine', () => {
  test('the bundled pre removes stale builders and their volumes; everything else survives', async () => {
    const s = await scene()
    const result = await job({})
    expect(result.status).toBe('success')
    expect(result.pre.code).toBe(0)
    expect(result.pre.warnings).toEqual([])
    expect(result.outputs['builders-pruned']).toBe('3')
    for (const name of s.staleContainers) expect(result.pre.stdout).toContain(`removed container ${name}`)
    expect(result.main.stdout).not.toContain('Pruning stale builders')
    expect(result.pre.summary).toContain('Stale builders')
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
})
