import { describe, expect, test } from '@jest/globals'
import { RUNTIME_TOKEN } from '../../../__fixtures__/runtime-token.js'
import { planCache, planEntries, registryReadTags } from '../../../src/backends/cache-plan.js'
import { parseInputs, type RawInputs } from '../../../src/config/inputs.js'
import type { EventContext } from '../../../src/scopes/event.js'

// Every backend x event x platform with the exact strings main emits.
const repository = { default_branch: 'main' }
const events: Record<string, EventContext> = {
  push: { eventName: 'push', ref: 'refs/heads/develop', refName: 'develop', baseRef: '', payload: { repository } },
  pr: { eventName: 'pull_request', ref: 'refs/pull/7/merge', refName: '7', baseRef: 'develop', payload: { number: 7, repository } },
  tag: { eventName: 'push', ref: 'refs/tags/v1.0.0', refName: 'v1.0.0', baseRef: '', payload: { repository } },
  schedule: { eventName: 'schedule', ref: 'refs/heads/main', refName: 'main', baseRef: '', payload: { repository } }
}
const platforms: Record<string, NodeJS.ProcessEnv> = {
  github: { RUNNER_ENVIRONMENT: 'github-hosted', ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN, ACTIONS_RESULTS_URL: 'https://results.example/' },
  gitea: { GITEA_ACTIONS: 'true' },
  forgejo: { FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true' },
  // act_runner with its embedded cache server on
  'gitea-cache': { GITEA_ACTIONS: 'true', ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN, ACTIONS_CACHE_URL: 'http://10.0.0.5:42000/' },
  'forgejo-cache': { FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true', ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN, ACTIONS_CACHE_URL: 'http://10.0.0.5:42000/' }
}
const REF = '127.0.0.1:5000/app-cache'
const SNAP = '/opt/buildx-cache/app/.staging/job'
const raw = (mode: string): RawInputs => ({
  'cache-mode': mode,
  'registry-ref': ['registry', 'inline'].includes(mode) ? REF : '',
  'cache-options': mode === 's3' ? 'bucket=ci,region=us-east-1' : ''
})

type Expected = { from: string[]; to: string[] } | { error: RegExp }
const local: Record<string, Expected> = {
  push: {
    from: [`type=local,src=${SNAP},tag=develop`, `type=local,src=${SNAP},tag=main`, `type=local,src=${SNAP},tag=latest`],
    to: [`type=local,dest=${SNAP},tag=develop,mode=max,ignore-error=true`]
  },
  pr: {
    from: [`type=local,src=${SNAP},tag=pr-7`, `type=local,src=${SNAP},tag=develop`, `type=local,src=${SNAP},tag=main`, `type=local,src=${SNAP},tag=latest`],
    to: [`type=local,dest=${SNAP},tag=pr-7,mode=max,ignore-error=true`]
  },
  tag: { from: [`type=local,src=${SNAP},tag=main`, `type=local,src=${SNAP},tag=latest`], to: [] },
  schedule: {
    from: [`type=local,src=${SNAP},tag=main`, `type=local,src=${SNAP},tag=latest`],
    to: [`type=local,dest=${SNAP},tag=main,mode=max,ignore-error=true`]
  }
}
const gha: Record<string, Expected> = {
  push: { from: ['type=gha,scope=acme__app-develop', 'type=gha,scope=acme__app-main'], to: ['type=gha,scope=acme__app-develop,mode=max,ignore-error=true'] },
  pr: {
    from: ['type=gha,scope=acme__app-pr-7', 'type=gha,scope=acme__app-develop', 'type=gha,scope=acme__app-main'],
    to: ['type=gha,scope=acme__app-pr-7,mode=max,ignore-error=true']
  },
  tag: { from: ['type=gha,scope=acme__app-main'], to: [] },
  schedule: { from: ['type=gha,scope=acme__app-main'], to: ['type=gha,scope=acme__app-main,mode=max,ignore-error=true'] }
}
const ghaRefused: Expected = { error: /cache-mode 'gha' needs the runner's cache service.*ACTIONS_RUNTIME_TOKEN.*are not set.*'local'.*'registry'/ }
const expected: Record<string, Record<string, Expected>> = {
  local,
  gha,
  registry: {
    push: {
      from: [`type=registry,ref=${REF}:develop`, `type=registry,ref=${REF}:main`],
      to: [`type=registry,ref=${REF}:develop,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`]
    },
    pr: {
      from: [`type=registry,ref=${REF}:pr-7`, `type=registry,ref=${REF}:develop`, `type=registry,ref=${REF}:main`],
      to: [`type=registry,ref=${REF}:pr-7,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`]
    },
    tag: { from: [`type=registry,ref=${REF}:main`], to: [] },
    schedule: {
      from: [`type=registry,ref=${REF}:main`],
      to: [`type=registry,ref=${REF}:main,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`]
    }
  },
  inline: {
    push: { from: [`type=registry,ref=${REF}:develop`, `type=registry,ref=${REF}:main`], to: ['type=inline'] },
    pr: { from: [`type=registry,ref=${REF}:pr-7`, `type=registry,ref=${REF}:develop`, `type=registry,ref=${REF}:main`], to: ['type=inline'] },
    tag: { from: [`type=registry,ref=${REF}:main`], to: [] },
    schedule: { from: [`type=registry,ref=${REF}:main`], to: ['type=inline'] }
  },
  s3: {
    push: {
      from: ['type=s3,name=acme__app-develop,bucket=ci,region=us-east-1', 'type=s3,name=acme__app-main,bucket=ci,region=us-east-1'],
      to: ['type=s3,name=acme__app-develop,mode=max,ignore-error=true,bucket=ci,region=us-east-1']
    },
    pr: {
      from: [
        'type=s3,name=acme__app-pr-7,bucket=ci,region=us-east-1',
        'type=s3,name=acme__app-develop,bucket=ci,region=us-east-1',
        'type=s3,name=acme__app-main,bucket=ci,region=us-east-1'
      ],
      to: ['type=s3,name=acme__app-pr-7,mode=max,ignore-error=true,bucket=ci,region=us-east-1']
    },
    tag: { from: ['type=s3,name=acme__app-main,bucket=ci,region=us-east-1'], to: [] },
    schedule: {
      from: ['type=s3,name=acme__app-main,bucket=ci,region=us-east-1'],
      to: ['type=s3,name=acme__app-main,mode=max,ignore-error=true,bucket=ci,region=us-east-1']
    }
  },
  off: Object.fromEntries(Object.keys(events).map((event) => [event, { from: [], to: [] }]))
}

function expectedFor(mode: string, event: string, platform: string): Expected {
  if (mode === 'auto') return platform === 'github' ? gha[event] : local[event]
  if (mode === 'gha' && (platform === 'gitea' || platform === 'forgejo')) return ghaRefused
  return expected[mode][event]
}

const cases = Object.keys(expected)
  .concat('auto')
  .flatMap((mode) => Object.keys(events).flatMap((event) => Object.keys(platforms).map((platform) => [mode, event, platform] as const)))

describe('cache plan matrix', () => {
  test.each(cases)('%s / %s / %s', (mode, event, platform) => {
    const { inputs } = parseInputs(raw(mode), { GITHUB_REPOSITORY: 'acme/app' })
    const want = expectedFor(mode, event, platform)
    if ('error' in want) {
      expect(() => planCache(inputs, platforms[platform], events[event])).toThrow(want.error)
      return
    }
    const plan = planCache(inputs, platforms[platform], events[event])
    const entries = planEntries(plan, inputs, plan.backend === 'local' ? { snapshotDir: SNAP, readTags: plan.readTags } : undefined)
    expect(entries).toEqual({ cacheFrom: want.from, cacheTo: want.to })
  })

  test('gha on a Gitea runner with a cache server: one notice naming the URL; none on GitHub', () => {
    const { inputs } = parseInputs(raw('gha'), { GITHUB_REPOSITORY: 'acme/app' })
    expect(planCache(inputs, platforms['gitea-cache'], events.push).messages).toEqual([
      { level: 'notice', text: expect.stringContaining('http://10.0.0.5:42000/') }
    ])
    expect(planCache(inputs, platforms.github, events.push).messages).toEqual([])
  })

  const pr = gha.pr as { from: string[]; to: string[] }
  test.each<[string, string[], string[]]>([
    ['read', pr.from, []],
    ['write-only', [], pr.to],
    ['none', [], []],
    ['write', pr.from, pr.to],
    ['bogus', pr.from, pr.to]
  ])('ACTIONS_CACHE_MODE=%s on a gha PR job', (mode, cacheFrom, cacheTo) => {
    const { inputs } = parseInputs(raw('gha'), { GITHUB_REPOSITORY: 'acme/app' })
    const plan = planCache(inputs, { ...platforms.github, ACTIONS_CACHE_MODE: mode }, events.pr)
    expect(planEntries(plan, inputs)).toEqual({ cacheFrom, cacheTo })
    expect(plan.messages.filter((message) => message.level === 'info')).toHaveLength(['read', 'write-only', 'none'].includes(mode) ? 1 : 0)
  })

  // The workflow's job-level cache-mode binds every backend, with one log line; the event allowlist stays the floor.
  test.each(['registry', 'local', 'local+registry', 's3', 'inline'])('ACTIONS_CACHE_MODE on %s: read drops cache-to, none drops both', (mode) => {
    const extra = { ...(mode === 's3' ? { 'cache-options': 'bucket=b,region=r' } : {}), ...(mode === 'local+registry' ? { 'registry-ref': REF } : {}) }
    const { inputs } = parseInputs({ ...raw(mode), ...extra }, { GITHUB_REPOSITORY: 'acme/app' })
    const entries = (cacheMode: string) => {
      const plan = planCache(inputs, { ...platforms.github, ACTIONS_CACHE_MODE: cacheMode }, events.push)
      // Local: as if the snapshot served every tag the plan reads.
      const local = mode.startsWith('local') ? { snapshotDir: '/v/acme__app/.staging/job', readTags: plan.readTags } : undefined
      return { plan, entries: planEntries(plan, inputs, local) }
    }
    const write = entries('write')
    expect(write.entries.cacheTo.length).toBeGreaterThan(0)
    const read = entries('read')
    expect(read.entries.cacheTo).toEqual([])
    expect(read.plan.writeTag).toBeUndefined()
    expect(read.entries.cacheFrom).toEqual(write.entries.cacheFrom)
    expect(read.plan.messages).toEqual([{ level: 'info', text: expect.stringMatching(/^ACTIONS_CACHE_MODE is read: .*no cache-to/) }])
    const none = entries('none')
    expect(none.entries).toEqual({ cacheFrom: [], cacheTo: [] })
    expect(none.plan.messages).toHaveLength(1)
    // Never more than the event allows: a tag push stays read-only whatever the mode says.
    expect(planCache(inputs, { ...platforms.github, ACTIONS_CACHE_MODE: 'write' }, { ...events.push, ref: 'refs/tags/v1' }).writeTag).toBeUndefined()
  })

  test('read-only drops cache-to, mode min and compression pass through', () => {
    const { inputs } = parseInputs({ 'cache-mode': 'registry', 'registry-ref': REF, 'read-only': 'true' }, { GITHUB_REPOSITORY: 'acme/app' })
    expect(planEntries(planCache(inputs, {}, events.push), inputs).cacheTo).toEqual([])
    const min = parseInputs(
      { 'cache-mode': 'registry', 'registry-ref': REF, mode: 'min', 'cache-options': 'compression=zstd,compression-level=3' },
      { GITHUB_REPOSITORY: 'acme/app' }
    ).inputs
    expect(planEntries(planCache(min, {}, events.push), min).cacheTo).toEqual([
      `type=registry,ref=${REF}:develop,mode=min,image-manifest=true,oci-mediatypes=true,ignore-error=true,compression=zstd,compression-level=3`
    ])
  })
})

describe('local+registry: the host store first, the shared registry second', () => {
  // The two tiers' own event, inputs and store; the matrix's above are the single-tier ones.
  const env = { GITHUB_REPOSITORY: 'acme/app' }
  const REF = 'git.example.com/acme/app-cache'
  const SNAP = '/v/acme__app/.staging/job'
  const repository = { default_branch: 'main', full_name: 'acme/app' }
  const push = (branch: string): EventContext => ({ eventName: 'push', ref: `refs/heads/${branch}`, refName: branch, baseRef: '', payload: { repository } })
  const pr: EventContext = {
    eventName: 'pull_request',
    ref: 'refs/pull/7/merge',
    refName: '7',
    baseRef: 'main',
    payload: { number: 7, pull_request: { number: 7, base: { ref: 'main' }, head: { repo: { full_name: 'acme/app' } } }, repository }
  }
  const inputs = (raw: Record<string, string> = {}) => parseInputs({ 'cache-mode': 'local+registry', 'registry-ref': REF, ...raw }, env).inputs

  test.each<[string, EventContext, string[], { from: string[]; to: string[] }]>([
    [
      'a warm host building main reads only its store, and writes both tiers',
      push('main'),
      ['main'],
      {
        from: [`type=local,src=${SNAP},tag=main`],
        to: [
          `type=local,dest=${SNAP},tag=main,mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true`,
          `type=registry,ref=${REF}:main,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`
        ]
      }
    ],
    [
      'a new host (cold store) reads every scope from the registry',
      push('feature'),
      [],
      {
        from: [`type=registry,ref=${REF}:feature`, `type=registry,ref=${REF}:main`],
        to: [
          `type=local,dest=${SNAP},tag=feature,mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true`,
          `type=registry,ref=${REF}:feature,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`
        ]
      }
    ],
    [
      'a host with main but not feature reads feature from the registry (another host wrote it), main from its store',
      push('feature'),
      ['main'],
      {
        from: [`type=local,src=${SNAP},tag=main`, `type=registry,ref=${REF}:feature`],
        to: [
          `type=local,dest=${SNAP},tag=feature,mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true`,
          `type=registry,ref=${REF}:feature,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`
        ]
      }
    ],
    [
      'a pull request writes its store only: pr-N scopes never reach the shared registry',
      pr,
      ['main'],
      {
        from: [`type=local,src=${SNAP},tag=main`],
        to: [`type=local,dest=${SNAP},tag=pr-7,mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true`]
      }
    ]
  ])('%s', (_name, context, localTags, want) => {
    const given = inputs()
    const plan = planCache(given, {}, context)
    expect(planEntries(plan, given, { snapshotDir: SNAP, readTags: localTags })).toEqual({ cacheFrom: want.from, cacheTo: want.to })
  })

  test('registryReadTags: the scopes ahead of the first the store serves', () => {
    const plan = planCache(inputs(), {}, push('feature'))
    expect(registryReadTags(plan, [])).toEqual(['feature', 'main'])
    expect(registryReadTags(plan, ['main'])).toEqual(['feature'])
    expect(registryReadTags(plan, ['feature', 'main'])).toEqual([])
  })

  test('read-only: nothing written to either tier', () => {
    const given = inputs({ 'read-only': 'true' })
    const plan = planCache(given, {}, push('main'))
    expect(planEntries(plan, given, { snapshotDir: SNAP, readTags: [] }).cacheTo).toEqual([])
  })

  test('needs registry-ref, naming the mode', () => {
    expect(() => parseInputs({ 'cache-mode': 'local+registry' }, env)).toThrow(
      "Input 'registry-ref' has an invalid value '': a repository such as git.example.com/org/app-cache is required with cache-mode local+registry"
    )
  })
})
