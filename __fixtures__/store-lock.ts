import { afterEach, beforeEach } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { silentLogger, type Logger } from '../src/log.js'
import type { StoreLayout } from '../src/store/layout.js'
import { withStoreLock, type LockHandle } from '../src/store/lock.js'
import { openStore } from '../src/store/store.js'

export interface HeldStoreLock {
  lock: LockHandle
  /** Ends the hold; resolves once the lock is released. */
  release: () => Promise<void>
}

/**
 * Takes a store's lock and holds it until `release`, for tests that call what
 * needs it one step at a time. The handle is withStoreLock's own: a test
 * holds the lock as the phases do, never a stand-in.
 */
export function holdStoreLock(layout: StoreLayout): Promise<HeldStoreLock> {
  let endHold = () => {}
  const held = new Promise<void>((resolve) => (endHold = resolve))
  return new Promise((resolve, reject) => {
    const released = withStoreLock(layout, silentLogger, (lock) => {
      resolve({ lock, release: () => (endHold(), released) })
      return held
    })
    released.catch(reject)
  })
}

export interface LockedStore {
  /** The temp folder holding the volume; a test may put what lies outside the store here. */
  dir: string
  volume: string
  layout: StoreLayout
  lock: LockHandle
  /** Releases the lock, then removes the temp folder. */
  close: () => Promise<void>
}

/** A new store `app` on a volume in a new temp folder, its lock held until `close`. */
export async function openLockedStore(prefix: string): Promise<LockedStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const volume = path.join(dir, 'volume')
  const layout = openStore(volume, 'app')
  const held = await holdStoreLock(layout)
  return {
    dir,
    volume,
    layout,
    lock: held.lock,
    close: async () => {
      await held.release()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * A store test file's setting, as jest hooks: before each test a new locked
 * store (openLockedStore), handed to `use` for the file's own bindings, and no
 * warnings yet; after it, the store closed. `logger` collects the warnings.
 */
export function eachLockedStore(prefix: string, use: (store: LockedStore) => void): { warnings: string[]; logger: Logger } {
  const warnings: string[] = []
  const logger: Logger = { info() {}, debug() {}, warning: (message) => warnings.push(message) }
  let store: LockedStore | undefined
  beforeEach(async () => {
    store = await openLockedStore(prefix)
    warnings.length = 0
    use(store)
  })
  afterEach(() => store?.close())
  return { warnings, logger }
}
