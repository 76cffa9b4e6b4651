import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { enforceHostBudget, hostWords } from '../../../src/host/host-pass.js'
import { scanHost, writeStoreUsage } from '../../../src/host/host-scan.js'
import { silentLogger, type Logger } from '../../../src/log.js'
import { storeLayout } from '../../../src/store/layout.js'
import { updateLastUsed } from '../../../src/store/last-used.js'
import { withStoreLock } from '../../../src/store/lock.js'
import { readIndex } from '../../../src/store/oci.js'
import { openStore } from '../../../src/store/store.js'
import { hostRow } from '../../../src/phases/host-step.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'

describe('enforceHostBudget on real stores', () => {
  let volume: string
  const logs: string[] = []
  const logger: Logger = { info: (m) => logs.push(m), debug() {}, warning: (m) => logs.push(`warning: ${m}`) }
  beforeEach(() => {
    volume = fs.mkdtempSync(path.join(os.tmpdir(), 'host-budget-'))
    logs.length = 0
  })
  afterEach(() => fs.rmSync(volume, { recursive: true, force: true }))

  /** Five repositories, each a main and a feature scope of 2 x 4 KiB layers, used an hour apart. */
  async function fiveRepositories(): Promise<number> {
    let total = 0
    for (const [i, repo] of ['r1', 'r2', 'r3', 'r4', 'r5'].entries()) {
      const layout = openStore(volume, repo)
      for (const tag of ['main', 'feature']) writeCacheTag(layout.root, tag, { layers: 2 })
      const used = 1_000_000 + i * 3_600_000
      await withStoreLock(layout, silentLogger, (lock) => {
        updateLastUsed(lock, layout, { used: ['main'] }, used)
        updateLastUsed(lock, layout, { used: ['feature'] }, used - 60_000)
      })
      const bytes = fs.readdirSync(layout.blobs).reduce((sum, hex) => sum + fs.statSync(path.join(layout.blobs, hex)).size, 0)
      writeStoreUsage(layout, { bytes, lastUsedMs: used, defaultBranch: ['main'] })
      total += bytes
    }
    return total
  }
  const tags = (repo: string) =>
    readIndex(storeLayout(path.join(volume, repo)).index).manifests.map((d) => d.annotations?.['org.opencontainers.image.ref.name'])

  test('over host-max-size: the least recently used repositories lose their feature scopes first, then their default branch; the running job keeps its own', async () => {
    const total = await fiveRepositories()
    const maxSize = { bytes: Math.floor(total * 0.55) }
    const report = await enforceHostBudget({ volumePath: volume, maxSize, protect: { repo: 'r1', tags: ['main', 'feature'] }, dryRun: false }, logger)
    expect(report!.cacheBytes).toBeLessThanOrEqual(maxSize.bytes)
    expect(tags('r1')).toEqual(['main', 'feature'])
    expect(report!.eviction!.scopes.map(({ repo, tag }) => `${repo}:${tag}`)).toEqual(['r2:feature', 'r3:feature', 'r4:feature', 'r5:feature', 'r2:main'])
    expect(tags('r2')).toEqual([])
    expect(tags('r5')).toEqual(['main'])
    expect(scanHost(volume).stores.reduce((sum, s) => sum + s.bytes, 0)).toBe(report!.cacheBytes)
  })

  test('--dry-run names exactly what the real run then does, and changes nothing', async () => {
    const total = await fiveRepositories()
    const options = { volumePath: volume, maxSize: { bytes: Math.floor(total * 0.55) } }
    const before = ['r1', 'r2', 'r3', 'r4', 'r5'].map(tags)
    const dry = await enforceHostBudget({ ...options, dryRun: true }, logger)
    expect(['r1', 'r2', 'r3', 'r4', 'r5'].map(tags)).toEqual(before)
    const real = await enforceHostBudget({ ...options, dryRun: false }, logger)
    expect(real!.eviction!.scopes).toEqual(dry!.eviction!.scopes)
  })

  test('within budget: only the records are read, nothing changes', async () => {
    const total = await fiveRepositories()
    const report = await enforceHostBudget({ volumePath: volume, maxSize: { bytes: total * 2 }, dryRun: false }, logger)
    expect(report).toMatchObject({ cacheBytes: total })
    expect(report!.eviction).toBeUndefined()
  })
})

describe('hostWords', () => {
  test("the host line gc prints says what post's host row says", () => {
    const report = { cacheBytes: 5e9, budget: { maxBytes: 8e9, minFreeBytes: 2e9 }, disk: { totalBytes: 10e9, freeBytes: 3e9 } }
    expect(hostWords(report)).toBe(hostRow(report)[1])
  })
})
