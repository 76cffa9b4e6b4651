import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readExported, updateExported } from '../../src/store/last-used.js'
import { storeLayout } from '../../src/store/layout.js'
import { storeCopyDecision, withoutLocalEntries, type StoreCopyFacts } from '../../src/phases/main-plan.js'

const now = Date.parse('2026-11-23T12:00:00Z')
const minutes = (n: number) => n * 60e3
const warm: StoreCopyFacts = {
  builder: 'attached',
  freshBuild: false,
  writeTag: 'main',
  inStore: true,
  exportedAtMs: now - minutes(10),
  nowMs: now,
  refreshMs: minutes(60)
}

describe('storeCopyDecision: whether a build on the persistent builder exports the store copy', () => {
  test.each<[string, Partial<StoreCopyFacts>, boolean]>([
    ['a re-attached builder, the copy 10 minutes old of 1h: kept', {}, false],
    ['the copy just under the bound: kept', { exportedAtMs: now - minutes(60) + 1 }, false],
    ['the copy exactly the bound old: exported', { exportedAtMs: now - minutes(60) }, true],
    ['the copy older than the bound: exported', { exportedAtMs: now - minutes(61) }, true],
    ['no builder attached (the job builds elsewhere): exported', { builder: undefined }, true],
    ['the builder was created this job (it starts from the store): exported', { builder: 'created' }, true],
    ['the builder was recreated this job: exported', { builder: 'recreated' }, true],
    ['fresh-build: exported', { freshBuild: true }, true],
    ['a read-only job: its entries as planned', { writeTag: undefined }, true],
    ['the store lacks the scope: exported', { inStore: false }, true],
    ['no export time recorded: exported', { exportedAtMs: undefined }, true],
    ['an export time in the future (another clock): exported', { exportedAtMs: now + minutes(5) }, true],
    ['store-refresh 0: every build exports', { refreshMs: 0 }, true]
  ])('%s', (_name, change, exported) => {
    expect(storeCopyDecision({ ...warm, ...change }).export).toBe(exported)
  })

  test('a kept copy says how old it is and the bound, in one line', () => {
    expect(storeCopyDecision(warm)).toEqual({
      export: false,
      reason:
        "The store's copy of scope main was exported 10m ago, within store-refresh (60m): this build on the persistent builder, which holds the cache, neither imports nor exports it"
    })
  })
})

describe('withoutLocalEntries', () => {
  test('drops the local entries and keeps the registry tier', () => {
    const entries = {
      cacheFrom: ['type=local,src=/s,tag=main', 'type=registry,ref=r:main'],
      cacheTo: ['type=local,dest=/s,tag=main,mode=max', 'type=registry,ref=r:main,mode=max']
    }
    expect(withoutLocalEntries(entries)).toEqual({ cacheFrom: ['type=registry,ref=r:main'], cacheTo: ['type=registry,ref=r:main,mode=max'] })
  })
})

describe('the export record', () => {
  test('marks tags current, keeps the others, and reads back empty when absent or broken', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'exported-'))
    try {
      const layout = storeLayout(root)
      expect(readExported(layout).size).toBe(0)
      updateExported(layout, ['main'], 1000)
      updateExported(layout, ['pr-7'], 2000)
      updateExported(layout, ['main'], 3000)
      expect([...readExported(layout)]).toEqual([
        ['main', 3000],
        ['pr-7', 2000]
      ])
      fs.writeFileSync(path.join(layout.meta, 'exported.json'), '{torn')
      expect(readExported(layout).size).toBe(0)
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })
})
