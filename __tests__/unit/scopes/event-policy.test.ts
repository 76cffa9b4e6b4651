import { describe, expect, test } from '@jest/globals'
import { planScopes } from '../../../src/scopes/event.js'
import { EVENTS, on } from '../../../__fixtures__/events.js'

describe('which scope each event may write', () => {
  test.each(EVENTS)('%s', (_name, context, expected) => {
    const plan = planScopes(context)
    expect(plan.write).toBe(expected.write)
    expect(plan.untrusted !== undefined).toBe(expected.untrusted)
  })

  test.each(EVENTS.filter(([, , expected]) => expected.untrusted))('%s: the scope input does not make it write main', (_name, context) => {
    const plan = planScopes(context, { scope: 'main' })
    expect(plan.write).not.toBe('main')
    expect(plan.reason).toMatch(/scope input not used: .*trust-pull-requests is false/)
  })

  test('with trust-pull-requests the scope input applies to a fork pull request', () => {
    const fork = EVENTS.find(([name]) => name === 'pull_request (fork)')![1]
    expect(planScopes(fork, { scope: 'shared', trustPullRequests: true }).write).toBe('shared')
  })

  test('a read-only event writes the scope input when it is set', () => {
    expect(planScopes(on('release'), { scope: 'release' }).write).toBe('release')
    expect(planScopes(on('workflow_call'), { scope: 'nightly' }).write).toBeUndefined()
  })

  test('read-only events read their branch, then the default branch', () => {
    expect(planScopes(on('deployment', {}, 'refs/heads/develop')).read).toEqual(['develop', 'main'])
    expect(planScopes(on('merge_group', { merge_group: { base_ref: 'refs/heads/develop' } }, 'refs/heads/gh-readonly-queue/develop/x')).read).toEqual([
      'develop',
      'main'
    ])
  })

  test('a closed pull request reads its base and the default branch, writes nothing, deletes pr-N, merged or not', () => {
    for (const merged of [true, false]) {
      const plan = planScopes(
        on('pull_request', { action: 'closed', number: 7, pull_request: { number: 7, merged, base: { ref: 'develop' } } }, 'refs/pull/7/merge')
      )
      expect(plan).toMatchObject({ write: undefined, remove: 'pr-7', read: ['develop', 'main'] })
      expect(plan.reason).toContain(merged ? 'merged' : 'closed')
    }
  })

  test('a deleted branch deletes its scope; the default branch is never deleted', () => {
    expect(planScopes(on('delete', { ref: 'feature/x', ref_type: 'branch' }))).toMatchObject({
      write: undefined,
      remove: planScopes(on('push', {}, 'refs/heads/feature/x')).write
    })
    expect(planScopes(on('delete', { ref: 'main', ref_type: 'branch' })).remove).toBeUndefined()
    expect(planScopes(on('delete', { ref: 'v1', ref_type: 'tag' })).remove).toBeUndefined()
    expect(planScopes(on('delete', { ref: 'feature', ref_type: 'branch' }), { scope: 'main' }).write).toBeUndefined()
  })
})
