import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { errorMessage } from '../error-message.js'
import type { Logger } from '../log.js'

/**
 * An exclusive lock between processes that share a volume: jobs in different
 * containers, where PIDs mean nothing. The lock is a directory holding one
 * `owner-<token>` file; its holder refreshes the directory's mtime, and a
 * lock older than the stale time is taken over, so a holder that died never
 * wedges it.
 *
 * A timer alone cannot keep it fresh: the store's GC, snapshot and promotion
 * loops are synchronous and starve the timer, so a waiter would take over
 * mid-sweep. Those loops call the handle's `keepFresh()` instead, which
 * refreshes at most every update interval and, because a takeover removes the
 * owner file, also tells a holder that was taken over (paused, or busy in one
 * long call) to stop before its next write. Release removes only a lock whose
 * owner file is still ours.
 */

export class LockLostError extends Error {
  constructor(lockPath: string, released = false) {
    super(
      released
        ? `the lock ${lockPath} was used after its holder released it; stopped without writing more`
        : `the lock ${lockPath} was taken over by another job while this one held it (inactive longer than the stale time); stopped without writing more`
    )
    this.name = 'LockLostError'
  }
}

export interface LockTiming {
  staleMs: number
  updateMs: number
  waitMs: number
}

// BUILDKIT_CACHE_KEEPER_LOCK_STALE_MS shortens the takeover for crash tests; read per lock so a test can set it.
export function lockTiming(env: NodeJS.ProcessEnv = process.env): LockTiming {
  const staleMs = Math.max(Number(env.BUILDKIT_CACHE_KEEPER_LOCK_STALE_MS) || 20_000, 1000)
  return { staleMs, updateMs: staleMs / 4, waitMs: 60_000 }
}

const OWNER_PREFIX = 'owner-'
const token = () => randomBytes(16).toString('hex')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const code = (error: unknown) => (error as NodeJS.ErrnoException).code

/** The token of the lock directory's owner file; undefined when it has none (gone, or an older version's bare directory). */
function ownerOf(dir: string): string | undefined {
  try {
    return fs
      .readdirSync(dir)
      .find((name) => name.startsWith(OWNER_PREFIX))
      ?.slice(OWNER_PREFIX.length)
  } catch (error) {
    if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return undefined
    throw error
  }
}

function mtimeMs(file: string): number | undefined {
  try {
    return fs.lstatSync(file).mtimeMs
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined
    throw error
  }
}

/**
 * One attempt. The directory is made complete (owner file inside) under a
 * private name and renamed into place, so a lock never exists without its
 * owner, and a rename onto a held (non-empty) lock fails.
 */
function tryCreate(lockPath: string, own: string): boolean {
  // An older version's lock is a bare directory, which rename would replace: never rename onto anything.
  if (mtimeMs(lockPath) !== undefined) return false
  const temp = `${lockPath}.${own}.tmp`
  fs.mkdirSync(temp)
  try {
    // Empty: the name is the token, and an empty file still fits on a full volume (post must clean up exactly then).
    fs.closeSync(fs.openSync(path.join(temp, OWNER_PREFIX + own), 'wx'))
    fs.renameSync(temp, lockPath)
    return true
  } catch (error) {
    if (['EEXIST', 'ENOTEMPTY'].includes(code(error) ?? '')) return false
    throw error
  } finally {
    fs.rmSync(temp, { recursive: true, force: true })
  }
}

/**
 * Whether a lock last refreshed at `mtimeMs` is stale. A holder refreshes to
 * its own now, so an mtime further in the future than the stale time was
 * planted (`touch -d`), not kept: stale, or it would block every job for good.
 */
export function isStale(mtimeMs: number, now: number, staleMs: number): boolean {
  const age = now - mtimeMs
  return age >= staleMs || age < -staleMs
}

/**
 * Moves a stale lock aside and removes it. Between the look and the move
 * another waiter may have taken it over and placed its own, fresh lock: that
 * one is put back. Returns whether the path is now free to try.
 */
function takeOverIfStale(lockPath: string, staleMs: number): boolean {
  const seen = mtimeMs(lockPath)
  if (seen === undefined) return true
  if (!isStale(seen, Date.now(), staleMs)) return false
  const staleOwner = ownerOf(lockPath)
  const aside = `${lockPath}.${token()}.stale`
  try {
    fs.renameSync(lockPath, aside)
  } catch (error) {
    if (code(error) === 'ENOENT') return true
    throw error
  }
  const moved = mtimeMs(aside) ?? 0
  if (ownerOf(aside) !== staleOwner || !isStale(moved, Date.now(), staleMs)) {
    try {
      fs.renameSync(aside, lockPath)
      return false
    } catch {
      // A third job got in meanwhile; the owner of what was moved learns at its next keepFresh and stops.
    }
  }
  fs.rmSync(aside, { recursive: true, force: true })
  return true
}

