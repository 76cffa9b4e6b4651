import { describe, expect, test } from '@jest/globals'
import { planImages } from '../../../src/backends/bake.js'
import { parseInputs } from '../../../src/config/inputs.js'
import { keptCopyImport, planMain, storeCopyDecision, withoutLocalEntries, withoutLocalExport, type StoreCopyFacts } from '../../../src/phases/main-plan.js'
import type { EventContext } from '../../../src/scopes/event.js'
import { EVENTS } from '../../../__fixtures__/events.js'

const now = Date.parse('2026-11-23T12:00:00Z')
const minutes = (n: number) => n * 60e3
const warm: StoreCopyFacts = {
  builder: 'attached',
  freshBuild: false,
  writeTag: 'main',
  inStore: true,
  exportedAtMs: now - minutes(10),
  nowMs: now,
  refreshMs: minutes(60)
}

describe('storeCopyDecision: whether a build on the persistent builder exports the store copy', () => {
  test.each<[string, Partial<StoreCopyFacts>, boolean]>([
    ['a re-attached builder, the copy 10 minutes old of 1h: kept', {}, false],
    ['the copy just under the bound: kept', { exportedAtMs: now - minutes(60) + 1 }, false],
    ['the copy exactly the bound old: exported', { exportedAtMs: now - minutes(60) }, true],
    ['the copy older than the bound: exported', { exportedAtMs: now - minutes(61) }, true],
    ['no builder attached (the job builds elsewhere): exported', { builder: undefined }, true],
    ['the builder was created this job (it starts from the store): exported', { builder: 'created' }, true],
    ['the builder was recreated this job: exported', { builder: 'recreated' }, true],
    ['fresh-build: exported', { freshBuild: true }, true],
    ['a read-only job: its entries as planned', { writeTag: undefined }, true],
    ['the store lacks the scope: exported', { inStore: false }, true],
    ['no export time recorded: exported', { exportedAtMs: undefined }, true],
    ['an export time in the future (another clock): exported', { exportedAtMs: now + minutes(5) }, true],
    ['store-refresh 0: every build exports', { refreshMs: 0 }, true]
  ])('%s', (_name, change, exported) => {
    expect(storeCopyDecision({ ...warm, ...change }).export).toBe(exported)
  })

  test('a kept copy says how old it is and the bound, in one line', () => {
    expect(storeCopyDecision(warm)).toEqual({
      export: false,
      reason: "The store's copy of scope main was exported 10m ago, within store-refresh (60m): this build on the persistent builder does not export it"
    })
  })
})

const MB = 1024 ** 2

describe('keptCopyImport: whether a kept store copy is still imported', () => {
  test.each<[string, number | undefined, number | undefined, boolean]>([
    ['the builder holds more than the copy: not imported', 300 * MB, 100 * MB, false],
    ['the builder holds exactly half the copy: not imported', 50 * MB, 100 * MB, false],
    ['the builder holds just under half the copy: imported', 50 * MB - 1, 100 * MB, true],
    ['the builder was pruned whole (0 B): imported', 0, 100 * MB, true],
    ["the builder's cache unmeasured: imported", undefined, 100 * MB, true],
    ["the copy's size unknown: imported", 300 * MB, undefined, true]
  ])('%s', (_name, builderBytes, copyBytes, imported) => {
    expect(keptCopyImport('cachekeeper-app', builderBytes, copyBytes).import).toBe(imported)
  })

  test('each answer says why, in words for the log line after the store-refresh one', () => {
    expect(keptCopyImport('cachekeeper-app', 0, 100 * MB).reason).toBe(
      'builder cachekeeper-app holds 0B, the copy 100MiB: the builder lost the cache, so the build imports the copy'
    )
    expect(keptCopyImport('cachekeeper-app', 300 * MB, 100 * MB).reason).toBe(
      'builder cachekeeper-app holds 300MiB, the copy 100MiB: the builder holds the cache, so the copy is not imported either'
    )
    expect(keptCopyImport('cachekeeper-app', undefined, 100 * MB).reason).toBe(
      'the cache of builder cachekeeper-app could not be measured, so the build imports the copy'
    )
  })
})

describe('the entries of a kept store copy', () => {
  const entries = {
    cacheFrom: ['type=local,src=/s,tag=main', 'type=registry,ref=r:main'],
    cacheTo: ['type=local,dest=/s,tag=main,mode=max', 'type=registry,ref=r:main,mode=max']
  }

  test('not imported: the local entries go, the registry tier stays', () => {
    expect(withoutLocalEntries(entries)).toEqual({ cacheFrom: ['type=registry,ref=r:main'], cacheTo: ['type=registry,ref=r:main,mode=max'] })
  })

  test('imported: only the local cache-to goes', () => {
    expect(withoutLocalExport(entries)).toEqual({
      cacheFrom: ['type=local,src=/s,tag=main', 'type=registry,ref=r:main'],
      cacheTo: ['type=registry,ref=r:main,mode=max']
    })
  })
})

describe('the persistent builder and untrusted jobs', () => {
  const env = { GITHUB_REPOSITORY: 'acme/app' }
  const planFor = (context: EventContext, raw: Record<string, string>) => {
    const { inputs } = parseInputs({ 'persistent-builder': 'true', ...raw }, env)
    return planMain(inputs, planImages(inputs, env, context))
  }

  test.each(EVENTS)('%s', (_name, context, expected) => {
    const plan = planFor(context, {})
    expect(plan.attachBuilder).toBe(!expected.untrusted)
    const notices = plan.log.filter((line) => line.level === 'notice').map((line) => line.text)
    expect(notices).toEqual(
      expected.untrusted ? [expect.stringMatching(/^The persistent builder is not attached: .*cache mounts.*trust-pull-requests: true/)] : []
    )
  })

  test('trust-pull-requests: true attaches it for a fork pull request too', () => {
    const fork = EVENTS.find(([name]) => name === 'pull_request (fork)')![1]
    expect(planFor(fork, { 'trust-pull-requests': 'true' }).attachBuilder).toBe(true)
  })

  test('without persistent-builder nothing is attached and nothing is said', () => {
    const fork = EVENTS.find(([name]) => name === 'pull_request (fork)')![1]
    const plan = planFor(fork, { 'persistent-builder': 'false' })
    expect(plan.attachBuilder).toBe(false)
    expect(plan.log.filter((line) => line.level === 'notice')).toEqual([])
  })
})
