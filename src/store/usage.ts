import type { StoreLayout } from './layout.js'
import type { LockHandle } from './lock.js'
import { lstatOrUndefined } from './files.js'
import { storeLayout } from './layout.js'
import { snapshotEntry } from './exported-entry.js'
import { checkDescriptor, CorruptIndexError } from './oci.js'
import { wasExported } from './snapshot.js'
import path from 'node:path'

/**
 * What one build's cache export took from the store and what it added. The
 * added blobs are the cache miss: steps BuildKit had to run and write anew.
 */
export type ExportUsage = { state: 'exported'; blobs: number; bytes: number; newBlobs: number; newBytes: number } | { state: 'none'; reason: string }

/**
 * Compares the snapshot's entry for `tag` with the store: a referenced blob the
 * store holds (same name and size) was re-used, any other was written by this
 * build. Before promotion moves the new blobs: it needs the lock so none moves meanwhile.
 */
export function exportUsage(_lock: LockHandle, layout: StoreLayout, snapshotDir: string, tag: string | undefined): ExportUsage {
  if (!tag) return { state: 'none', reason: 'read-only job' }
  if (!wasExported(snapshotDir)) return { state: 'none', reason: 'no cache was exported' }
  const snapshot = storeLayout(snapshotDir)
  let entry
  try {
    entry = snapshotEntry(snapshotDir, tag)
  } catch (error) {
    if (error instanceof CorruptIndexError) return { state: 'none', reason: `the snapshot's ${error.message}` }
    throw error
  }
  if (!entry) return { state: 'none', reason: 'no cache was exported' }
  const check = checkDescriptor(snapshot.blobs, entry)
  if (check.state !== 'intact') return { state: 'none', reason: `the exported cache is incomplete: ${check.problem}` }
  const usage = { state: 'exported' as const, blobs: check.blobs.size, bytes: check.bytes, newBlobs: 0, newBytes: 0 }
  for (const [hex, size] of check.blobs) {
    const inStore = lstatOrUndefined(path.join(layout.blobs, hex))
    if (inStore?.isFile() && inStore.size === size) continue
    usage.newBlobs += 1
    usage.newBytes += size
  }
  return usage
}
