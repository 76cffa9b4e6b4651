import fs from 'node:fs'
import path from 'node:path'
import { ensureRealDirectory, writeFileAtomic } from './files.js'
import type { StoreLayout } from './layout.js'

/** Scope tag -> last time it was read or written (ms since epoch); what retention works from. */
export type LastUsed = Record<string, number>

function file(layout: StoreLayout): string {
  return path.join(layout.meta, 'last-used.json')
}

export function readLastUsed(layout: StoreLayout): LastUsed {
  try {
    const parsed = JSON.parse(fs.readFileSync(file(layout), 'utf8')) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as LastUsed) : {}
  } catch {
    // Bookkeeping only: losing it makes every scope look fresh, which deletes nothing.
    return {}
  }
}

/** Marks tags as used now and forgets dropped ones. Call under the store lock. */
export function updateLastUsed(layout: StoreLayout, { used = [], dropped = [] }: { used?: string[]; dropped?: string[] }, now = Date.now()): void {
  if (used.length === 0 && dropped.length === 0) return
  const record = readLastUsed(layout)
  for (const tag of used) record[tag] = now
  for (const tag of dropped) delete record[tag]
  ensureRealDirectory(layout.meta)
  writeFileAtomic(file(layout), JSON.stringify(record))
}
