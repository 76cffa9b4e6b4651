import { withDirLock, type LockHandle } from '../lock/dir-lock.js'
import type { Logger } from '../log.js'
import type { StoreLayout } from './layout.js'

export { LockLostError, type LockHandle } from '../lock/dir-lock.js'

/**
 * Runs `work` holding the store's exclusive lock (`<store>/.lock`); throws when
 * it cannot be had within a minute. What must run under it takes the handle
 * `work` is given: its long loops call `lock.keepFresh()`, which also stops
 * them once the lock was taken over.
 */
export function withStoreLock<T>(layout: StoreLayout, logger: Logger, work: (lock: LockHandle) => T | Promise<T>): Promise<T> {
  return withDirLock(layout.lock, logger, work)
}
