import fs from 'node:fs'
import path from 'node:path'
import { isBlobName, type StoreLayout } from './layout.js'
import type { LockHandle } from './lock.js'
import { inRealDirectory, inRealDirectoryUnder, NotARealDirectory } from './no-follow.js'

const HOUR = 60 * 60 * 1000
// GitHub ends a job after 6 h (timeout-minutes' default, and the most a hosted job may run): a snapshot
// untouched for longer has no job left to use it. A self-hosted job given a longer timeout-minutes risks its snapshot.
export const JOB_MAX_RUNTIME_MS = 6 * HOUR
// Gitea's act_runner ends a job after 3 h by default (runner.timeout). When snapshots push the store over
// max-size, a snapshot untouched that long is taken for dead: its job was most likely cancelled, its post never ran.
export const PRESSED_SNAPSHOT_MAX_AGE_MS = 3 * HOUR

/** What one job's snapshot `.staging/<name>/` holds that the store does not. */
export interface SnapshotSpace {
  name: string
  /** dev:inode -> bytes of each snapshot blob the store has no link to: evicted since, or written by the job's export. */
  held: Map<string, number>
}

const inodeOf = (stat: fs.BigIntStats) => `${stat.dev}:${stat.ino}`

/** The inodes of the store's blobs; a snapshot blob sharing one costs nothing the store does not count. */
function storeInodes(lock: LockHandle, layout: StoreLayout): Set<string> {
  const inodes = new Set<string>()
  inRealDirectoryUnder(path.dirname(layout.root), layout.blobs, (blobs) => {
    for (const entry of fs.readdirSync(blobs, { withFileTypes: true })) {
      if (!isBlobName(entry.name) || !entry.isFile()) continue
      lock.keepFresh()
      inodes.add(inodeOf(fs.lstatSync(path.join(blobs, entry.name), { bigint: true })))
    }
  })
  return inodes
}

/** The blobs of one snapshot the store has no link to; its folders are opened without following links. */
function heldBy(lock: LockHandle, staging: string, name: string, inStore: Set<string>): Map<string, number> {
  const held = new Map<string, number>()
  try {
    inRealDirectory(staging, [name, 'blobs', 'sha256'], (blobs) => {
      for (const entry of fs.readdirSync(blobs, { withFileTypes: true })) {
        if (!isBlobName(entry.name) || !entry.isFile()) continue
        lock.keepFresh()
        const stat = fs.lstatSync(path.join(blobs, entry.name), { bigint: true })
        if (!inStore.has(inodeOf(stat))) held.set(inodeOf(stat), Number(stat.size))
      }
    })
  } catch (error) {
    // A snapshot still without blobs, or a link planted in a folder's place: it holds nothing of the store's volume.
    if (!(error instanceof NotARealDirectory) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return held
}

/**
 * What each job snapshot holds on disk beyond the store: hard links keep a
 * blob that retention evicted, and its bytes stay on the volume until the
 * snapshot goes.
 */
export function snapshotSpace(lock: LockHandle, layout: StoreLayout): SnapshotSpace[] {
  if (!fs.lstatSync(layout.staging, { throwIfNoEntry: false })?.isDirectory()) return []
  const inStore = fs.lstatSync(layout.blobs, { throwIfNoEntry: false }) ? storeInodes(lock, layout) : new Set<string>()
  return inRealDirectoryUnder(path.dirname(layout.root), layout.staging, (staging) =>
    fs
      .readdirSync(staging, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ name: entry.name, held: heldBy(lock, staging, entry.name, inStore) }))
  )
}

/** Bytes the snapshots hold beyond the store, a blob linked from several counted once. */
export function heldBytes(snapshots: readonly SnapshotSpace[]): number {
  const inodes = new Map<string, number>()
  for (const snapshot of snapshots) for (const [inode, size] of snapshot.held) inodes.set(inode, size)
  let bytes = 0
  for (const size of inodes.values()) bytes += size
  return bytes
}

/**
 * How old a snapshot may get before maintenance removes it. The rule: a
 * snapshot older than a job can run is dead; while the store plus what
 * snapshots alone hold exceeds max-size, one older than Gitea's default job
 * timeout is taken for dead too. Live snapshots are counted, never evicted
 * for: dropping scopes frees none of what a snapshot holds.
 */
export function snapshotMaxAgeMs(storeBytes: number | undefined, snapshotBytes: number, maxSizeBytes: number | undefined): number {
  if (storeBytes === undefined || maxSizeBytes === undefined) return JOB_MAX_RUNTIME_MS
  return storeBytes + snapshotBytes > maxSizeBytes ? PRESSED_SNAPSHOT_MAX_AGE_MS : JOB_MAX_RUNTIME_MS
}
