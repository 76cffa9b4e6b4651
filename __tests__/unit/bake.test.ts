import { describe, expect, test } from '@jest/globals'
import { bakeDefinition, bakeFilePath, bakeTargetKey, planImages } from '../../src/backends/bake.js'
import { planEntries } from '../../src/backends/cache-plan.js'
import { parseInputs, type RawInputs } from '../../src/config/inputs.js'
import type { EventContext } from '../../src/scopes/event.js'

const repository = { default_branch: 'main' }
const push: EventContext = { eventName: 'push', ref: 'refs/heads/develop', refName: 'develop', baseRef: '', payload: { repository } }
const pr: EventContext = { eventName: 'pull_request', ref: 'refs/pull/7/merge', refName: '7', baseRef: 'develop', payload: { number: 7, repository } }
const env = { GITHUB_REPOSITORY: 'acme/app' }
const REF = '127.0.0.1:5000/app-cache'

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
  test.each([
    [undefined, 'api', 'api'],
    ['', 'api', 'api'],
    ['app', 'api', 'app-api']
  ])('key %j and target %s prefix scopes with %s', (key, target, expected) => {
    expect(bakeTargetKey(key, target)).toBe(expected)
  })

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
          'cache-from': ['type=local,src=/v/app/.staging/job-api,tag=api-develop', 'type=local,src=/v/app/.staging/job-api,tag=api-main'],
          'cache-to': ['type=local,dest=/v/app/.staging/job-api,tag=api-develop,mode=max,ignore-error=true']
        },
        worker: {
          'cache-from': ['type=local,src=/v/app/.staging/job-worker,tag=worker-develop', 'type=local,src=/v/app/.staging/job-worker,tag=worker-main'],
          'cache-to': ['type=local,dest=/v/app/.staging/job-worker,tag=worker-develop,mode=max,ignore-error=true']
        }
      }
    })
  })

  test('registry with key on a pull request: key, then target, then the event scope', () => {
    const definition = bake({ 'cache-mode': 'registry', 'registry-ref': REF, key: 'app' }, pr)
    expect(definition.target.worker).toEqual({
      'cache-from': [`type=registry,ref=${REF}:app-worker-pr-7`, `type=registry,ref=${REF}:app-worker-develop`, `type=registry,ref=${REF}:app-worker-main`],
      'cache-to': [`type=registry,ref=${REF}:app-worker-pr-7,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`]
    })
  })

  test.each([
    [
      'gha',
      { RUNNER_ENVIRONMENT: 'github-hosted' },
      ['type=gha,scope=acme__app-api-develop', 'type=gha,scope=acme__app-api-main'],
      ['type=gha,scope=acme__app-api-develop,mode=max,ignore-error=true']
    ],
    [
      's3',
      {},
      ['type=s3,name=acme__app-api-develop,bucket=ci', 'type=s3,name=acme__app-api-main,bucket=ci'],
      ['type=s3,name=acme__app-api-develop,mode=max,ignore-error=true,bucket=ci']
    ],
    ['inline', {}, [`type=registry,ref=${REF}:api-develop`, `type=registry,ref=${REF}:api-main`], ['type=inline']],
    ['off', {}, [], []]
  ])('%s: every backend names each target apart', (mode, extraEnv, from, to) => {
    const raw: RawInputs = {
      'cache-mode': mode,
      'bake-targets': 'api',
      ...(mode === 's3' ? { 'cache-options': 'bucket=ci' } : {}),
      ...(mode === 'inline' ? { 'registry-ref': REF } : {})
    }
    const { inputs } = parseInputs(raw, env)
    const runner = { ...env, ACTIONS_RESULTS_URL: 'https://results.example/', ACTIONS_RUNTIME_TOKEN: 'token', ...extraEnv }
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
    expect(api).toMatch(/:api-feature-x-[0-9a-f]{10},/)
    expect(worker).toMatch(/:worker-feature-x-[0-9a-f]{10},/)
  })

  test.each([
    [{ RUNNER_TEMP: '/runner/_temp' }, '/runner/_temp/buildkit-cache-keeper-42-1-build-ab.bake.json'],
    [{ RUNNER_TEMP: '' }, '/tmp/buildkit-cache-keeper-42-1-build-ab.bake.json'],
    [{}, '/tmp/buildkit-cache-keeper-42-1-build-ab.bake.json']
  ])('the bake file goes to RUNNER_TEMP, else the OS temp folder (%j)', (runnerEnv, expected) => {
    expect(bakeFilePath(runnerEnv, '/tmp', '42-1-build-ab')).toBe(expected)
  })
})
