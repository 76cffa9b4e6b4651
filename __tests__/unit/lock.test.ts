import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { silentLogger } from '../../src/log.js'
import { withStoreLock } from '../../src/store/lock.js'
import { openStore } from '../../src/store/store.js'

const store = () => openStore(fs.mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'app')

test('holders run one at a time', async () => {
  const layout = store()
  const events: string[] = []
  const holder = (name: string) =>
    withStoreLock(layout, silentLogger, async () => {
      events.push(`${name} in`)
      await new Promise((resolve) => setTimeout(resolve, 150))
      events.push(`${name} out`)
    })
  await Promise.all([holder('a'), holder('b')])
  expect(events).toEqual([events[0], events[0].replace('in', 'out'), events[2], events[2].replace('in', 'out')])
  expect(fs.existsSync(layout.lock)).toBe(false)
})

test('a lock left by a crashed holder is taken over once stale', async () => {
  const layout = store()
  fs.mkdirSync(layout.lock)
  const old = (Date.now() - 60_000) / 1000
  fs.utimesSync(layout.lock, old, old)
  const started = Date.now()
  expect(await withStoreLock(layout, silentLogger, () => 'ran')).toBe('ran')
  expect(Date.now() - started).toBeLessThan(2000)
})

test('a vanished store fails at once instead of waiting for the lock', async () => {
  const layout = store()
  fs.rmSync(layout.root, { recursive: true })
  const started = Date.now()
  await expect(withStoreLock(layout, silentLogger, () => 'ran')).rejects.toThrow(/ENOENT/)
  expect(Date.now() - started).toBeLessThan(1000)
})
