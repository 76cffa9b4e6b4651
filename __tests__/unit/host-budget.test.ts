import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseInputs } from '../../src/config/inputs.js'
import { planHostEviction, scopeKey, type ScopeCandidate } from '../../src/host/eviction-plan.js'
import { effectiveBudget, hostBudget, hostCap, hostHeadroom } from '../../src/host/host-budget.js'
import { enforceHostBudget } from '../../src/host/host-pass.js'
import { scanHost, writeStoreUsage } from '../../src/host/host-scan.js'
import type { Logger } from '../../src/log.js'
import { storeLayout } from '../../src/store/layout.js'
import { updateLastUsed } from '../../src/store/last-used.js'
import { readIndex } from '../../src/store/oci.js'
import { openStore } from '../../src/store/store.js'
import { writeCacheTag } from '../../__fixtures__/oci.js'

const GB = 1e9
const disk = (totalBytes: number, freeBytes: number) => ({ totalBytes, freeBytes })
const env = { GITHUB_REPOSITORY: 'acme/app' }

describe('hostBudget: BuildKit defaults, and inputs held to the disk', () => {
  test.each([
    ['a 50GB disk: 80% and 20%', 50 * GB, { maxBytes: 40 * GB, minFreeBytes: 10 * GB }],
    ['a 500GB disk: at most 100GB, 20% free', 500 * GB, { maxBytes: 100 * GB, minFreeBytes: 100 * GB }]
  ])('auto on %s', (_name, total, expected) => expect(hostBudget(disk(total, total), undefined, undefined)).toEqual(expected))

  test('explicit sizes and shares', () => {
    expect(hostBudget(disk(100 * GB, 50 * GB), { bytes: 30 * GB }, { percent: 10 })).toEqual({ maxBytes: 30 * GB, minFreeBytes: 10 * GB })
    expect(hostBudget(disk(100 * GB, 50 * GB), { percent: 50 }, { bytes: 5 * GB })).toEqual({ maxBytes: 50 * GB, minFreeBytes: 5 * GB })
  })

  test.each([
    ['host-max-size', { 'host-max-size': '20GB' }, "Input 'host-max-size' has an invalid value '20GB': at most the volume's disk, 9.3GiB"],
    ['host-min-free', { 'host-min-free': '10GB' }, "Input 'host-min-free' has an invalid value '10GB': less than the volume's disk, 9.3GiB"]
  ])('a %s larger than the disk is refused, naming the input, the value and the disk', (_name, raw, message) => {
    const { inputs } = parseInputs(raw, env)
    expect(() => hostBudget(disk(10 * GB, 5 * GB), inputs.hostMaxSize, inputs.hostMinFree)).toThrow(message)
  })

  test.each([
    ['host-min-free', '100%', 'a share of the disk from above 0% to 99% is allowed'],
    ['host-min-free', '120%', 'a share of the disk from above 0% to 99% is allowed'],
    ['host-max-size', '150%', 'a share of the disk from above 0% to 100% is allowed'],
    ['host-max-size', 'lots', 'a size with a unit (20GiB, 500MB), a share of the disk (20%) or auto is allowed'],
    ['host-min-free', '10', 'a size with a unit']
  ])('%s %s is refused: %s', (input, value, allowed) => {
    expect(() => parseInputs({ [input]: value }, env)).toThrow(`Input '${input}' has an invalid value '${value}': ${allowed}`)
  })

  test('auto and unset are BuildKit defaults', () => {
    expect(parseInputs({ 'host-max-size': 'auto' }, env).inputs.hostMaxSize).toBeUndefined()
    expect(parseInputs({}, env).inputs.hostMinFree).toBeUndefined()
  })

  test("a store budget never exceeds what the disk could give it, and says why; what others hold is the host pass's to weigh", () => {
    const budget = { maxBytes: 100, minFreeBytes: 20 }
    expect(hostHeadroom(budget, disk(1000, 50), 60)).toBe(30)
    expect(hostCap(budget, disk(1000, 50))).toBe(100)
    expect(hostCap({ maxBytes: 900, minFreeBytes: 20 }, disk(60, 5))).toBe(40)
    expect(effectiveBudget('max-size', 1000, 40)).toEqual({ bytes: 40, why: expect.stringContaining('max-size 1000B is held to 40B') })
    expect(effectiveBudget('max-size', 30, 40)).toEqual({ bytes: 30 })
  })
})

const scope = (repo: string, tag: string, lastUsedMs: number, blobs: Array<[string, number]>, isDefault = false): ScopeCandidate => ({
  repo,
  tag,
  lastUsedMs,
  blobs: new Map(blobs),
  isDefault
})

