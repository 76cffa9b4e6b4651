import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { faultPoint } from './fault.js'

/** Temp files writeFileAtomic leaves when killed before its rename; every such write runs under the store lock. */
export const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/

/** Writes a file so readers see the old or the new content, never a part: temp file, fsync, rename. `mode`: as fs.openSync's (0o666 less the umask when not given). */
export function writeFileAtomic(file: string, content: string, mode?: number): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  const fd = fs.openSync(temp, 'wx', mode)
  try {
    fs.writeSync(fd, content)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  faultPoint(`write:${path.basename(file)}:before-rename`)
  fs.renameSync(temp, file)
}

/** Creates a directory (and parents) and refuses one that is a symlink or a file, so nothing is written through a link. */
export function ensureRealDirectory(dir: string): void {
  fs.mkdirSync(dir, { recursive: true })
  const stat = fs.lstatSync(dir)
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory (a symlink or a file stands there)`)
}

export function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * The sha256 of a file's content, read a MiB at a time: blobs can be larger
 * than any buffer (2 GiB and more). Synchronous, because promotion hashes
 * under the store lock, whose loops are synchronous.
 */
export function sha256File(file: string): string {
  const hash = createHash('sha256')
  const buffer = Buffer.alloc(1024 * 1024)
  const fd = fs.openSync(file, 'r')
  try {
    for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, read))
  } finally {
    fs.closeSync(fd)
  }
  return hash.digest('hex')
}
