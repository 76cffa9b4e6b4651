import { silentLogger } from '../src/log.js'
import type { StoreLayout } from '../src/store/layout.js'
import { withStoreLock, type LockHandle } from '../src/store/lock.js'

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
