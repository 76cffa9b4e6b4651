import lockfile from 'proper-lockfile'
import type { Logger } from '../log.js'
import type { StoreLayout } from './layout.js'

// The lock is a directory whose mtime the holder refreshes; a holder that died
// (in any container sharing the volume: PIDs mean nothing there) stops
// refreshing and is taken over once the lock is older than STALE_MS.
// BUILDKIT_CACHE_KEEPER_LOCK_STALE_MS shortens the takeover for crash tests (proper-lockfile's floor is 2 s).
const STALE_MS = Number(process.env.BUILDKIT_CACHE_KEEPER_LOCK_STALE_MS) || 20_000
const UPDATE_MS = STALE_MS / 4
const WAIT_MS = 60_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Takes the lock, waiting while another holder has it. proper-lockfile's own
 * retries would also retry errors that will not go away (a vanished store),
 * so only ELOCKED is waited on here.
 */
async function acquire(layout: StoreLayout, logger: Logger): Promise<() => Promise<void>> {
  const deadline = Date.now() + WAIT_MS
  for (let delay = 100; ; delay = Math.min(delay * 1.5, 1000)) {
    try {
      return await lockfile.lock(layout.root, {
        lockfilePath: layout.lock,
        realpath: false,
        stale: STALE_MS,
        update: UPDATE_MS,
        onCompromised: (error) => logger.warning(`Store lock was taken over while held: ${error.message}`)
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw error
      await sleep(delay)
    }
  }
}

/** Runs `work` holding the store's exclusive lock; throws when the lock cannot be had within a minute. */
export async function withStoreLock<T>(layout: StoreLayout, logger: Logger, work: () => T | Promise<T>): Promise<T> {
  const started = Date.now()
  const release = await acquire(layout, logger)
  const waited = Date.now() - started
  if (waited > 1000) logger.info(`Waited ${(waited / 1000).toFixed(1)} s for the store lock`)
  try {
    return await work()
  } finally {
    await release().catch((error: Error) => logger.debug(`Releasing the store lock: ${error.message}`))
  }
}
