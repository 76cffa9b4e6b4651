import { describe, expect, test } from '@jest/globals'
import { planCache, planEntries, registryReadTags } from '../../src/backends/cache-plan.js'
import { parseInputs } from '../../src/config/inputs.js'
import type { EventContext } from '../../src/scopes/event.js'

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

describe('local+registry: the host store first, the shared registry second', () => {
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
