import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../log.js'
import { ensureRealDirectory, lstatOrUndefined, writeFileAtomic } from './files.js'
import { OCI_LAYOUT_CONTENT, storeLayout, type StoreLayout } from './layout.js'
import type { LockHandle } from './lock.js'
import { CorruptIndexError, readIndex, type OciIndex } from './oci.js'

export class UnsafeStoreError extends Error {}

/**
 * Opens (creating when absent) the store `<volumePath>/<repoName>`. The volume
 * itself may be a symlink (an admin's choice on a host runner); the store and
 * everything in it must be real directories, so no write goes through a link.
 */
export function openStore(volumePath: string, repoName: string): StoreLayout {
  if (!fs.existsSync(volumePath)) fs.mkdirSync(volumePath, { recursive: true })
  if (!fs.statSync(volumePath).isDirectory()) throw new UnsafeStoreError(`volume-path ${volumePath} is not a directory`)
  const layout = storeLayout(path.join(volumePath, repoName))
  const existing = lstatOrUndefined(layout.root)
  if (existing && !existing.isDirectory()) {
    throw new UnsafeStoreError(`${layout.root} is not a directory (a symlink or a file stands there); the cache is not used`)
  }
  for (const dir of [layout.root, path.dirname(layout.blobs), layout.blobs, layout.staging]) ensureRealDirectory(dir)
  if (!lstatOrUndefined(layout.ociLayout)) writeFileAtomic(layout.ociLayout, OCI_LAYOUT_CONTENT)
  return layout
}

/**
 * Reads the store's index.json; a corrupt one is renamed aside (kept for a
 * look, never deleted) and the store continues empty.
 */
export function readStoreIndex(lock: LockHandle, layout: StoreLayout, logger: Logger): OciIndex {
  try {
    return readIndex(layout.index)
  } catch (error) {
    if (!(error instanceof CorruptIndexError)) throw error
    lock.keepFresh()
    const aside = `${layout.index}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
    fs.renameSync(layout.index, aside)
    logger.warning(`${error.message}; moved it to ${aside} and this build runs cold`)
    return { schemaVersion: 2, manifests: [] }
  }
}

export function writeStoreIndex(lock: LockHandle, layout: StoreLayout, index: OciIndex): void {
  // A holder whose lock was taken over stops here, before its write could undo the new holder's.
  lock.keepFresh()
  writeFileAtomic(layout.index, JSON.stringify(index))
}
