import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { planRetention, type RetentionPlan, type RetentionPolicy, type ScopeUsage } from '../../../src/store/retention.js'

const DAY = 86400e3
const now = Date.parse('2026-11-23T00:00:00Z')

// Every blob is 100 bytes.
const scope = (tag: string, blobs: string[], daysAgo: number): ScopeUsage => ({
  tag,
  blobs: new Map(blobs.map((hex) => [hex, 100])),
  lastUsed: now - daysAgo * DAY
})

describe('planRetention', () => {
  test.each<[string, ScopeUsage[], { maxAgeDays: number; maxSize: number; keep?: string | string[] }, { expired: string[]; evicted: string[] }]>([
    ['nothing to do', [scope('main', ['a'], 1)], { maxAgeDays: 14, maxSize: 1000 }, { expired: [], evicted: [] }],
    ['expired by age', [scope('main', ['a'], 1), scope('old', ['b'], 20)], { maxAgeDays: 14, maxSize: 1000 }, { expired: ['old'], evicted: [] }],
    [
      'evicts least recently used, default branch last',
      [scope('main', ['a', 'b'], 9), scope('f1', ['c'], 1), scope('f2', ['d'], 5), scope('f3', ['e'], 3)],
      { maxAgeDays: 14, maxSize: 300 },
      { expired: [], evicted: ['f2', 'f3'] }
    ],
    [
      'shared blobs count once',
      [scope('main', ['a', 'b'], 3), scope('pr-1', ['a', 'b', 'c'], 1)],
      { maxAgeDays: 14, maxSize: 300 },
      { expired: [], evicted: [] }
    ],
    [
      'the scope just written is kept even when alone over budget',
      [scope('main', ['a'], 1), scope('pr-2', ['b', 'c', 'd'], 0)],
      { maxAgeDays: 14, maxSize: 200, keep: 'pr-2' },
      { expired: [], evicted: ['main'] }
    ],
    [
      'every scope a bake job just wrote is kept, old or not',
      [scope('api-pr-2', ['a'], 20), scope('worker-pr-2', ['b'], 20), scope('f1', ['c'], 20)],
      { maxAgeDays: 14, maxSize: 300, keep: ['api-pr-2', 'worker-pr-2'] },
      { expired: ['f1'], evicted: [] }
    ]
  ])('%s', (_name, scopes, { maxAgeDays, maxSize, keep }, expected) => {
    const plan = planRetention(scopes, { now, maxAgeMs: maxAgeDays * DAY, maxSizeBytes: maxSize, defaultBranch: 'main', keep })
    expect({ expired: plan.expired, evicted: plan.evicted }).toEqual(expected)
  })
})

/** The plan as first written: the union of every remaining scope recomputed after each eviction. Slow, plainly right. */
function naivePlan(scopes: ScopeUsage[], policy: RetentionPolicy): RetentionPlan {
  const keep = new Set([policy.keep ?? []].flat())
  const defaults = new Set([policy.defaultBranch ?? []].flat())
  const union = (of: ScopeUsage[]) => {
    const sizes = new Map<string, number>()
    for (const s of of) for (const [hex, size] of s.blobs) if (!sizes.has(hex)) sizes.set(hex, size)
    return [...sizes.values()].reduce((sum, size) => sum + size, 0)
  }
  const expired = scopes.filter((s) => !keep.has(s.tag) && policy.now - s.lastUsed > policy.maxAgeMs).map((s) => s.tag)
  let remaining = scopes.filter((s) => !expired.includes(s.tag))
  const order = remaining.filter((s) => !keep.has(s.tag)).sort((a, b) => Number(defaults.has(a.tag)) - Number(defaults.has(b.tag)) || a.lastUsed - b.lastUsed)
  const evicted: string[] = []
  for (const candidate of order) {
    if (union(remaining) <= policy.maxSizeBytes) break
    evicted.push(candidate.tag)
    remaining = remaining.filter((s) => s !== candidate)
  }
  return { expired, evicted, bytesAfter: union(remaining) }
}

describe('planRetention at scale', () => {
  test('matches the naive plan on random stores (tags repeat, blobs are shared, a blob has one size)', () => {
    const tag = fc.constantFrom('main', 'dev', 'pr-1', 'pr-2', 'pr-3', '__proto__')
    const hex = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g')
    const sizeOf = (blob: string) => 10 * (blob.charCodeAt(0) - 96)
    const scopeArb = fc.record({ tag, blobs: fc.uniqueArray(hex, { maxLength: 5 }), daysAgo: fc.integer({ min: 0, max: 30 }) })
    const policyArb = fc.record({
      maxAgeDays: fc.integer({ min: 0, max: 31 }),
      maxSizeBytes: fc.integer({ min: 0, max: 300 }),
      keep: fc.uniqueArray(tag, { maxLength: 2 }),
      defaultBranch: fc.uniqueArray(tag, { maxLength: 2 })
    })
    fc.assert(
      fc.property(fc.array(scopeArb, { maxLength: 10 }), policyArb, (drawn, { maxAgeDays, ...rest }) => {
        const scopes = drawn.map(({ tag, blobs, daysAgo }) => ({ tag, blobs: new Map(blobs.map((b) => [b, sizeOf(b)])), lastUsed: now - daysAgo * DAY }))
        const policy = { now, maxAgeMs: maxAgeDays * DAY, ...rest }
        expect(planRetention(scopes, policy)).toEqual(naivePlan(scopes, policy))
      }),
      { numRuns: 2000 }
    )
  })
})
