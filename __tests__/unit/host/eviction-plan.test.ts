import { describe, expect, test } from '@jest/globals'
import { planHostEviction, scopeKey, type ScopeCandidate } from '../../../src/host/eviction-plan.js'

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
