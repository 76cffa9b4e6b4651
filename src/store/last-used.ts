import path from 'node:path'
import { ensureRealDirectory, writeFileAtomic } from './files.js'
import type { StoreLayout } from './layout.js'
import type { LockHandle } from './lock.js'
import { readRegularFile } from './no-follow.js'

/**
 * Scope tag -> last time it was read or written (ms since epoch); what retention works from.
 * A Map, not a plain object: scopes are branch names, and `__proto__` or `constructor` is one.
 */
export type LastUsed = Map<string, number>

function file(layout: StoreLayout): string {
  return path.join(layout.meta, 'last-used.json')
}

/** When a build's export last made the store's copy of each scope current (promoted, or exported unchanged). */
function exportedFile(layout: StoreLayout): string {
  return path.join(layout.meta, 'exported.json')
}

export function readLastUsed(layout: StoreLayout): LastUsed {
  return readTimes(file(layout))
}

/**
 * Scope tag -> when an export last made the store's copy current. Read without
 * the lock (written by rename, so never half a file); main decides from it
 * whether this build needs to export the durable copy at all.
 */
export function readExported(layout: StoreLayout): LastUsed {
  return readTimes(exportedFile(layout))
}

/**
 * Marks the store's copy of tags current now; under the lock, so two jobs'
 * updates do not undo each other. A dropped scope's time may linger: main
 * exports whenever the store lacks the scope, whatever this says.
 */
export function updateExported(lock: LockHandle, layout: StoreLayout, current: string[], now = Date.now()): void {
  if (current.length === 0) return
  lock.keepFresh()
  const record = readExported(layout)
  for (const tag of current) record.set(tag, now)
  ensureRealDirectory(layout.meta)
  writeFileAtomic(exportedFile(layout), JSON.stringify(Object.fromEntries(record)))
}

function readTimes(from: string): LastUsed {
  const record: LastUsed = new Map()
  try {
    const parsed = JSON.parse(readRegularFile(from)) as unknown
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return record
    // JSON.parse makes `__proto__` an own property, so Object.entries lists it.
    for (const [tag, time] of Object.entries(parsed)) if (typeof time === 'number' && Number.isFinite(time)) record.set(tag, time)
  } catch {
    // Bookkeeping only: losing it makes every scope look fresh, which deletes nothing.
  }
  return record
}

/** Marks tags as used now and forgets dropped ones; under the lock, so two jobs' updates do not undo each other. */
export function updateLastUsed(
  lock: LockHandle,
  layout: StoreLayout,
  { used = [], dropped = [] }: { used?: string[]; dropped?: string[] },
  now = Date.now()
): void {
  if (used.length === 0 && dropped.length === 0) return
  lock.keepFresh()
  const record = readLastUsed(layout)
  for (const tag of used) record.set(tag, now)
  for (const tag of dropped) record.delete(tag)
  ensureRealDirectory(layout.meta)
  // Object.fromEntries defines own properties, so a `__proto__` tag is written like any other.
  writeFileAtomic(file(layout), JSON.stringify(Object.fromEntries(record)))
}
