import { afterEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { storeLayout } from '../../../src/store/layout.js'
import { createSnapshot, wasExported } from '../../../src/store/snapshot.js'
import { exportUsage } from '../../../src/store/usage.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'
import { holdStoreLock, type HeldStoreLock } from '../../../__fixtures__/store-lock.js'

const silent = { info: () => {}, warning: () => {}, debug: () => {} }

describe('exportUsage', () => {
  const dirs: string[] = []
  const holds: HeldStoreLock[] = []
  afterEach(async () => {
    for (const held of holds.splice(0)) await held.release()
    dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }))
  })
  /** A store with main and a job's snapshot of it, the store's lock held until the test ends. */
  async function storeWithSnapshot(tag: string) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-'))
    dirs.push(root)
    const layout = storeLayout(root)
    writeCacheTag(root, 'main', { layers: 3 })
    fs.mkdirSync(layout.staging)
    const held = await holdStoreLock(layout)
    holds.push(held)
    const { lock } = held
    const snapshot = createSnapshot(lock, layout, 'job', tag, silent)
    return { lock, layout, snapshot }
  }

  test('a snapshot BuildKit never exported into counts as nothing exported, even with the tag present', async () => {
    const { lock, layout, snapshot } = await storeWithSnapshot('main')
    expect(wasExported(snapshot.dir)).toBe(false)
    expect(exportUsage(lock, layout, snapshot.dir, 'main')).toEqual({ state: 'none', reason: 'no cache was exported' })
    expect(exportUsage(lock, layout, snapshot.dir, undefined)).toEqual({ state: 'none', reason: 'read-only job' })
  })

  test('the same cache exported again: all re-used, nothing new', async () => {
    const { lock, layout, snapshot } = await storeWithSnapshot('main')
    const index = path.join(snapshot.dir, 'index.json')
    fs.writeFileSync(index, fs.readFileSync(index)) // BuildKit rewrites it in place
    expect(wasExported(snapshot.dir)).toBe(true)
    const usage = exportUsage(lock, layout, snapshot.dir, 'main')
    expect(usage).toMatchObject({ state: 'exported', blobs: 5, newBlobs: 0, newBytes: 0 })
  })

  test('a new scope sharing nothing: every blob new, the bytes counted from the files', async () => {
    const { lock, layout, snapshot } = await storeWithSnapshot('feature')
    writeCacheTag(snapshot.dir, 'feature', { layers: 2 })
    const usage = exportUsage(lock, layout, snapshot.dir, 'feature')
    expect(usage.state).toBe('exported')
    if (usage.state !== 'exported') return
    expect(usage.newBlobs).toBe(4)
    expect(usage.newBlobs).toBe(usage.blobs)
    expect(usage.newBytes).toBe(usage.bytes)
    expect(usage.bytes).toBeGreaterThan(2 * 64)
  })

  test('a blob the store has with another size counts as new; an incomplete export as nothing exported', async () => {
    const { lock, layout, snapshot } = await storeWithSnapshot('feature')
    const { blobs } = writeCacheTag(snapshot.dir, 'feature', { layers: 1 })
    fs.writeFileSync(path.join(layout.blobs, blobs[0]), 'short')
    const usage = exportUsage(lock, layout, snapshot.dir, 'feature')
    expect(usage).toMatchObject({ state: 'exported', blobs: 3, newBlobs: 3 })
    fs.rmSync(path.join(snapshot.dir, 'blobs', 'sha256', blobs[1]))
    expect(exportUsage(lock, layout, snapshot.dir, 'feature')).toMatchObject({ state: 'none', reason: expect.stringMatching(/incomplete/) })
  })
})
