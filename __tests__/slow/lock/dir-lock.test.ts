// The directory lock against the clock: a stale lock is taken over at once, a fresh one waited
// for, and a holder busy or frozen past the stale time, with a contender in a second process.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ts from 'typescript'
import { LockLostError, withDirLock, type LockTiming } from '../../../src/lock/dir-lock.js'
import { silentLogger } from '../../../src/log.js'
import { collectGarbage } from '../../../src/store/gc.js'
import { withStoreLock } from '../../../src/store/lock.js'
import { openStore } from '../../../src/store/store.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'

const store = () => openStore(fs.mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'app')
const STALE = { staleMs: 2000, updateMs: 500, waitMs: 60_000 } satisfies LockTiming
const blockFor = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

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

/**
 * The lock module as a plain ESM file for a second node process: the
 * contender is a separate process, as another job's post or `gc` would be.
 */
const contenderDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-contender-'))
const src = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../../../src')
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
