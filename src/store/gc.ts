import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../log.js'
import { faultPoint } from './fault.js'
import { lstatOrUndefined } from './files.js'
import { isBlobName, type StoreLayout } from './layout.js'
import { keepLockFresh } from './lock.js'
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

/**
 * Mark and sweep over the store. Marks every blob reachable from every
 * index.json entry (both cache manifest formats); drops entries whose blobs
 * are gone (they can never be imported); deletes only unmarked regular files
 * with sha256-hex names. `droppedInDryRun`: the scopes a dry run's retention
 * would have dropped (still in index.json), left unmarked so a dry run counts
 * what the real run deletes. Call under the store lock.
 */
export function collectGarbage(
  layout: StoreLayout,
  logger: Logger,
  dryRun = false,
  check: DescriptorCheck = (descriptor) => checkDescriptor(layout.blobs, descriptor),
  droppedInDryRun: readonly string[] = []
): GcResult {
  const result: GcResult = { droppedTags: [], sweptBlobs: 0, sweptBytes: 0, keptBlobs: 0, keptBytes: 0 }
  let index
  try {
    index = readIndex(layout.index)
  } catch (error) {
    return { ...result, aborted: `index.json could not be read: ${(error as Error).message}` }
  }
  const marked = new Map<string, number>()
  const kept = []
  for (const descriptor of index.manifests) {
    keepLockFresh()
    if (dryRun && droppedInDryRun.includes(tagOf(descriptor) ?? '')) continue
    const entry = check(descriptor)
    if (entry.state === 'unreadable') return { ...result, aborted: `scope ${tagOf(descriptor) ?? descriptor.digest}: ${entry.problem}` }
    if (entry.state === 'broken') {
      logger.warning(`Dropping scope ${tagOf(descriptor) ?? '(untagged)'} from the store: ${entry.problem}`)
      result.droppedTags.push(tagOf(descriptor) ?? descriptor.digest)
      continue
    }
    entry.blobs.forEach((size, hex) => marked.set(hex, size))
    kept.push(descriptor)
  }
  if (result.droppedTags.length > 0 && !dryRun) {
    keepLockFresh()
    writeStoreIndex(layout, { ...index, manifests: kept })
  }

  try {
    sweep(layout, marked, dryRun, result)
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error
    result.aborted = error.message
  }
  faultPoint('gc:swept')
  return result
}

/** Deletes the unmarked blobs; throws Unreadable naming the path an I/O error hit. */
function sweep(layout: StoreLayout, marked: Map<string, number>, dryRun: boolean, result: GcResult): void {
  const io = <T>(file: string, action: () => T, verb?: string): T => {
    try {
      return action()
    } catch (error) {
      throw new Unreadable(file, error, verb)
    }
  }
  // Marked blobs were just stat-ed by the check: only the ones to delete are stat-ed again.
  for (const entry of io(layout.blobs, () => fs.readdirSync(layout.blobs, { withFileTypes: true }))) {
    // A sweep of a large store outlasts the lock's stale time: without this a waiter would take over mid-sweep.
    keepLockFresh()
    const name = entry.name
    if (!isBlobName(name) || !entry.isFile()) continue
    const size = marked.get(name)
    if (size !== undefined) {
      result.keptBlobs += 1
      result.keptBytes += size
      continue
    }
    const file = path.join(layout.blobs, name)
    const stat = io(file, () => lstatOrUndefined(file))
    if (!stat?.isFile()) continue
    if (!dryRun) io(file, () => fs.unlinkSync(file), 'delete')
    faultPoint('gc:blob-swept')
    result.sweptBlobs += 1
    result.sweptBytes += stat.size
  }
}

/**
 * Removes the sub-folders of `dir` older than `maxAgeMs`: snapshots of jobs
 * that died before their post, ingest folders of dead exports. Returns their names.
 */
export function removeOldFolders(dir: string, maxAgeMs: number, now = Date.now(), dryRun = false): string[] {
  const removed: string[] = []
  if (!lstatOrUndefined(dir)?.isDirectory()) return removed
  for (const name of fs.readdirSync(dir)) {
    const folder = path.join(dir, name)
    const stat = fs.lstatSync(folder)
    if (!stat.isDirectory() || now - stat.mtimeMs < maxAgeMs) continue
    // fs.rm removes symlinks themselves and never descends through them.
    keepLockFresh()
    if (!dryRun) fs.rmSync(folder, { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
