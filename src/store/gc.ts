import fs from 'node:fs'
import path from 'node:path'
import { errorMessage } from '../error-message.js'
import type { Logger } from '../log.js'
import { faultPoint } from './fault.js'
import { lstatOrUndefined } from './files.js'
import { isBlobName, type StoreLayout } from './layout.js'
import type { LockHandle } from './lock.js'
import { inRealDirectoryUnder, NotARealDirectory, removeTree } from './no-follow.js'
import type { Descriptor } from '../oci/manifest.js'
import { checkDescriptor, readIndex, tagOf, Unreadable, type DescriptorCheck } from './oci.js'
import { writeStoreIndex } from './store.js'

export interface GcResult {
  /**
   * Why the sweep did not run or stopped: an I/O error (named with its path) or
   * an unreadable index.json. Never "unreadable = unreferenced"; the counts then
   * say only what was done before it stopped.
   */
  aborted?: string
  droppedTags: string[]
  sweptBlobs: number
  sweptBytes: number
  keptBlobs: number
  keptBytes: number
}

const noWork = (): GcResult => ({ droppedTags: [], sweptBlobs: 0, sweptBytes: 0, keptBlobs: 0, keptBytes: 0 })

/**
 * Runs `work` with the store's `blobs/sha256` opened without following links
 * (inStore). A link or a missing folder is returned as the reason, never
 * thrown: through a link every blob would look missing, and dropping scopes
 * on that, or sweeping there, is what must never happen.
 */
export function withOpenedBlobs<T>(layout: StoreLayout, work: (blobs: string) => T): T | { aborted: string } {
  try {
    return inStore(layout, layout.blobs, work)
  } catch (error) {
    if (error instanceof NotARealDirectory) return { aborted: error.message }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { aborted: new Unreadable(layout.blobs, error).message }
    throw error
  }
}

type Marks = { marked: Map<string, number>; kept: Descriptor[]; droppedTags: string[] } | { aborted: string }

/**
 * The mark: every blob the entries reach, with its size; entries whose blobs
 * are gone are dropped (they can never be imported), those a dry run's
 * retention drops are skipped; an unreadable entry aborts the whole run.
 */
function mark(
  lock: LockHandle,
  entries: Descriptor[],
  checkEntry: (descriptor: Descriptor) => ReturnType<DescriptorCheck>,
  skipped: Set<string>,
  logger: Logger
): Marks {
  const marked = new Map<string, number>()
  const kept: Descriptor[] = []
  const droppedTags: string[] = []
  for (const descriptor of entries) {
    lock.keepFresh()
    if (skipped.has(tagOf(descriptor) ?? '')) continue
    const entry = checkEntry(descriptor)
    if (entry.state === 'unreadable') return { aborted: `scope ${tagOf(descriptor) ?? descriptor.digest}: ${entry.problem}` }
    if (entry.state === 'broken') {
      logger.warning(`Dropping scope ${tagOf(descriptor) ?? '(untagged)'} from the store: ${entry.problem}`)
      droppedTags.push(tagOf(descriptor) ?? descriptor.digest)
      continue
    }
    entry.blobs.forEach((size, hex) => marked.set(hex, size))
    kept.push(descriptor)
  }
  return { marked, kept, droppedTags }
}

/**
 * Mark and sweep over the store. Marks every blob reachable from every
 * index.json entry (both cache manifest formats); drops entries whose blobs
 * are gone (they can never be imported); deletes only unmarked regular files
 * with sha256-hex names. Marking and sweeping both look in `blobs`, the
 * folder opened once (withOpenedBlobs), so a link swapped in cannot make
 * scopes look broken or blobs unreferenced. `droppedInDryRun`: the scopes a
 * dry run's retention would have dropped (still in index.json), left unmarked
 * so a dry run counts what the real run deletes.
 */
