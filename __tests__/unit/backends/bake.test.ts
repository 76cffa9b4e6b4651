import { describe, expect, test } from '@jest/globals'
import { RUNTIME_TOKEN } from '../../../__fixtures__/runtime-token.js'
import { bakeDefinition, bakeFilePath, planImages } from '../../../src/backends/bake.js'
import { planEntries } from '../../../src/backends/cache-plan.js'
import { parseInputs, type RawInputs } from '../../../src/config/inputs.js'
import type { EventContext } from '../../../src/scopes/event.js'
import { scopeTag } from '../../../src/scopes/tag.js'

const repository = { default_branch: 'main' }
const push: EventContext = { eventName: 'push', ref: 'refs/heads/develop', refName: 'develop', baseRef: '', payload: { repository } }
const pr: EventContext = { eventName: 'pull_request', ref: 'refs/pull/7/merge', refName: '7', baseRef: 'develop', payload: { number: 7, repository } }
const env = { GITHUB_REPOSITORY: 'acme/app' }
const REF = '127.0.0.1:5000/app-cache'
/** The tag of `scope` for a bake target (and key). */
const tagOf = (target: string, scope: string, key?: string) => scopeTag(scope, key, target)

function bake(raw: RawInputs, context: EventContext, snapshotFor = (target: string) => `/v/app/.staging/job-${target}`) {
  const { inputs } = parseInputs({ 'bake-targets': 'api\nworker', ...raw }, env)
  const images = planImages(inputs, env, context)
  return bakeDefinition(
    images.map(({ target, plan }) => ({
      target: target ?? '',
      entries: planEntries(plan, inputs, plan.backend === 'local' ? { snapshotDir: snapshotFor(target ?? ''), readTags: plan.readTags } : undefined)
    }))
  )
}

describe('bake targets', () => {
  test('without bake-targets there is one plain image, with its legacy fallback', () => {
    const { inputs } = parseInputs({}, env)
    const images = planImages(inputs, env, push)
    expect(images).toHaveLength(1)
    expect(images[0].target).toBeUndefined()
    expect(images[0].plan.readTags).toEqual(['develop', 'main', 'latest'])
  })

  test('local: each target imports and exports its own prefixed scopes from its own snapshot, never the legacy tag', () => {
    expect(bake({}, push)).toEqual({
      target: {
        api: {
          'cache-from': [
            `type=local,src=/v/app/.staging/job-api,tag=${tagOf('api', 'develop')}`,
            `type=local,src=/v/app/.staging/job-api,tag=${tagOf('api', 'main')}`
          ],
          'cache-to': [`type=local,dest=/v/app/.staging/job-api,tag=${tagOf('api', 'develop')},mode=max,ignore-error=true`]
        },
        worker: {
          'cache-from': [
            `type=local,src=/v/app/.staging/job-worker,tag=${tagOf('worker', 'develop')}`,
            `type=local,src=/v/app/.staging/job-worker,tag=${tagOf('worker', 'main')}`
          ],
          'cache-to': [`type=local,dest=/v/app/.staging/job-worker,tag=${tagOf('worker', 'develop')},mode=max,ignore-error=true`]
        }
      }
    })
  })

  test('registry with key on a pull request: key, then target, then the event scope', () => {
    const definition = bake({ 'cache-mode': 'registry', 'registry-ref': REF, key: 'app' }, pr)
    expect(definition.target.worker).toEqual({
      'cache-from': [
        `type=registry,ref=${REF}:${tagOf('worker', 'pr-7', 'app')}`,
        `type=registry,ref=${REF}:${tagOf('worker', 'develop', 'app')}`,
        `type=registry,ref=${REF}:${tagOf('worker', 'main', 'app')}`
      ],
      'cache-to': [`type=registry,ref=${REF}:${tagOf('worker', 'pr-7', 'app')},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`]
    })
  })

  test.each([
    [
      'gha',
      { RUNNER_ENVIRONMENT: 'github-hosted' },
      [`type=gha,scope=acme__app-${tagOf('api', 'develop')}`, `type=gha,scope=acme__app-${tagOf('api', 'main')}`],
      [`type=gha,scope=acme__app-${tagOf('api', 'develop')},mode=max,ignore-error=true`]
    ],
    [
      's3',
      {},
      [
        `type=s3,name=acme__app-${tagOf('api', 'develop')},bucket=ci,region=eu-west-1`,
        `type=s3,name=acme__app-${tagOf('api', 'main')},bucket=ci,region=eu-west-1`
      ],
      [`type=s3,name=acme__app-${tagOf('api', 'develop')},mode=max,ignore-error=true,bucket=ci,region=eu-west-1`]
    ],
    ['inline', {}, [`type=registry,ref=${REF}:${tagOf('api', 'develop')}`, `type=registry,ref=${REF}:${tagOf('api', 'main')}`], ['type=inline']],
    ['off', {}, [], []]
  ])('%s: every backend names each target apart', (mode, extraEnv, from, to) => {
    const raw: RawInputs = {
      'cache-mode': mode,
      'bake-targets': 'api',
      ...(mode === 's3' ? { 'cache-options': 'bucket=ci,region=eu-west-1' } : {}),
      ...(mode === 'inline' ? { 'registry-ref': REF } : {})
    }
    const { inputs } = parseInputs(raw, env)
    const runner = { ...env, ACTIONS_RESULTS_URL: 'https://results.example/', ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN, ...extraEnv }
    const [image] = planImages(inputs, runner, push)
    expect(bakeDefinition([{ target: 'api', entries: planEntries(image.plan, inputs) }]).target.api).toEqual({ 'cache-from': from, 'cache-to': to })
  })

  test('read-only: cache-from only, an empty cache-to', () => {
    expect(bake({ 'read-only': 'true', 'cache-mode': 'registry', 'registry-ref': REF }, push).target.api['cache-to']).toEqual([])
  })

  test('a scope made a valid tag with a hash stays apart per target', () => {
    const definition = bake({ 'cache-mode': 'registry', 'registry-ref': REF, scope: 'feature/x' }, push)
    const api = definition.target.api['cache-to'][0]
    const worker = definition.target.worker['cache-to'][0]
    expect(api).toMatch(/:api-feature-x_[0-9a-f]{16},/)
    expect(worker).toMatch(/:worker-feature-x_[0-9a-f]{16},/)
    expect(api).not.toBe(worker.replace('worker', 'api'))
  })

  test.each([
    [{ RUNNER_TEMP: '/runner/_temp' }, '/runner/_temp/buildkit-cache-keeper-42-1-build-ab.bake.json'],
    [{ RUNNER_TEMP: '' }, '/tmp/buildkit-cache-keeper-42-1-build-ab.bake.json'],
    [{}, '/tmp/buildkit-cache-keeper-42-1-build-ab.bake.json']
  ])('the bake file goes to RUNNER_TEMP, else the OS temp folder (%j)', (runnerEnv, expected) => {
    expect(bakeFilePath(runnerEnv, '/tmp', '42-1-build-ab')).toBe(expected)
  })
})
