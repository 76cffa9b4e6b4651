import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../log.js'
import { makeReadOnly } from './content.js'
import { ensureRealDirectory, writeFileAtomic } from './files.js'
import { inStore } from './gc.js'
import { isBlobName, OCI_LAYOUT_CONTENT, storeLayout, type StoreLayout } from './layout.js'
import type { LockHandle } from './lock.js'
import { checkDescriptor, findTag, readIndex } from './oci.js'
import { readStoreIndex } from './store.js'

/** A snapshot folder name unique to this job attempt, readable in a listing. */
export function snapshotName(env: NodeJS.ProcessEnv, random: string): string {
  const parts = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT, env.GITHUB_JOB].filter(Boolean).join('-')
  return `${parts}-${random}`
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[._-]+/, '')
    .slice(-100)
}

export interface Snapshot {
  dir: string
  /** Digest of the written tag's entry when the snapshot was made ('' when absent): post promotes only a change. */
  baseDigest: string
  blobs: number
}

// BuildKit rewrites index.json in place after every cache export, even an unchanged one;
// main dates its copy at the epoch, so post tells "exported the same cache" from "exported nothing".
const UNEXPORTED_TIME = 0

/** Whether BuildKit exported into the snapshot (its index.json rewritten since main made it). */
export function wasExported(snapshotDir: string): boolean {
  try {
    return fs.lstatSync(storeLayout(snapshotDir).index).mtimeMs > UNEXPORTED_TIME
  } catch {
    return false
  }
}

/**
 * Makes the job's private view `.staging/<jobId>/`: every store blob
 * hard-linked read-only (so later GC or promotions cannot pull one from under
 * the build, BuildKit writes only new blobs, and a write through a link cannot
 * change stored content), index.json and oci-layout
 * copied.
 */
export function createSnapshot(lock: LockHandle, layout: StoreLayout, jobId: string, writeTag: string | undefined, logger: Logger): Snapshot {
  const index = readStoreIndex(lock, layout, logger)
  const snapshot = storeLayout(path.join(layout.staging, jobId))
  fs.mkdirSync(snapshot.root)
  ensureRealDirectory(snapshot.blobs)
  let blobs = 0
  // The store's blobs/ opened without following a link: a planted link never brings a file from outside into a job's view.
  inStore(layout, layout.blobs, (storeBlobs) => {
    for (const entry of fs.readdirSync(storeBlobs, { withFileTypes: true })) {
      // The directory entry's type decides: symlinks and folders are never linked.
      if (!isBlobName(entry.name) || !entry.isFile()) continue
      lock.keepFresh()
      const stored = path.join(storeBlobs, entry.name)
      // The link shares the store's inode: a blob still writable (from a store older than read-only blobs) is made read-only first.
      makeReadOnly(stored, fs.lstatSync(stored))
      fs.linkSync(stored, path.join(snapshot.blobs, entry.name))
      blobs += 1
    }
  })
  lock.keepFresh()
  writeFileAtomic(snapshot.ociLayout, OCI_LAYOUT_CONTENT)
  writeFileAtomic(snapshot.index, JSON.stringify(index))
  fs.utimesSync(snapshot.index, UNEXPORTED_TIME, UNEXPORTED_TIME)
  const baseDigest = writeTag ? (findTag(index, writeTag)?.digest ?? '') : ''
  return { dir: snapshot.root, baseDigest, blobs }
}

/**
 * The candidate tags that BuildKit can import from the snapshot, in order.
 * A tag absent from index.json fails the build on buildx < 0.33; a tag with a
 * missing or short blob fails it on every version: both are left out.
 */
export function importableTags(snapshotDir: string, candidates: string[], logger: Logger): string[] {
  const snapshot = storeLayout(snapshotDir)
  const index = readIndex(snapshot.index)
  const usable: string[] = []
  for (const tag of candidates) {
    const descriptor = findTag(index, tag)
    if (!descriptor) {
      logger.debug(`Scope ${tag}: not in the store`)
      continue
    }
    const check = checkDescriptor(snapshot.blobs, descriptor)
    if (check.state === 'intact') usable.push(tag)
    else logger.warning(`Scope ${tag} is not used: ${check.problem}`)
  }
  return usable
}
