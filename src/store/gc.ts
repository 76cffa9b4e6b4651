import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../log.js'
import { faultPoint } from './fault.js'
import { lstatOrUndefined } from './files.js'
import { isBlobName, type StoreLayout } from './layout.js'
import { checkDescriptor, readIndex, tagOf, type DescriptorCheck } from './oci.js'
import { writeStoreIndex } from './store.js'

export interface GcResult {
  /** Why the sweep did not run; set when any entry could not be read (never "unreadable = unreferenced"). */
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
 * with sha256-hex names. Call under the store lock.
 */
export function collectGarbage(
  layout: StoreLayout,
  logger: Logger,
  dryRun = false,
  check: DescriptorCheck = (descriptor) => checkDescriptor(layout.blobs, descriptor)
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
    const entry = check(descriptor)
    if (entry.state === 'unreadable') return { ...result, aborted: `entry ${tagOf(descriptor) ?? descriptor.digest}: ${entry.problem}` }
    if (entry.state === 'broken') {
      logger.warning(`Dropping scope ${tagOf(descriptor) ?? '(untagged)'} from the store: ${entry.problem}`)
      result.droppedTags.push(tagOf(descriptor) ?? descriptor.digest)
      continue
    }
    entry.blobs.forEach((size, hex) => marked.set(hex, size))
    kept.push(descriptor)
  }
  if (result.droppedTags.length > 0 && !dryRun) writeStoreIndex(layout, { ...index, manifests: kept })

  // Marked blobs were just stat-ed by the check: only the ones to delete are stat-ed again.
  for (const entry of fs.readdirSync(layout.blobs, { withFileTypes: true })) {
    const name = entry.name
    if (!isBlobName(name) || !entry.isFile()) continue
    const size = marked.get(name)
    if (size !== undefined) {
      result.keptBlobs += 1
      result.keptBytes += size
      continue
    }
    const file = path.join(layout.blobs, name)
    const stat = fs.lstatSync(file)
    if (!stat.isFile()) continue
    if (!dryRun) fs.unlinkSync(file)
    faultPoint('gc:blob-swept')
    result.sweptBlobs += 1
    result.sweptBytes += stat.size
  }
  faultPoint('gc:swept')
  return result
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
    if (!dryRun) fs.rmSync(folder, { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
