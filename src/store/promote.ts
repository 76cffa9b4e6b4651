import path from 'node:path'
import type { Logger } from '../log.js'
import { placeBlob } from './content.js'
import { faultPoint } from './fault.js'
import { lstatOrUndefined } from './files.js'
import { inStore } from './gc.js'
import { NotARealDirectory } from './no-follow.js'
import { storeLayout, type StoreLayout } from './layout.js'
import type { LockHandle } from './lock.js'
import { snapshotEntry } from './exported-entry.js'
import type { Descriptor } from '../oci/manifest.js'
import { checkDescriptor, CorruptIndexError, withTag } from './oci.js'
import { readStoreIndex, writeStoreIndex } from './store.js'

/** `unchanged`: the snapshot's entry is the store's (an export of the same cache, or no export at all). */
export type Promotion =
  { state: 'promoted'; digest: string; blobsMoved: number; bytesMoved: number } | { state: 'skipped'; reason: string; unchanged?: boolean }

/** What post would promote: the snapshot's entry for `tag`, when it changed and is intact. Needs no lock. */
export function pendingPromotion(
  snapshotDir: string,
  tag: string,
  baseDigest: string
): { reason: string; unchanged?: boolean } | { entry: Descriptor; blobs: Map<string, number>; bytes: number } {
  const snapshot = storeLayout(snapshotDir)
  let entry
  try {
    entry = snapshotEntry(snapshotDir, tag)
  } catch (error) {
    if (error instanceof CorruptIndexError) return { reason: `the snapshot's ${error.message}` }
    throw error
  }
  // BuildKit exports only after a successful build: no entry or the old one means nothing new to keep.
  if (!entry) return { reason: 'no cache was exported (build failed, was cancelled or exported nothing)' }
  if (entry.digest === baseDigest) return { reason: 'the cache is unchanged', unchanged: true }
  const check = checkDescriptor(snapshot.blobs, entry)
  if (check.state !== 'intact') return { reason: `the exported cache is incomplete: ${check.problem}` }
  return { entry, blobs: check.blobs, bytes: check.bytes }
}

/** Blobs moved, and their bytes. */
interface Moved {
  blobs: number
  bytes: number
}

/**
 * Moves the snapshot's blobs the store lacks into it. Both folders are opened
 * without following links: a build step that swapped one for a link moves
 * nothing from or to outside the volume (throws NotARealDirectory).
 */
function moveBlobs(lock: LockHandle, layout: StoreLayout, snapshotDir: string, blobs: Map<string, number>, logger: Logger): Moved {
  const moved: Moved = { blobs: 0, bytes: 0 }
  inStore(layout, storeLayout(snapshotDir).blobs, (snapshotBlobs) =>
    inStore(layout, layout.blobs, (storeBlobs) => {
      for (const [hex, sourceSize] of blobs) {
        const target = path.join(storeBlobs, hex)
        const placement = placeBlob(lock, path.join(snapshotBlobs, hex), target, hex, sourceSize, lstatOrUndefined(target))
        if (placement === 'replaced') logger.warning(`Blob sha256:${hex} in the store had the wrong size and content; replaced by the exported copy`)
        if (placement === 'kept') logger.warning(`Blob sha256:${hex} was exported with content that does not match its digest; the store's copy is kept`)
        if (placement === 'present' || placement === 'kept') continue
        moved.blobs += 1
        moved.bytes += sourceSize
        faultPoint('promote:blob-moved')
      }
    })
  )
  return moved
}

/**
 * Moves the new blobs of `tag` into the store, then swaps the tag's entry into
 * index.json by rename. Blobs land before the index names them, so a kill at
 * any point leaves every tag resolvable (at worst some unreferenced blobs for
 * GC).
 */
export function promote(lock: LockHandle, layout: StoreLayout, snapshotDir: string, tag: string, baseDigest: string, logger: Logger): Promotion {
  const pending = pendingPromotion(snapshotDir, tag, baseDigest)
  if (!('entry' in pending)) return { state: 'skipped', ...pending }
  const { entry, blobs } = pending
  let moved: Moved
  try {
    moved = moveBlobs(lock, layout, snapshotDir, blobs, logger)
  } catch (error) {
    if (error instanceof NotARealDirectory) return { state: 'skipped', reason: error.message }
    throw error
  }
  faultPoint('promote:blobs-moved')
  const stored = checkDescriptor(layout.blobs, entry)
  if (stored.state !== 'intact') {
    return { state: 'skipped', reason: `the store could not take the cache: ${stored.problem}` }
  }
  writeStoreIndex(lock, layout, withTag(readStoreIndex(lock, layout, logger), tag, entry))
  faultPoint('promote:index-written')
  return { state: 'promoted', digest: entry.digest, blobsMoved: moved.blobs, bytesMoved: moved.bytes }
}
