import { describe, expect, test } from '@jest/globals'
import { planRetention, type ScopeUsage } from '../../../src/store/retention.js'

const DAY = 86400e3
const now = Date.parse('2026-11-23T00:00:00Z')

describe('planRetention at scale', () => {
  test('40,000 scopes are planned in well under the lock stale time, reporting progress as it goes', () => {
    const shared = new Map(Array.from({ length: 10 }, (_, i) => [`base-${i}`, 1000] as const))
    const scopes: ScopeUsage[] = Array.from({ length: 40_000 }, (_, i) => ({
      tag: `pr-${i}`,
      blobs: new Map([...shared, ...Array.from({ length: 3 }, (_, j) => [`own-${i}-${j}`, 100] as const)]),
      lastUsed: now - (i % 1000) * 60_000
    }))
    let progress = 0
    const started = performance.now()
    const plan = planRetention(scopes, { now, maxAgeMs: 14 * DAY, maxSizeBytes: 13_000, defaultBranch: 'main' }, () => (progress += 1))
    expect(performance.now() - started).toBeLessThan(2000)
    expect(plan.evicted).toHaveLength(40_000 - 10)
    expect(plan.bytesAfter).toBe(10 * 1000 + 10 * 3 * 100)
    expect(progress).toBeGreaterThanOrEqual(40_000)
  })
})
