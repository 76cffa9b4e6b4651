import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { planScopes, type EventContext } from '../../src/scopes/event.js'
import { isValidTag, scopeTag, toTag } from '../../src/scopes/tag.js'

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

describe('toTag', () => {
  test.each([
    ['main', 'main'],
    ['release-1.2', 'release-1.2'],
    ['v1.0', 'v1.0']
  ])('a plain name maps to itself: %s', (name, tag) => expect(toTag(name)).toBe(tag))

  test('a changed name carries a hash after the one `_` a tag can hold, so feature/a and feature-a differ', () => {
    expect(toTag('feature/a')).toMatch(/^feature-a_[0-9a-f]{16}$/)
    expect(toTag('feature/a')).not.toBe(toTag('feature-a'))
    expect(toTag('feature/a')).not.toBe(toTag('feature:a'))
    expect(toTag('_x')).toMatch(/^x_[0-9a-f]{16}$/)
  })

  test("the hashed form of a changed name is itself hashed, so an unprotected branch never spells a protected branch's scope", () => {
    const protectedTag = toTag('release/1.0')
    expect(toTag(protectedTag)).not.toBe(protectedTag)
    expect(planScopes(push(protectedTag)).write).not.toBe(planScopes(push('release/1.0')).write)
  })

  test('every name becomes a valid OCI tag', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => isValidTag(toTag(name))),
      { numRuns: 2000 }
    )
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => isValidTag(toTag(name))),
      { numRuns: 2000 }
    )
  })

  test('two different names never share a tag', () => {
    const alphabet = fc.constantFrom('a', 'A', '-', '.', '_', '/', ':', ' ', '1', 'é')
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 140 }), fc.string({ unit: alphabet, maxLength: 140 }), (a, b) => a === b || toTag(a) !== toTag(b)),
      { numRuns: 5000 }
    )
  })
})

describe('scope tags are one-to-one over (key, bake target, branch)', () => {
  // Names built from few characters, so that `web` + `admin-main` and `web-admin` + `main` style overlaps come up often.
  const part = fc.string({ unit: fc.constantFrom('a', 'b', '-', '_', '.', '/', '0', '7', 'p', 'r'), maxLength: 12 })
  const optional = fc.option(part.filter(Boolean), { nil: undefined })
  const input = fc.record({ key: optional, target: optional, branch: part.filter(Boolean) })
  const tagOf = ({ key, target, branch }: { key?: string; target?: string; branch: string }) => planScopes(push(branch), { key, target }).write

  test('no two inputs map to one tag', () => {
    fc.assert(
      fc.property(input, input, (a, b) => (a.key === b.key && a.target === b.target && a.branch === b.branch) || tagOf(a) !== tagOf(b)),
      { numRuns: 20000 }
    )
  })

  test.each([
    [
      { target: 'web', branch: 'admin-main' },
      { target: 'web-admin', branch: 'main' }
    ],
    [
      { key: 'web', branch: 'admin-main' },
      { key: 'web-admin', branch: 'main' }
    ],
    [
      { key: 'web', branch: 'main' },
      { target: 'web', branch: 'main' }
    ],
    [
      { key: 'a', target: 'b', branch: 'main' },
      { key: 'a-b', branch: 'main' }
    ],
    [{ branch: 'release-1.0_05c07dbfba' }, { branch: 'release/1.0' }],
    [{ branch: 'pr-7' }, { branch: 'pr-7_0000000000000000' }]
  ])('%j and %j differ', (a, b) => expect(tagOf(a)).not.toBe(tagOf(b)))

  test('every input gives a valid tag, pull requests included', () => {
    fc.assert(
      fc.property(input, (a) => isValidTag(tagOf(a)!)),
      { numRuns: 2000 }
    )
  })
})
