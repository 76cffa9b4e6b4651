// The directory lock: one holder at a time, and a holder that lost it can write nothing more.
// What is held to a wall-clock limit, and the takeovers that take seconds, are in __tests__/slow/lock/.
import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { isStale, LockLostError, withDirLock, type LockHandle, type LockTiming } from '../../../src/lock/dir-lock.js'
import { silentLogger } from '../../../src/log.js'
import { withStoreLock } from '../../../src/store/lock.js'
import { openStore, writeStoreIndex } from '../../../src/store/store.js'

const store = () => openStore(fs.mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'app')
const STALE = { staleMs: 2000, updateMs: 500, waitMs: 60_000 } satisfies LockTiming

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

test.each([
  [0, false],
  [19_999, false],
  [20_000, true],
  [-1000, false],
  [-20_001, true],
  [-365 * 24 * 3600e3, true]
])('a lock refreshed %i ms ago is stale: %s (stale time 20 s)', (ago, stale) => {
  expect(isStale(1_000_000_000 - ago, 1_000_000_000, 20_000)).toBe(stale)
})

test('a holder taken over in the same process: keepFresh throws, and its release leaves the new holder the lock', async () => {
  const layout = store()
  let second: Promise<void> | undefined
  let finishSecond = () => {}
  const warnings: string[] = []
  await expect(
    withDirLock(
      layout.lock,
      { ...silentLogger, warning: (message) => warnings.push(message) },
      async (first) => {
        const old = (Date.now() - 60_000) / 1000
        fs.utimesSync(layout.lock, old, old)
        await new Promise<void>((entered) => {
          second = withDirLock(layout.lock, silentLogger, () => new Promise<void>((done) => ((finishSecond = done), entered())), STALE)
        })
        first.keepFresh()
      },
      { ...STALE, updateMs: 0 }
    )
  ).rejects.toThrow(LockLostError)
  expect(warnings).toEqual([expect.stringMatching(/was taken over by another job/)])
  expect(fs.readdirSync(layout.lock)).toEqual([expect.stringMatching(/^owner-/)])
  finishSecond()
  await second
  expect(fs.existsSync(layout.lock)).toBe(false)
})

test('after a takeover the handle stays spent: every later write through it throws before it lands', async () => {
  const layout = store()
  let finishSecond = () => {}
  let second: Promise<void> | undefined
  let first: LockHandle | undefined
  await withDirLock(
    layout.lock,
    silentLogger,
    async (lock) => {
      first = lock
      const old = (Date.now() - 60_000) / 1000
      fs.utimesSync(layout.lock, old, old)
      await new Promise<void>((entered) => {
        second = withStoreLock(layout, silentLogger, () => new Promise<void>((done) => ((finishSecond = done), entered())))
      })
    },
    { ...STALE, updateMs: 0 }
  )
  for (let attempt = 0; attempt < 2; attempt += 1) {
    expect(() => writeStoreIndex(first!, layout, { schemaVersion: 2, manifests: [] })).toThrow(/taken over by another job/)
  }
  expect(fs.existsSync(layout.index)).toBe(false)
  finishSecond()
  await second
})

test('a handle kept past its lock refuses work: keepFresh throws once the lock was released', async () => {
  const layout = store()
  let kept: LockHandle | undefined
  await withStoreLock(layout, silentLogger, (lock) => void (kept = lock))
  expect(fs.existsSync(layout.lock)).toBe(false)
  expect(() => kept!.keepFresh()).toThrow(LockLostError)
  expect(() => writeStoreIndex(kept!, layout, { schemaVersion: 2, manifests: [] })).toThrow(/used after its holder released it/)
  expect(fs.existsSync(layout.index)).toBe(false)
})
