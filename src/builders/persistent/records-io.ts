import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withDirLock, type LockHandle } from '../../lock/dir-lock.js'
import type { Logger } from '../../log.js'
import type { DockerCli } from '../../docker-cli.js'
import { ensureRealDirectory, lstatOrUndefined, writeFileAtomic } from '../../store/files.js'
import { inRealDirectory, readRegularFile } from '../../store/no-follow.js'
import { builderContainer } from '../buildx-names.js'
import { parseRecord, RECORD_IN_CONTAINER, type BuilderRecord } from './record.js'

/**
 * Where the builder records live. With a persistent volume, in
 * `<volume-path>/.builders/`, which every job on the host shares, so its lock
 * is host-wide. Without one, in the node container (RECORD_IN_CONTAINER), and
 * Docker's one-container-per-name rule is the lock.
 */
export const RECORDS_DIR = '.builders'

function recordsDir(volumePath: string): string {
  return path.join(volumePath, RECORDS_DIR)
}

/** The host-wide lock over the records and over making or removing a builder; the folder is made (never through a link) first. */
export function withRecordsLock<T>(volumePath: string, logger: Logger, work: (lock: LockHandle) => T | Promise<T>): Promise<T> {
  ensureRealDirectory(recordsDir(volumePath))
  return withDirLock(path.join(recordsDir(volumePath), '.lock'), logger, work)
}

/**
 * Whether the records folder is there (false: nothing recorded yet). Any job
 * can write the volume: a `.builders` that is a symlink or a file would aim
 * the lock, the records and their removal elsewhere, so it throws.
 */
export function recordsDirExists(volumePath: string): boolean {
  const stat = lstatOrUndefined(recordsDir(volumePath))
  if (stat && !stat.isDirectory()) throw new Error(`${recordsDir(volumePath)} is a symlink or not a directory: builder records are not kept through it`)
  return stat !== undefined
}

/** Runs `work` in the records folder opened without following links (inRealDirectory): one swapped for a link meanwhile is never used. */
function inRecordsDir<T>(volumePath: string, work: (dir: string) => T): T {
  return inRealDirectory(volumePath, [RECORDS_DIR], work)
}

/**
 * A record file, or undefined: only a regular file is read, without blocking
 * (a FIFO planted there would stall every job of the host; readRegularFile),
 * and only one that names the builder its file is named for, so a record
 * cannot stand in for another builder.
 */
function readRecordFile(dir: string, file: string): BuilderRecord | undefined {
  try {
    const record = parseRecord(readRegularFile(path.join(dir, file)))
    return record && `${record.name}.json` === file ? record : undefined
  } catch {
    return undefined
  }
}

/** The builder's record as it stands (no lock: a reader never sees half a record). */
export function builderRecord(volumePath: string, name: string): BuilderRecord | undefined {
  try {
    return inRecordsDir(volumePath, (dir) => readRecordFile(dir, `${name}.json`))
  } catch {
    return undefined
  }
}

/** Every valid record on the volume (each named for the builder it describes). */
export function allRecords(volumePath: string): BuilderRecord[] {
  return inRecordsDir(volumePath, (dir) =>
    fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) => readRecordFile(dir, file) ?? [])
  )
}

/** The record whole or not at all (writeFileAtomic); the lock is refreshed first, and a taken-over one stops the write. */
export function writeRecord(lock: LockHandle, volumePath: string, record: BuilderRecord): void {
  lock.keepFresh()
  inRecordsDir(volumePath, (dir) => writeFileAtomic(path.join(dir, `${record.name}.json`), JSON.stringify(record)))
}

/** Drops a builder's record: only a regular file in the real records folder, never what a link points at. */
export function removeRecord(lock: LockHandle, volumePath: string, name: string): void {
  lock.keepFresh()
  inRecordsDir(volumePath, (dir) => {
    const file = path.join(dir, `${name}.json`)
    if (lstatOrUndefined(file)?.isFile()) fs.unlinkSync(file)
  })
}

type RecordChange = Partial<Pick<BuilderRecord, 'budgetFlag' | 'budgetCheckedMs' | 'cacheBytes' | 'nodeRecordMs' | 'lastUsedMs'>>

/** Changes a builder's record under the records lock; nothing when there is none. The record as it was before. */
async function changeRecord(volumePath: string, name: string, change: RecordChange, logger: Logger): Promise<BuilderRecord | undefined> {
  if (!recordsDirExists(volumePath)) return undefined
  return withRecordsLock(volumePath, logger, (lock) => {
    const record = builderRecord(volumePath, name)
    if (record) writeRecord(lock, volumePath, { ...record, ...change })
    return record
  })
}

/** Marks the builder used now, so retirement counts from this job's end. Under the records lock: retirement reads them. */
export function touchRecord(volumePath: string, name: string, logger: Logger, now = Date.now(), change: RecordChange = {}): Promise<BuilderRecord | undefined> {
  return changeRecord(volumePath, name, { ...change, lastUsedMs: now }, logger)
}

/** Records what a prune left of a builder's cache; its last use stays as it is: being pruned is not being used. */
export async function recordCacheBytes(volumePath: string, name: string, cacheBytes: number, logger: Logger, now = Date.now()): Promise<void> {
  await changeRecord(volumePath, name, { cacheBytes, budgetCheckedMs: now }, logger)
}

/** The record kept in the node container; undefined when there is none or it is not this builder's. */
export async function readNodeRecord(cli: DockerCli, name: string): Promise<BuilderRecord | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-record-'))
  try {
    const copied = await cli(['cp', `${builderContainer(name)}:${RECORD_IN_CONTAINER}`, dir])
    if (copied.code !== 0) return undefined
    // docker cp copies a link or a FIFO as it is: only a regular file is read.
    const record = parseRecord(readRegularFile(path.join(dir, path.basename(RECORD_IN_CONTAINER))))
    return record?.name === name ? record : undefined
  } catch {
    return undefined
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Writes the record into the node container; `docker cp` swaps the whole file, and a torn read only postpones retirement. */
export async function writeNodeRecord(cli: DockerCli, record: BuilderRecord): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-record-'))
  try {
    const file = path.join(dir, 'record.json')
    fs.writeFileSync(file, JSON.stringify(record))
    return (await cli(['cp', file, `${builderContainer(record.name)}:${RECORD_IN_CONTAINER}`])).code === 0
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
