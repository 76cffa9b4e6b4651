import { afterEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { silentLogger } from '../../../src/log.js'
import { checkStore } from '../../../src/store/check.js'
import { readLastUsed, updateLastUsed } from '../../../src/store/last-used.js'
import { maintainStore } from '../../../src/store/maintain.js'
import { readIndex, tagOf } from '../../../src/store/oci.js'
import type { StoreLayout } from '../../../src/store/layout.js'
import type { LockHandle } from '../../../src/store/lock.js'
import { openStore } from '../../../src/store/store.js'
import { blobFile, writeBlob, writeCacheTag } from '../../../__fixtures__/oci.js'
import { holdStoreLock, type HeldStoreLock } from '../../../__fixtures__/store-lock.js'

const DAY = 86400e3
const now = Date.parse('2026-11-23T00:00:00Z')

describe('maintainStore', () => {
  const dirs: string[] = []
  const holds: HeldStoreLock[] = []
  let lock: LockHandle
  afterEach(async () => {
    for (const held of holds.splice(0)) await held.release()
    dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }))
  })
  /** A new store, its lock held (as `lock`) until the test ends. */
  const store = async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maintain-'))
    dirs.push(dir)
    const layout = openStore(dir, 'app')
    const held = await holdStoreLock(layout)
    holds.push(held)
    lock = held.lock
    return layout
  }
  const scopeBytes = async (layout: StoreLayout) => (await checkStore(layout)).tags[0].bytes
  /** Scopes main, old, mid and new, last used 10, 30, 5 and 1 days ago. */
  const fourScopes = (layout: StoreLayout) => {
    for (const tag of ['main', 'old', 'mid', 'new']) writeCacheTag(layout.root, tag)
    updateLastUsed(lock, layout, { used: ['main'] }, now - 10 * DAY)
    updateLastUsed(lock, layout, { used: ['old'] }, now - 30 * DAY)
    updateLastUsed(lock, layout, { used: ['mid'] }, now - 5 * DAY)
    updateLastUsed(lock, layout, { used: ['new'] }, now - 1 * DAY)
  }

  test('drops exactly the expired and over-budget scopes, then sweeps their blobs', async () => {
    const layout = await store()
    fourScopes(layout)
    const perScope = (await checkStore(layout)).tags[0].bytes
    const result = maintainStore(lock, layout, { now, retention: { maxAgeMs: 14 * DAY, maxSizeBytes: 2 * perScope, defaultBranch: 'main' } }, silentLogger)
    expect(result.retention).toMatchObject({ expired: ['old'], evicted: ['mid'] })
    expect(readIndex(layout.index).manifests.map(tagOf).sort()).toEqual(['main', 'new'])
    expect([...readLastUsed(layout).keys()].sort()).toEqual(['main', 'new'])
    expect(await checkStore(layout, { verifyDigests: true })).toMatchObject({ ok: true })
    expect(result.gc.keptBlobs).toBe(2 * 4)
  })

  test('a scope with no last-used record counts as fresh: nothing is dropped on a guess', async () => {
    const layout = await store()
    writeCacheTag(layout.root, 'main')
    writeCacheTag(layout.root, 'legacy')
    updateLastUsed(lock, layout, { used: ['main'] }, now)
    const result = maintainStore(lock, layout, { now, retention: { maxAgeMs: DAY, maxSizeBytes: 1e9 } }, silentLogger)
    expect(result.retention?.expired).toEqual([])
  })

  test('a dry run reports the same drops and counts as the real run on the same store', async () => {
    const layout = await store()
    fourScopes(layout)
    writeBlob(layout.root, 'unreferenced', 'application/octet-stream')
    const blobsBefore = fs.readdirSync(layout.blobs).length
    // Room for two of the four scopes (their sizes differ by a few bytes).
    const options = { now, retention: { maxAgeMs: 14 * DAY, maxSizeBytes: 2.5 * (await scopeBytes(layout)), defaultBranch: 'main' } }
    const dry = maintainStore(lock, layout, { ...options, dryRun: true }, silentLogger)
    expect(fs.readdirSync(layout.blobs)).toHaveLength(blobsBefore)
    const real = maintainStore(lock, layout, options, silentLogger)
    expect(real.retention).toMatchObject({ expired: ['old'], evicted: ['mid'] })
    expect(real.gc).toMatchObject({ sweptBlobs: 2 * 4 + 1, keptBlobs: 2 * 4 })
    expect(dry).toEqual(real)
  })

  test('scopes named __proto__ and constructor keep their last-used times: the oldest is evicted first', async () => {
    const layout = await store()
    for (const tag of ['__proto__', 'constructor', 'main', 'feature']) writeCacheTag(layout.root, tag)
    updateLastUsed(lock, layout, { used: ['__proto__'] }, now - 30 * DAY)
    updateLastUsed(lock, layout, { used: ['main'] }, now - 3 * DAY)
    updateLastUsed(lock, layout, { used: ['feature'] }, now - 2 * DAY)
    // constructor has no record: it counts as used now.
    const result = maintainStore(lock, layout, { now, retention: { maxAgeMs: 14 * DAY, maxSizeBytes: 2.5 * (await scopeBytes(layout)) } }, silentLogger)
    expect(result.retention).toMatchObject({ expired: ['__proto__'], evicted: ['main'] })
    expect(readIndex(layout.index).manifests.map(tagOf)).toEqual(['constructor', 'feature'])
    expect([...readLastUsed(layout).keys()]).toEqual(['feature'])
  })

  test('content failing its digest drops every scope referencing it; a dry run counts the same and changes nothing', async () => {
    const layout = await store()
    const main = writeCacheTag(layout.root, 'main')
    const dev = writeCacheTag(layout.root, 'dev')
    const layer = blobFile(layout.root, dev.blobs[0])
    fs.writeFileSync(layer, Buffer.alloc(fs.statSync(layer).size))
    const { failures } = await checkStore(layout, { verifyDigests: true })
    expect([...failures.corrupt.keys()]).toEqual([dev.blobs[0]])
    const dry = maintainStore(lock, layout, { now, dryRun: true, contentFailures: failures }, silentLogger)
    expect(readIndex(layout.index).manifests.map(tagOf)).toEqual(['main', 'dev'])
    expect(fs.existsSync(layer)).toBe(true)
    const real = maintainStore(lock, layout, { now, contentFailures: failures }, silentLogger)
    expect(real.gc).toMatchObject({ droppedTags: ['dev'], sweptBlobs: 4, keptBlobs: 4 })
    expect(dry.gc).toEqual(real.gc)
    expect(fs.existsSync(layer)).toBe(false)
    expect(readIndex(layout.index).manifests.map(tagOf)).toEqual(['main'])
    expect(main.blobs.every((hex) => fs.existsSync(blobFile(layout.root, hex)))).toBe(true)
    expect(await checkStore(layout, { verifyDigests: true })).toMatchObject({ ok: true })
  })

  test('a blob hashing could not read is unreadable, not corrupt: the sweep aborts and nothing is dropped', async () => {
    const layout = await store()
    const main = writeCacheTag(layout.root, 'main')
    const failures = { corrupt: new Map(), unreadable: new Map([[main.blobs[0], 'could not read /x: EIO']]) }
    const result = maintainStore(lock, layout, { now, contentFailures: failures }, silentLogger)
    expect(result.gc).toMatchObject({ aborted: 'scope main: could not read /x: EIO', droppedTags: [] })
    expect(readIndex(layout.index).manifests.map(tagOf)).toEqual(['main'])
  })

  test('leftover temp files of killed writes are removed', async () => {
    const layout = await store()
    fs.writeFileSync(path.join(layout.root, '.index.json.123.456.tmp'), '{}')
    expect(maintainStore(lock, layout, { now }, silentLogger).leftoverTempFiles).toBe(1)
    expect(fs.readdirSync(layout.root)).not.toContain('.index.json.123.456.tmp')
  })
})
