import fs from 'node:fs'
import path from 'node:path'

/**
 * Deleting on a volume that jobs can write. A job may swap any folder on the
 * way (`blobs/`, `.staging/`) for a symlink at any moment, so a path checked
 * with lstat can point elsewhere by the time it is used. Here each folder is
 * opened with O_NOFOLLOW and every later step goes through
 * `/proc/self/fd/<fd>`, which names the opened folder itself, not the path it
 * was found by: a link swapped in afterwards is never followed.
 */

const PROC_FD = '/proc/self/fd'
const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK } = fs.constants

export class NotARealDirectory extends Error {
  constructor(dir: string, cause?: unknown) {
    super(`${dir} is a symlink or not a directory: nothing is deleted or written through it`, { cause })
    this.name = 'NotARealDirectory'
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code

let procFdWorks: boolean | undefined
function hasProcFd(): boolean {
  procFdWorks ??= fs.existsSync(PROC_FD)
  return procFdWorks
}

/** Opens `parent/name` as a directory without following a link there; ENOENT passes through. */
function openNoFollow(parent: string, name: string, shownAs: string): number {
  try {
    return fs.openSync(path.join(parent, name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
  } catch (error) {
    if (code(error) === 'ELOOP' || code(error) === 'ENOTDIR') throw new NotARealDirectory(shownAs, error)
    throw error
  }
}

/**
 * Runs `work` with a path that is the directory `base/...components` itself:
 * `base` (volume-path, an admin's choice) may be a link; no component may be.
 * Throws NotARealDirectory when one is a link or a file, ENOENT when absent.
 * Without /proc (not Linux) each component is lstat-ed instead: the same check,
 * with a window between the look and the use.
 */
export function inRealDirectory<T>(base: string, components: readonly string[], work: (dir: string) => T): T {
  if (!hasProcFd()) {
    let dir = base
    for (const name of components) {
      dir = path.join(dir, name)
      if (!fs.lstatSync(dir).isDirectory()) throw new NotARealDirectory(dir)
    }
    return work(dir)
  }
  const fds: number[] = []
  try {
    let dir = base
    let shown = base
    for (const name of components) {
      shown = path.join(shown, name)
      const fd = openNoFollow(dir, name, shown)
      fds.push(fd)
      dir = path.join(PROC_FD, String(fd))
    }
    return work(dir)
  } finally {
    for (const fd of fds) fs.closeSync(fd)
  }
}

/** inRealDirectory for a folder given as one path under a trusted `base`. */
export function inRealDirectoryUnder<T>(base: string, dir: string, work: (dir: string) => T): T {
  const relative = path.relative(base, dir)
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`${dir} is not under ${base}`)
  return inRealDirectory(base, relative ? relative.split(path.sep) : [], work)
}

/**
 * Removes `name` in the real directory `parent` (a path from inRealDirectory):
 * a file or link is unlinked (a link never followed), a folder emptied one
 * opened level at a time, then removed. A folder swapped for a link midway
 * makes the open or the rmdir fail: nothing outside is ever touched.
 */
export function removeTree(parent: string, name: string): void {
  const entry = path.join(parent, name)
  let stat: fs.Stats
  try {
    stat = fs.lstatSync(entry)
  } catch (error) {
    if (code(error) === 'ENOENT') return
    throw error
  }
  if (!stat.isDirectory()) {
    unlinkIfThere(entry)
    return
  }
  if (hasProcFd()) {
    const fd = openNoFollow(parent, name, entry)
    try {
      const inside = path.join(PROC_FD, String(fd))
      for (const child of fs.readdirSync(inside)) removeTree(inside, child)
    } finally {
      fs.closeSync(fd)
    }
  } else {
    for (const child of fs.readdirSync(entry)) removeTree(entry, child)
  }
  try {
    fs.rmdirSync(entry)
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error
  }
}

function unlinkIfThere(file: string): void {
  try {
    fs.unlinkSync(file)
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error
  }
}

/**
 * Reads a file on the volume only when it is a regular file, without blocking:
 * a FIFO planted where a record belongs would otherwise hang the job (open
 * waits for a writer), and a link could read another tenant's file. Throws
 * ENOENT when absent and an error naming the file for anything else.
 */
export function readRegularFileBytes(file: string): Buffer {
  let fd: number
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
  } catch (error) {
    if (code(error) === 'ELOOP') throw new Error(`${file} is a symlink, not a regular file: not read`, { cause: error })
    throw error
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new Error(`${file} is not a regular file: not read`)
    return fs.readFileSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

export function readRegularFile(file: string): string {
  return readRegularFileBytes(file).toString('utf8')
}