/**
 * The proof of holding a lock: only withDirLock makes one (the class is
 * exported as a type alone, and its private fields keep a look-alike object
 * from passing for it), so what must run under a lock takes a LockHandle and
 * does not compile without one.
 */
class LockHandle {
  #state: 'held' | 'lost' | 'released' = 'held'
  #confirmedAt: number
  readonly #timer: NodeJS.Timeout

  private constructor(
    readonly lockPath: string,
    private readonly own: string,
    private readonly timing: LockTiming,
    private readonly logger: Logger
  ) {
    this.#confirmedAt = performance.now()
    // For the awaits in between (docker calls under the records lock); synchronous loops call keepFresh.
    this.#timer = setInterval(() => this.refresh(), timing.updateMs)
    this.#timer.unref()
  }

  /** A new holder's handle, and its release, which withDirLock alone calls: the work it runs cannot end the lock early. */
  static held(lockPath: string, own: string, timing: LockTiming, logger: Logger): { lock: LockHandle; release: () => void } {
    const lock = new LockHandle(lockPath, own, timing, logger)
    return { lock, release: () => lock.#release() }
  }

  /** Refreshes the lock when due; throws LockLostError once another holder took it over, or once it was released. Cheap: call it in loops and before writes. */
  keepFresh(): void {
    if (this.#state === 'held' && performance.now() - this.#confirmedAt >= this.timing.updateMs) this.refresh()
    if (this.#state !== 'held') throw new LockLostError(this.lockPath, this.#state === 'released')
  }

  /** Still ours (the owner file is there), then a new mtime; the confirmation time is taken before the look. */
  private refresh(): void {
    if (this.#state !== 'held') return
    const before = performance.now()
    try {
      if (!this.isOurs()) return this.markLost()
      const now = new Date()
      fs.utimesSync(this.lockPath, now, now)
      this.#confirmedAt = before
    } catch (error) {
      if (code(error) === 'ENOENT') return this.markLost()
      this.logger.debug(`Refreshing the lock ${this.lockPath}: ${errorMessage(error)}`)
    }
  }

  private isOurs(): boolean {
    return fs.existsSync(path.join(this.lockPath, OWNER_PREFIX + this.own))
  }

  private markLost(): void {
    this.#state = 'lost'
    clearInterval(this.#timer)
    this.logger.warning(`The lock ${this.lockPath} was taken over by another job while this one held it`)
  }

  /** Removes the lock only while it is ours; a lock taken over is left to its new holder. The handle is spent either way. */
  #release(): void {
    clearInterval(this.#timer)
    if (this.#state === 'held' && !this.isOurs()) this.markLost()
    if (this.#state !== 'held') return
    this.#state = 'released'
    const aside = `${this.lockPath}.${this.own}.released`
    fs.renameSync(this.lockPath, aside)
    // Taken over between the look and the move: put the new holder's lock back.
    if (ownerOf(aside) !== this.own) fs.renameSync(aside, this.lockPath)
    else fs.rmSync(aside, { recursive: true, force: true })
  }
}

export type { LockHandle }

/**
 * Takes the lock, waiting while another holder has it. Only "held" is waited
 * on: other errors (a vanished parent folder) will not go away and are thrown at once.
 */
async function acquire(lockPath: string, timing: LockTiming, logger: Logger): Promise<ReturnType<typeof LockHandle.held>> {
  const own = token()
  const deadline = Date.now() + timing.waitMs
  for (let delay = 100; ; delay = Math.min(delay * 1.5, 1000)) {
    if (tryCreate(lockPath, own)) return LockHandle.held(lockPath, own, timing, logger)
    if (takeOverIfStale(lockPath, timing.staleMs)) {
      logger.debug(`Took over the stale lock ${lockPath}`)
      continue
    }
    if (Date.now() > deadline) throw new Error(`the lock ${lockPath} is held by another job (waited ${timing.waitMs / 1000} s)`)
    await sleep(delay)
  }
}

/** Runs `work` holding the lock at `lockPath`, handing it the lock's handle; throws when it cannot be had within a minute. */
export async function withDirLock<T>(lockPath: string, logger: Logger, work: (lock: LockHandle) => T | Promise<T>, timing = lockTiming()): Promise<T> {
  const started = Date.now()
  const { lock, release } = await acquire(lockPath, timing, logger)
  const waited = Date.now() - started
  if (waited > 1000) logger.info(`Waited ${(waited / 1000).toFixed(1)} s for the lock ${lockPath}`)
  try {
    return await work(lock)
  } finally {
    try {
      release()
    } catch (error) {
      logger.debug(`Releasing the lock ${lockPath}: ${errorMessage(error)}`)
    }
  }
}
