import fs from 'node:fs'
import { sha256File } from './files.js'
import type { LockHandle } from './lock.js'

// A snapshot hard-links the store's blobs and BuildKit writes into the snapshot: a write
// through such a link is a write into the store. Stored content is made read-only, as
// containerd's content store makes every committed blob.
const READ_ONLY = 0o444
const WRITABLE_BITS = 0o222

/** Makes a stored blob read-only; a no-op (no chmod) for one that already is. */
export function makeReadOnly(file: string, stat: fs.Stats): void {
  if ((stat.mode & WRITABLE_BITS) !== 0) fs.chmodSync(file, READ_ONLY)
}

/**
 * What became of one exported blob: `moved` into the store; `present` because
 * the store has it (exists = success, as in cacache); `replaced` because the
 * store's copy had another size and the export's copy matches the digest;
 * `kept` because the store's copy had another size but the export's copy does
 * not match the digest either, so nothing proves the store's copy wrong.
 */
export type Placement = 'moved' | 'present' | 'replaced' | 'kept'

/**
 * Moves a blob of `size` bytes (checked by the caller) named `hex` into the
 * store, read-only, never rewriting stored content without proof: an existing
 * blob of another size is replaced only by a copy that hashes to its name.
 * Two files of different sizes cannot both match one digest, so only the
 * export's copy is hashed; the lock is refreshed first, and a taken-over one stops the move.
 */
export function placeBlob(lock: LockHandle, source: string, target: string, hex: string, size: number, existing: fs.Stats | undefined): Placement {
  lock.keepFresh()
  if (existing?.isFile() && existing.size === size) return 'present'
  const replacing = existing?.isFile() === true
  if (replacing && sha256File(source) !== hex) return 'kept'
  makeReadOnly(source, fs.lstatSync(source))
  fs.renameSync(source, target)
  return replacing ? 'replaced' : 'moved'
}
