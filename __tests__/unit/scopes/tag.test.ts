import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { planScopes, type EventContext } from '../../../src/scopes/event.js'
import { isValidTag, toTag } from '../../../src/scopes/tag.js'

const repository = { default_branch: 'main' }
const push = (branch: string): EventContext => ({ eventName: 'push', ref: `refs/heads/${branch}`, refName: branch, baseRef: '', payload: { repository } })

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
