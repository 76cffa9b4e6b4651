import { afterEach, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { silentLogger } from '../../src/log.js'
import { checkStore } from '../../src/store/check.js'
import { readLastUsed, updateLastUsed } from '../../src/store/last-used.js'
import { maintainStore } from '../../src/store/maintain.js'
import { readIndex, tagOf } from '../../src/store/oci.js'
import { planRetention, type RetentionPlan, type RetentionPolicy, type ScopeUsage } from '../../src/store/retention.js'
import { openStore } from '../../src/store/store.js'
import { blobFile, writeBlob, writeCacheTag } from '../../__fixtures__/oci.js'

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

describe('maintainStore', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))
  const store = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maintain-'))
    dirs.push(dir)
    return openStore(dir, 'app')
  }
  const scopeBytes = async (layout: ReturnType<typeof store>) => (await checkStore(layout)).tags[0].bytes
  /** Scopes main, old, mid and new, last used 10, 30, 5 and 1 days ago. */
  const fourScopes = (layout: ReturnType<typeof store>) => {
    for (const tag of ['main', 'old', 'mid', 'new']) writeCacheTag(layout.root, tag)
    updateLastUsed(layout, { used: ['main'] }, now - 10 * DAY)
    updateLastUsed(layout, { used: ['old'] }, now - 30 * DAY)
    updateLastUsed(layout, { used: ['mid'] }, now - 5 * DAY)
    updateLastUsed(layout, { used: ['new'] }, now - 1 * DAY)
  }

  test('drops exactly the expired and over-budget scopes, then sweeps their blobs', async () => {
    const layout = store()
    fourScopes(layout)
    const perScope = (await checkStore(layout)).tags[0].bytes
    const result = maintainStore(layout, { now, retention: { maxAgeMs: 14 * DAY, maxSizeBytes: 2 * perScope, defaultBranch: 'main' } }, silentLogger)
    expect(result.retention).toMatchObject({ expired: ['old'], evicted: ['mid'] })
    expect(readIndex(layout.index).manifests.map(tagOf).sort()).toEqual(['main', 'new'])
    expect([...readLastUsed(layout).keys()].sort()).toEqual(['main', 'new'])
    expect(await checkStore(layout, { verifyDigests: true })).toMatchObject({ ok: true })
    expect(result.gc.keptBlobs).toBe(2 * 4)
  })

  test('a scope with no last-used record counts as fresh: nothing is dropped on a guess', () => {
    const layout = store()
    writeCacheTag(layout.root, 'main')
    writeCacheTag(layout.root, 'legacy')
    updateLastUsed(layout, { used: ['main'] }, now)
    const result = maintainStore(layout, { now, retention: { maxAgeMs: DAY, maxSizeBytes: 1e9 } }, silentLogger)
    expect(result.retention?.expired).toEqual([])
  })

  test('a dry run reports the same drops and counts as the real run on the same store', async () => {
    const layout = store()
    fourScopes(layout)
    writeBlob(layout.root, 'unreferenced', 'application/octet-stream')
    const blobsBefore = fs.readdirSync(layout.blobs).length
    // Room for two of the four scopes (their sizes differ by a few bytes).
    const options = { now, retention: { maxAgeMs: 14 * DAY, maxSizeBytes: 2.5 * (await scopeBytes(layout)), defaultBranch: 'main' } }
    const dry = maintainStore(layout, { ...options, dryRun: true }, silentLogger)
    expect(fs.readdirSync(layout.blobs)).toHaveLength(blobsBefore)
    const real = maintainStore(layout, options, silentLogger)
    expect(real.retention).toMatchObject({ expired: ['old'], evicted: ['mid'] })
    expect(real.gc).toMatchObject({ sweptBlobs: 2 * 4 + 1, keptBlobs: 2 * 4 })
    expect(dry).toEqual(real)
  })

  test('scopes named __proto__ and constructor keep their last-used times: the oldest is evicted first', async () => {
    const layout = store()
    for (const tag of ['__proto__', 'constructor', 'main', 'feature']) writeCacheTag(layout.root, tag)
    updateLastUsed(layout, { used: ['__proto__'] }, now - 30 * DAY)
    updateLastUsed(layout, { used: ['main'] }, now - 3 * DAY)
    updateLastUsed(layout, { used: ['feature'] }, now - 2 * DAY)
    // constructor has no record: it counts as used now.
    const result = maintainStore(layout, { now, retention: { maxAgeMs: 14 * DAY, maxSizeBytes: 2.5 * (await scopeBytes(layout)) } }, silentLogger)
    expect(result.retention).toMatchObject({ expired: ['__proto__'], evicted: ['main'] })
    expect(readIndex(layout.index).manifests.map(tagOf)).toEqual(['constructor', 'feature'])
    expect([...readLastUsed(layout).keys()]).toEqual(['feature'])
  })

  test('content failing its digest drops every scope referencing it; a dry run counts the same and changes nothing', async () => {
    const layout = store()
    const main = writeCacheTag(layout.root, 'main')
    const dev = writeCacheTag(layout.root, 'dev')
    const layer = blobFile(layout.root, dev.blobs[0])
    fs.writeFileSync(layer, Buffer.alloc(fs.statSync(layer).size))
    const { failures } = await checkStore(layout, { verifyDigests: true })
    expect([...failures.corrupt.keys()]).toEqual([dev.blobs[0]])
    const dry = maintainStore(layout, { now, dryRun: true, contentFailures: failures }, silentLogger)
    expect(readIndex(layout.index).manifests.map(tagOf)).toEqual(['main', 'dev'])
    expect(fs.existsSync(layer)).toBe(true)
    const real = maintainStore(layout, { now, contentFailures: failures }, silentLogger)
    expect(real.gc).toMatchObject({ droppedTags: ['dev'], sweptBlobs: 4, keptBlobs: 4 })
    expect(dry.gc).toEqual(real.gc)
    expect(fs.existsSync(layer)).toBe(false)
    expect(readIndex(layout.index).manifests.map(tagOf)).toEqual(['main'])
    expect(main.blobs.every((hex) => fs.existsSync(blobFile(layout.root, hex)))).toBe(true)
    expect(await checkStore(layout, { verifyDigests: true })).toMatchObject({ ok: true })
  })

  test('a blob hashing could not read is unreadable, not corrupt: the sweep aborts and nothing is dropped', () => {
    const layout = store()
    const main = writeCacheTag(layout.root, 'main')
    const failures = { corrupt: new Map(), unreadable: new Map([[main.blobs[0], 'could not read /x: EIO']]) }
    const result = maintainStore(layout, { now, contentFailures: failures }, silentLogger)
    expect(result.gc).toMatchObject({ aborted: 'scope main: could not read /x: EIO', droppedTags: [] })
    expect(readIndex(layout.index).manifests.map(tagOf)).toEqual(['main'])
  })

  test('leftover temp files of killed writes are removed', () => {
    const layout = store()
    fs.writeFileSync(path.join(layout.root, '.index.json.123.456.tmp'), '{}')
    expect(maintainStore(layout, { now }, silentLogger).leftoverTempFiles).toBe(1)
    expect(fs.readdirSync(layout.root)).not.toContain('.index.json.123.456.tmp')
  })
})

