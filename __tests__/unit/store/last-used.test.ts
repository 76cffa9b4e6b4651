import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { silentLogger } from '../../../src/log.js'
import { readExported, updateExported } from '../../../src/store/last-used.js'
import { storeLayout } from '../../../src/store/layout.js'
import { withStoreLock } from '../../../src/store/lock.js'

describe('the export record', () => {
  test('marks tags current, keeps the others, and reads back empty when absent or broken', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'exported-'))
    try {
      const layout = storeLayout(root)
      expect(readExported(layout).size).toBe(0)
      await withStoreLock(layout, silentLogger, (lock) => {
        updateExported(lock, layout, ['main'], 1000)
        updateExported(lock, layout, ['pr-7'], 2000)
        updateExported(lock, layout, ['main'], 3000)
      })
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
