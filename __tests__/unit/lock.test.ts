import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ts from 'typescript'
import { isStale, LockLostError, withDirLock, type LockHandle, type LockTiming } from '../../src/lock/dir-lock.js'
import { silentLogger } from '../../src/log.js'
import { collectGarbage } from '../../src/store/gc.js'
import { withStoreLock } from '../../src/store/lock.js'
import { openStore, writeStoreIndex } from '../../src/store/store.js'
import { writeCacheTag } from '../../__fixtures__/oci.js'

const store = () => openStore(fs.mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'app')
const STALE = { staleMs: 2000, updateMs: 500, waitMs: 60_000 } satisfies LockTiming
const blockFor = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

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
  ['this version', true],
  ['an older version (a bare directory)', false]
])('a lock left by a crashed holder of %s is taken over once stale', async (_label, withOwner) => {
  const layout = store()
  fs.mkdirSync(layout.lock)
  if (withOwner) fs.writeFileSync(path.join(layout.lock, 'owner-00112233445566778899aabbccddeeff'), '{}')
  const old = (Date.now() - 60_000) / 1000
  fs.utimesSync(layout.lock, old, old)
  const started = Date.now()
  expect(await withStoreLock(layout, silentLogger, () => 'ran')).toBe('ran')
  expect(Date.now() - started).toBeLessThan(2000)
  expect(fs.readdirSync(layout.root).filter((name) => name.startsWith('.lock'))).toEqual([])
})

test('a lock whose mtime was set into the future is stale at once, not held until then', async () => {
  const layout = store()
  fs.mkdirSync(layout.lock)
  fs.writeFileSync(path.join(layout.lock, 'owner-00112233445566778899aabbccddeeff'), '')
  const future = (Date.now() + 365 * 24 * 3600e3) / 1000
  fs.utimesSync(layout.lock, future, future)
  const started = Date.now()
  expect(await withStoreLock(layout, silentLogger, () => 'ran')).toBe('ran')
  expect(Date.now() - started).toBeLessThan(2000)
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

test('a fresh lock is waited for, not taken over', async () => {
  const layout = store()
  fs.mkdirSync(layout.lock)
  setTimeout(() => fs.rmdirSync(layout.lock), 400)
  const started = Date.now()
  await withStoreLock(layout, silentLogger, () => undefined)
  expect(Date.now() - started).toBeGreaterThanOrEqual(350)
})

test('a vanished store fails at once instead of waiting for the lock', async () => {
  const layout = store()
  fs.rmSync(layout.root, { recursive: true })
  const started = Date.now()
  await expect(withStoreLock(layout, silentLogger, () => 'ran')).rejects.toThrow(/ENOENT/)
  expect(Date.now() - started).toBeLessThan(1000)
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

/**
 * The lock module as a plain ESM file for a second node process: the
 * contender is a separate process, as another job's post or `gc` would be.
 */
const contenderDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-contender-'))
const src = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../../src')
beforeAll(() => {
  // The lock module and what it imports, at the same relative paths, as ESM.
  fs.writeFileSync(path.join(contenderDir, 'package.json'), '{"type":"module"}')
  for (const module of ['lock/dir-lock', 'error-message']) {
    const source = fs.readFileSync(path.join(src, `${module}.ts`), 'utf8')
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
    fs.mkdirSync(path.dirname(path.join(contenderDir, `${module}.js`)), { recursive: true })
    fs.writeFileSync(path.join(contenderDir, `${module}.js`), js)
  }
  fs.writeFileSync(
    path.join(contenderDir, 'contender.mjs'),
    `import { withDirLock } from './lock/dir-lock.js'
const [lockPath, holdMs] = process.argv.slice(2)
const logger = { info() {}, debug() {}, warning: (m) => process.stderr.write(m + '\\n') }
const times = await withDirLock(lockPath, logger, async () => {
  const entered = Date.now()
  process.stdout.write('entered\\n')
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs)))
  return { entered, left: Date.now() }
})
process.stdout.write(JSON.stringify(times) + '\\n')
`
  )
})
afterAll(() => fs.rmSync(contenderDir, { recursive: true, force: true }))

/** Starts a second process that takes the lock, holds it `holdMs` and reports when it entered and left. */
function contender(lockPath: string, holdMs: number) {
  const child = spawn(process.execPath, [path.join(contenderDir, 'contender.mjs'), lockPath, String(holdMs)], {
    env: { ...process.env, NODE_OPTIONS: '', BUILDKIT_CACHE_KEEPER_LOCK_STALE_MS: String(STALE.staleMs) }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const entered = new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('entered') && resolve()))
  type Times = { entered: number; left: number }
  const done = new Promise<Times>((resolve, reject) =>
    child.on('close', (status) =>
      status === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Times) : reject(new Error(`contender: ${status} ${stderr}`))
    )
  )
  return { entered, done }
}

test('GC busy for longer than the stale time keeps the lock: a second process does not enter until it is done', async () => {
  const layout = store()
  for (const tag of ['a', 'b', 'c', 'd', 'e', 'f']) writeCacheTag(layout.root, tag)
  let other: ReturnType<typeof contender> | undefined
  let finished = 0
  const result = await withDirLock(
    layout.lock,
    silentLogger,
    (lock) => {
      other = contender(layout.lock, 0)
      // 6 scopes x 500 ms: the mark phase alone is 3 s of synchronous work, past the 2 s stale time.
      const slowCheck = () => (blockFor(500), { state: 'intact' as const, blobs: new Map<string, number>(), bytes: 0 })
      const gc = collectGarbage(lock, layout, silentLogger, true, () => slowCheck)
      finished = Date.now()
      return gc
    },
    STALE
  )
  expect(result.aborted).toBeUndefined()
  const times = await other!.done
  expect(times.entered).toBeGreaterThanOrEqual(finished)
  expect(fs.existsSync(layout.lock)).toBe(false)
})

test('a holder inactive past the stale time is taken over by another process, stops at its next keepFresh, and its release leaves the new lock', async () => {
  const layout = store()
  let other: ReturnType<typeof contender> | undefined
  await expect(
    withDirLock(
      layout.lock,
      silentLogger,
      (lock) => {
        other = contender(layout.lock, 4000)
        // Frozen (a paused container, a stalled disk) without a heartbeat for longer than the stale time.
        blockFor(3500)
        lock.keepFresh()
      },
      STALE
    )
  ).rejects.toThrow(LockLostError)
  await other!.entered
  // The contender holds the lock now: the first holder's release must not have removed it.
  expect(fs.readdirSync(layout.lock)).toEqual([expect.stringMatching(/^owner-[0-9a-f]{32}$/)])
  const times = await other!.done
  expect(times.left - times.entered).toBeGreaterThanOrEqual(3900)
  expect(fs.existsSync(layout.lock)).toBe(false)
})