describe('checkStore', () => {
  test('reports missing blobs and content that does not match its digest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'))
    const layout = openStore(dir, 'app')
    const a = writeCacheTag(layout.root, 'a')
    const b = writeCacheTag(layout.root, 'b')
    expect((await checkStore(layout, { verifyDigests: true })).ok).toBe(true)
    fs.unlinkSync(blobFile(layout.root, a.blobs[0]))
    const file = blobFile(layout.root, b.blobs[0])
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size))
    const quick = await checkStore(layout)
    expect(quick.problems).toEqual([expect.stringMatching(/^a: blob .* is missing/)])
    expect((await checkStore(layout, { verifyDigests: true })).problems).toEqual([
      expect.stringMatching(/^a: /),
      expect.stringMatching(/^b: blob .* does not match/)
    ])
    writeBlob(layout.root, 'x', 'application/octet-stream')
    fs.rmSync(dir, { recursive: true })
  })

  test('--verify-digests hashes a blob over 2 GiB (a stream, not one buffer)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-big-'))
    try {
      const layout = openStore(dir, 'app')
      // A sparse file: 2 GiB + 1 zero bytes on disk in no space. Its sha256, computed once with sha256sum:
      const size = 2 ** 31 + 1
      const hex = 'b8030a8ab89280935633d8d991da3d9907c0f12e8b6fc3bfc515f4d440872b6e'
      fs.writeFileSync(blobFile(layout.root, hex), '')
      fs.truncateSync(blobFile(layout.root, hex), size)
      const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${hex}`, size }
      const config = writeBlob(layout.root, '{}', 'application/vnd.buildkit.cacheconfig.v0')
      const manifest = writeBlob(layout.root, JSON.stringify({ schemaVersion: 2, manifests: [layer, config] }), 'application/vnd.oci.image.index.v1+json')
      const entry = { ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'big' } }
      fs.writeFileSync(layout.index, JSON.stringify({ schemaVersion: 2, manifests: [entry] }))
      expect(await checkStore(layout, { verifyDigests: true })).toEqual({
        ok: true,
        problems: [],
        failures: { corrupt: new Map(), unreadable: new Map() },
        tags: [{ tag: 'big', state: 'intact', blobs: 3, bytes: size + config.size + manifest.size }]
      })
      // One byte changed is found.
      const fd = fs.openSync(blobFile(layout.root, hex), 'r+')
      fs.writeSync(fd, Buffer.from([1]), 0, 1, size - 1)
      fs.closeSync(fd)
      expect((await checkStore(layout, { verifyDigests: true })).problems).toEqual([`big: blob sha256:${hex} does not match its content`])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
