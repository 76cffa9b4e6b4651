import fs from 'node:fs'
import path from 'node:path'
import { ensureRealDirectory, writeFileAtomic } from './files.js'
import type { StoreLayout } from './layout.js'

/**
 * Scope tag -> last time it was read or written (ms since epoch); what retention works from.
 * A Map, not a plain object: scopes are branch names, and `__proto__` or `constructor` is one.
 */
export type LastUsed = Map<string, number>

function file(layout: StoreLayout): string {
  return path.join(layout.meta, 'last-used.json')
}

export function readLastUsed(layout: StoreLayout): LastUsed {
  const record: LastUsed = new Map()
  try {
    const parsed = JSON.parse(fs.readFileSync(file(layout), 'utf8')) as unknown
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return record
    // JSON.parse makes `__proto__` an own property, so Object.entries lists it.
    for (const [tag, time] of Object.entries(parsed)) if (typeof time === 'number' && Number.isFinite(time)) record.set(tag, time)
  } catch {
    // Bookkeeping only: losing it makes every scope look fresh, which deletes nothing.
  }
  return record
}

/** Marks tags as used now and forgets dropped ones. Call under the store lock. */
export function updateLastUsed(layout: StoreLayout, { used = [], dropped = [] }: { used?: string[]; dropped?: string[] }, now = Date.now()): void {
  if (used.length === 0 && dropped.length === 0) return
  const record = readLastUsed(layout)
  for (const tag of used) record.set(tag, now)
  for (const tag of dropped) record.delete(tag)
  ensureRealDirectory(layout.meta)
  // Object.fromEntries defines own properties, so a `__proto__` tag is written like any other.
  writeFileAtomic(file(layout), JSON.stringify(Object.fromEntries(record)))
}