describe('planHostEviction: least recently used across repositories', () => {
  const scopes = [
    scope('a', 'main', 50, [['a1', 10]], true),
    scope('a', 'feature', 10, [['a2', 10]]),
    scope('b', 'main', 5, [['b1', 10]], true),
    scope('b', 'old', 20, [
      ['b2', 10],
      ['b1', 10]
    ]),
    scope('c', 'main', 30, [['c1', 10]], true)
  ]
  const base = { scopes, builders: [], protectedScopes: new Set<string>(), protectedBuilders: new Set<string>(), overBudget: 0, underFloor: 0 }

  test.each([
    ['nothing over: nothing evicted', { overBudget: 0 }, []],
    ['oldest first across stores; default branches last', { overBudget: 15 }, ['a:feature', 'b:old']],
    ['a shared blob frees only with its last scope', { overBudget: 25 }, ['a:feature', 'b:old', 'b:main']],
    ['the floor counts too', { underFloor: 5 }, ['a:feature']]
  ])('%s', (_name, needs, expected) => {
    const plan = planHostEviction({ ...base, ...needs })
    expect(plan.scopes.map(({ repo, tag }) => `${repo}:${tag}`)).toEqual(expected)
  })

  test('what the running job reads or writes is never evicted; what cannot be freed is said', () => {
    const plan = planHostEviction({ ...base, protectedScopes: new Set(scopes.map((s) => scopeKey(s.repo, s.tag))), overBudget: 10 })
    expect(plan).toEqual({ scopes: [], builders: [], shortBytes: 10 })
  })

  test('a builder is pruned by least recent use, only as far as needed, never the running one; it frees nothing on the volume', () => {
    const builders = [
      { name: 'cachekeeper-x', bytes: 100, lastUsedMs: 1 },
      { name: 'cachekeeper-y', bytes: 100, lastUsedMs: 2 }
    ]
    const plan = planHostEviction({ ...base, builders, protectedBuilders: new Set(['cachekeeper-x']), overBudget: 30 })
    expect(plan.builders).toEqual([{ name: 'cachekeeper-y', fromBytes: 100, toBytes: 70 }])
    expect(plan.scopes).toEqual([])
    const floorOnly = planHostEviction({ ...base, builders, underFloor: 5 })
    expect(floorOnly.builders).toEqual([])
    expect(floorOnly.scopes.map(({ tag }) => tag)).toEqual(['feature'])
  })
})

describe('enforceHostBudget on real stores', () => {
  let volume: string
  const logs: string[] = []
  const logger: Logger = { info: (m) => logs.push(m), debug() {}, warning: (m) => logs.push(`warning: ${m}`) }
  beforeEach(() => {
    volume = fs.mkdtempSync(path.join(os.tmpdir(), 'host-budget-'))
    logs.length = 0
  })
  afterEach(() => fs.rmSync(volume, { recursive: true, force: true }))

  /** Five repositories, each a main and a feature scope of 2 x 4 KiB layers, used an hour apart. */
  function fiveRepositories(): number {
    let total = 0
    for (const [i, repo] of ['r1', 'r2', 'r3', 'r4', 'r5'].entries()) {
      const layout = openStore(volume, repo)
      for (const tag of ['main', 'feature']) writeCacheTag(layout.root, tag, { layers: 2 })
      const used = 1_000_000 + i * 3_600_000
      updateLastUsed(layout, { used: ['main'] }, used)
      updateLastUsed(layout, { used: ['feature'] }, used - 60_000)
      const bytes = fs.readdirSync(layout.blobs).reduce((sum, hex) => sum + fs.statSync(path.join(layout.blobs, hex)).size, 0)
      writeStoreUsage(layout, { bytes, lastUsedMs: used, defaultBranch: ['main'] })
      total += bytes
    }
    return total
  }
  const tags = (repo: string) =>
    readIndex(storeLayout(path.join(volume, repo)).index).manifests.map((d) => d.annotations?.['org.opencontainers.image.ref.name'])

  test('over host-max-size: the least recently used repositories lose their feature scopes first, then their default branch; the running job keeps its own', async () => {
    const total = fiveRepositories()
    const maxSize = { bytes: Math.floor(total * 0.55) }
    const report = await enforceHostBudget({ volumePath: volume, maxSize, protect: { repo: 'r1', tags: ['main', 'feature'] }, dryRun: false }, logger)
    expect(report!.cacheBytes).toBeLessThanOrEqual(maxSize.bytes)
    expect(tags('r1')).toEqual(['main', 'feature'])
    expect(report!.eviction!.scopes.map(({ repo, tag }) => `${repo}:${tag}`)).toEqual(['r2:feature', 'r3:feature', 'r4:feature', 'r5:feature', 'r2:main'])
    expect(tags('r2')).toEqual([])
    expect(tags('r5')).toEqual(['main'])
    expect(scanHost(volume).stores.reduce((sum, s) => sum + s.bytes, 0)).toBe(report!.cacheBytes)
  })

  test('--dry-run names exactly what the real run then does, and changes nothing', async () => {
    const total = fiveRepositories()
    const options = { volumePath: volume, maxSize: { bytes: Math.floor(total * 0.55) } }
    const before = ['r1', 'r2', 'r3', 'r4', 'r5'].map(tags)
    const dry = await enforceHostBudget({ ...options, dryRun: true }, logger)
    expect(['r1', 'r2', 'r3', 'r4', 'r5'].map(tags)).toEqual(before)
    const real = await enforceHostBudget({ ...options, dryRun: false }, logger)
    expect(real!.eviction!.scopes).toEqual(dry!.eviction!.scopes)
  })

  test('within budget: only the records are read, nothing changes', async () => {
    const total = fiveRepositories()
    const report = await enforceHostBudget({ volumePath: volume, maxSize: { bytes: total * 2 }, dryRun: false }, logger)
    expect(report).toMatchObject({ cacheBytes: total })
    expect(report!.eviction).toBeUndefined()
  })
})
