import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../log.js'
import { updateLastUsed } from './last-used.js'
import { withStoreLock } from './lock.js'
import { findTag, withTag } from './oci.js'
import { openStore, readStoreIndex, writeStoreIndex } from './store.js'

export type ScopeRemoval = { state: 'removed'; storeRoot: string } | { state: 'would-remove'; storeRoot: string } | { state: 'absent' }

/**
 * Takes one scope out of the store's index.json (by rename, under the store
 * lock) and forgets its last-used time; the next GC reclaims the blobs only
 * it used. A store that does not exist holds no scope: nothing is created just
 * to find that out.
 */
export async function removeScope(volumePath: string, repoName: string, tag: string, dryRun: boolean, logger: Logger): Promise<ScopeRemoval> {
  if (!fs.existsSync(path.join(volumePath, repoName, 'index.json'))) return { state: 'absent' }
  const layout = openStore(volumePath, repoName)
  return withStoreLock(layout, logger, (lock): ScopeRemoval => {
    const index = readStoreIndex(lock, layout, logger)
    if (!findTag(index, tag)) return { state: 'absent' }
    if (dryRun) return { state: 'would-remove', storeRoot: layout.root }
    writeStoreIndex(lock, layout, withTag(index, tag, undefined))
    updateLastUsed(lock, layout, { dropped: [tag] })
    return { state: 'removed', storeRoot: layout.root }
  })
}
