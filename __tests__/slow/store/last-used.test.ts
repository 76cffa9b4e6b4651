import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { StoreLayout } from '../../../src/store/layout.js'
import { openStore } from '../../../src/store/store.js'

let dir: string
let layout: StoreLayout
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'last-used-'))
  layout = openStore(path.join(dir, 'volume'), 'x')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('a FIFO on the volume stalls no job', () => {
  test('a FIFO at .meta/last-used.json reads as no record, at once', async () => {
    const { readLastUsed } = await import('../../../src/store/last-used.js')
    fs.mkdirSync(layout.meta, { recursive: true })
    execFileSync('mkfifo', [path.join(layout.meta, 'last-used.json')])
    const started = Date.now()
    expect(readLastUsed(layout).size).toBe(0)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