export function collectGarbage(
  lock: LockHandle,
  layout: StoreLayout,
  logger: Logger,
  dryRun = false,
  check?: (blobs: string) => DescriptorCheck,
  droppedInDryRun: readonly string[] = [],
  blobs?: string
): GcResult {
  if (blobs === undefined) {
    const done = withOpenedBlobs(layout, (opened) => collectGarbage(lock, layout, logger, dryRun, check, droppedInDryRun, opened))
    return 'droppedTags' in done ? done : { ...noWork(), ...done }
  }
  const checkEntry = check?.(blobs) ?? ((descriptor: Descriptor) => checkDescriptor(blobs, descriptor))
  const result = noWork()
  let index
  try {
    index = readIndex(layout.index)
  } catch (error) {
    return { ...result, aborted: `index.json could not be read: ${errorMessage(error)}` }
  }
  const marks = mark(lock, index.manifests, checkEntry, new Set(dryRun ? droppedInDryRun : []), logger)
  if ('aborted' in marks) return { ...result, aborted: marks.aborted }
  result.droppedTags.push(...marks.droppedTags)
  if (marks.droppedTags.length > 0 && !dryRun) writeStoreIndex(lock, layout, { ...index, manifests: marks.kept })
  const { marked } = marks

  try {
    sweep(lock, layout, blobs, marked, dryRun, result)
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error
    result.aborted = error.message
  }
  faultPoint('gc:swept')
  return result
}

/**
 * Deletes the unmarked blobs; throws Unreadable naming the path an I/O error hit,
 * NotARealDirectory when `blobs/` or `blobs/sha256/` is a link: a job that mounts
 * the volume can point them anywhere, so the sweep runs in the folder it opened.
 */
function sweep(lock: LockHandle, layout: StoreLayout, blobs: string, marked: Map<string, number>, dryRun: boolean, result: GcResult): void {
  const io = <T>(file: string, action: () => T, verb?: string): T => {
    try {
      return action()
    } catch (error) {
      throw new Unreadable(file, error, verb)
    }
  }
  // Marked blobs were just stat-ed by the check: only the ones to delete are stat-ed again.
  for (const entry of io(layout.blobs, () => fs.readdirSync(blobs, { withFileTypes: true }))) {
    // A sweep of a large store outlasts the lock's stale time: without this a waiter would take over mid-sweep.
    lock.keepFresh()
    const name = entry.name
    if (!isBlobName(name) || !entry.isFile()) continue
    const size = marked.get(name)
    if (size !== undefined) {
      result.keptBlobs += 1
      result.keptBytes += size
      continue
    }
    const file = path.join(blobs, name)
    const shown = path.join(layout.blobs, name)
    const stat = io(shown, () => lstatOrUndefined(file))
    if (!stat?.isFile()) continue
    if (!dryRun) io(shown, () => fs.unlinkSync(file), 'delete')
    faultPoint('gc:blob-swept')
    result.sweptBlobs += 1
    result.sweptBytes += stat.size
  }
}

/**
 * Runs `work` in `dir` of the store opened without following links; the
 * volume (the store's parent, an admin's path) is the one link allowed.
 */
export function inStore<T>(layout: StoreLayout, dir: string, work: (dir: string) => T): T {
  return inRealDirectoryUnder(path.dirname(layout.root), dir, work)
}

/**
 * Removes the sub-folders of the store folder `dir` older than `maxAgeMs`:
 * snapshots of jobs that died before their post, ingest folders of dead
 * exports. `dir` and each folder are opened without following links, so a
 * link planted in their place is removed, never what it points to. Returns their names.
 */
export function removeOldFolders(lock: LockHandle, layout: StoreLayout, dir: string, maxAgeMs: number, now = Date.now(), dryRun = false): string[] {
  const removed: string[] = []
  if (!lstatOrUndefined(dir)?.isDirectory()) return removed
  inStore(layout, dir, (opened) => {
    for (const name of fs.readdirSync(opened)) {
      const stat = lstatOrUndefined(path.join(opened, name))
      if (!stat?.isDirectory() || now - stat.mtimeMs < maxAgeMs) continue
      lock.keepFresh()
      if (!dryRun) removeTree(opened, name)
      removed.push(name)
    }
  })
  return removed
}

/** Removes one job's snapshot folder `.staging/<job>`; a link in its place is unlinked, never followed. */
export function removeSnapshot(layout: StoreLayout, snapshotDir: string): void {
  if (path.dirname(snapshotDir) !== layout.staging) throw new Error(`${snapshotDir} is not a snapshot of ${layout.root}`)
  try {
    inStore(layout, layout.staging, (staging) => removeTree(staging, path.basename(snapshotDir)))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}
