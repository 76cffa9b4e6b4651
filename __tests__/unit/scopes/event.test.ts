import { describe, expect, test } from '@jest/globals'
import { branchScope, planScopes, type EventContext } from '../../../src/scopes/event.js'
import { isValidTag, scopeTag, toTag } from '../../../src/scopes/tag.js'
import { on } from '../../../__fixtures__/events.js'

const repository = { default_branch: 'main' }
const push = (branch: string): EventContext => ({ eventName: 'push', ref: `refs/heads/${branch}`, refName: branch, baseRef: '', payload: { repository } })

describe('planScopes', () => {
  test.each<[string, EventContext, { write?: string; read: string[] }]>([
    ['push to main', push('main'), { write: 'main', read: [] }],
    ['push to a branch', push('develop'), { write: 'develop', read: ['main'] }],
    ['push to a branch with a slash', push('feature/login'), { write: toTag('feature/login'), read: ['main'] }],
    [
      'pull request (GitHub)',
      {
        eventName: 'pull_request',
        ref: 'refs/pull/7/merge',
        refName: '7/merge',
        baseRef: 'develop',
        payload: { number: 7, pull_request: { number: 7, base: { ref: 'develop' } }, repository }
      },
      { write: 'pr-7', read: ['develop', 'main'] }
    ],
    [
      'pull request (act_runner: GITHUB_REF_NAME is the number, payload without number)',
      { eventName: 'pull_request', ref: '', refName: '12', baseRef: 'main', payload: { repository } },
      { write: 'pr-12', read: ['main'] }
    ],
    [
      'pull request from a fork whose branch is called main never writes main',
      {
        eventName: 'pull_request_target',
        ref: 'refs/heads/main',
        refName: 'main',
        baseRef: 'main',
        payload: { pull_request: { number: 3, base: { ref: 'main' } }, repository }
      },
      { write: 'pr-3', read: ['main'] }
    ],
    [
      'tag push is read-only',
      { eventName: 'push', ref: 'refs/tags/v1.2.3', refName: 'v1.2.3', baseRef: '', payload: { repository } },
      { write: undefined, read: ['main'] }
    ],
    ['schedule on a branch', { eventName: 'schedule', ref: 'refs/heads/main', refName: 'main', baseRef: '', payload: {} }, { write: 'main', read: [] }],
    [
      'dispatch on a branch',
      { eventName: 'workflow_dispatch', ref: 'refs/heads/release', refName: 'release', baseRef: '', payload: { repository: { default_branch: 'trunk' } } },
      { write: 'release', read: ['trunk'] }
    ]
  ])('%s', (_name, context, expected) => {
    const plan = planScopes(context)
    expect(plan.write).toBe(expected.write)
    expect(plan.read).toEqual(expected.read)
  })

  test('inputs override scope and fallbacks, key prefixes every scope', () => {
    const plan = planScopes(push('develop'), { scope: 'nightly', fallbackScopes: ['develop', 'main'], key: 'api' })
    expect(plan).toMatchObject({
      write: scopeTag('nightly', 'api'),
      read: [scopeTag('develop', 'api'), scopeTag('main', 'api')],
      defaultBranch: scopeTag('main', 'api')
    })
    expect(plan.write).toMatch(/^api-nightly_[0-9a-f]{16}$/)
  })

  test('path traversal in scope or key ends up as a harmless tag', () => {
    const plan = planScopes(push('main'), { scope: '../../etc/passwd', key: '../x' })
    expect(isValidTag(plan.write!)).toBe(true)
    expect(plan.write).not.toContain('/')
  })
})

describe('closed pull requests', () => {
  const closed = (eventName: string, extra: Partial<EventContext['payload']> = {}): EventContext => ({
    eventName,
    ref: 'refs/pull/7/merge',
    refName: '7',
    baseRef: 'develop',
    payload: { action: 'closed', number: 7, pull_request: { number: 7, base: { ref: 'develop' } }, repository, ...extra }
  })

  test.each([
    ['pull_request', { remove: 'pr-7', write: undefined, read: ['develop', 'main'] }],
    ['pull_request_target', { remove: 'pr-7', write: undefined, read: ['develop', 'main'] }]
  ])('%s closed: writes nothing, removes pr-7, protects its base and the default branch', (eventName, expected) => {
    expect(planScopes(closed(eventName))).toMatchObject(expected)
  })

  test.each([
    ['opened', 'pull_request'],
    ['synchronize', 'pull_request'],
    ['closed', 'pull_request_review']
  ])('action %s on %s removes nothing', (action, eventName) => {
    const plan = planScopes(closed(eventName, { action }))
    expect(plan.remove).toBeUndefined()
    expect(plan.write).toBe('pr-7')
  })

  test('key prefixes the removed scope; a scope input never redirects the deletion', () => {
    expect(planScopes(closed('pull_request'), { key: 'api', scope: 'main' })).toMatchObject({
      remove: scopeTag('pr-7', 'api'),
      read: [scopeTag('develop', 'api'), scopeTag('main', 'api')]
    })
  })

  test('without a number nothing is removed', () => {
    const plan = planScopes({ eventName: 'pull_request', ref: '', refName: '', baseRef: 'main', payload: { action: 'closed', repository } })
    expect(plan.remove).toBeUndefined()
    expect(plan.write).toBeUndefined()
  })
})

describe('scope names the action reserves', () => {
  test.each(['pr-7', 'latest'])('a branch called %s gets its own scope, so closing pull request 7 or a folk-recipe store never touches it', (branch) => {
    const plan = planScopes(on('push', {}, `refs/heads/${branch}`))
    expect(plan.write).toBe(branchScope(branch))
    expect(plan.write).not.toBe(branch)
    expect(plan.write).toMatch(new RegExp(`^${branch}_[0-9a-f]{16}$`))
  })

  test('a deleted branch called pr-7 deletes its own scope, not pull request 7', () => {
    expect(planScopes(on('delete', { ref: 'pr-7', ref_type: 'branch' })).remove).toBe(branchScope('pr-7'))
  })

  test.each(['main', 'pr-7-fix', 'latest-x', 'pr-x'])('%s is not reserved', (name) => expect(branchScope(name)).toBe(name))
})
