import fs from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import type { CachePlan } from '../backends/cache-plan.js'
import type { Inputs } from '../config/inputs.js'
import { formatBytes } from '../config/units.js'
import { deleteScope } from '../registry/scopes.js'
import { gcRow } from '../report/cache-activity.js'
import { registryClientFor } from '../runner/registry-access.js'
import { report } from '../runner/report.js'
import type { JobState } from '../runner/state.js'
import { updateLastUsed } from '../store/last-used.js'
import { storeLayout } from '../store/layout.js'
import { withStoreLock } from '../store/lock.js'
import { maintainStore } from '../store/maintain.js'
import { findTag, withTag } from '../store/oci.js'
import { openStore, readStoreIndex, writeStoreIndex } from '../store/store.js'

export interface ClosedScopeResult {
  state: JobState
  /** What happened, for main's log table. */
  row: string
}

/** Local mode: the tag leaves index.json under the store lock; post's GC then reclaims the blobs only it used. */
async function removeLocalScope(inputs: Inputs, plan: CachePlan, tag: string): Promise<ClosedScopeResult> {
  const state: JobState = { backend: 'local', dryRun: inputs.dryRun }
  // A store that does not exist holds no scope: nothing is created just to find that out.
  if (!fs.existsSync(path.join(inputs.volumePath, inputs.repoName, 'index.json'))) return { state, row: `${tag}: not in the store` }
  const layout = openStore(inputs.volumePath, inputs.repoName)
  const removed = await withStoreLock(layout, core, () => {
    const index = readStoreIndex(layout, core)
    if (!findTag(index, tag)) return false
    if (!inputs.dryRun) {
      writeStoreIndex(layout, withTag(index, tag, undefined))
      updateLastUsed(layout, { dropped: [tag] })
    }
    return true
  })
  const retention = { maxAgeMs: inputs.maxAge, maxSizeBytes: inputs.maxSize, defaultBranch: plan.scopes.defaultBranch }
  const row = !removed
    ? `${tag}: not in the store`
    : inputs.dryRun
      ? `${tag}: would be removed (dry-run)`
      : `${tag}: removed from the store; post reclaims its blobs`
  // Only a real removal leaves post something to reclaim; a dry run's GC would find the tag still there.
  return { state: { ...state, storeRoot: layout.root, retention, ...(removed && !inputs.dryRun ? { removedTag: tag } : {}) }, row }
}

/**
 * Registry mode: `<registry-ref>:<tag>` goes, its manifest only when no other
 * tag points at it. Inline mode deletes nothing: the cache lives in the
 * user's image, and deleting it would delete the image.
 */
async function removeRegistryScope(inputs: Inputs, plan: CachePlan, tag: string): Promise<ClosedScopeResult> {
  const ref = inputs.registryRef ?? ''
  const taggedRef = `${ref}:${tag}`
  const state: JobState = { backend: plan.backend }
  if (plan.backend === 'inline') {
    const row = `${taggedRef}: kept; the inline cache lives in the image ${taggedRef}, which the action does not delete (your own image cleanup decides)`
    core.info(`Nothing deleted from the registry: ${row}`)
    return { state, row }
  }
  const result = await deleteScope(registryClientFor(ref, inputs.registryInsecure), tag, inputs.dryRun)
  switch (result.state) {
    case 'deleted':
      return { state, row: `${taggedRef}: deleted${result.tagOnly ? ' (the tag only; other tags share its manifest)' : ` (manifest ${result.digest})`}` }
    case 'would-delete':
      return {
        state,
        row: `${taggedRef}: would be deleted (dry-run)${result.sharedWith.length > 0 ? `; it shares its manifest with ${result.sharedWith.join(', ')}, so the tag only, where the registry allows that` : ''}`
      }
    case 'absent':
      return { state, row: `${taggedRef}: not in the registry` }
    case 'kept':
      core.warning(`The cache ${taggedRef} of the closed pull request is kept: ${result.reason}`)
      return { state, row: `${taggedRef}: kept, ${result.reason}` }
    case 'refused':
    case 'failed': {
      const why = 'hint' in result && result.hint ? `${result.problem}; ${result.hint}` : result.problem
      core.warning(`The cache ${taggedRef} of the closed pull request was not deleted: ${why}`)
      return { state, row: `${taggedRef}: not deleted, ${why}` }
    }
  }
}

/** Main on a closed pull request: writes nothing, deletes that pull request's scope where the backend allows it. */
export async function removeClosedScope(inputs: Inputs, plan: CachePlan, tag: string): Promise<ClosedScopeResult> {
  if (inputs.readOnly) return { state: { backend: plan.backend }, row: `${tag}: kept (read-only)` }
  switch (plan.backend) {
    case 'local':
      return removeLocalScope(inputs, plan, tag)
    case 'registry':
    case 'inline':
      return removeRegistryScope(inputs, plan, tag)
    default:
      return { state: { backend: plan.backend }, row: `${tag}: cache-mode ${plan.backend} keeps it until the backend expires it` }
  }
}

/** Post after a closed pull request in local mode: retention and GC reclaim the removed scope's blobs. */
export async function reclaimClosedScope(state: JobState): Promise<void> {
  if (!state.storeRoot) return
  const layout = storeLayout(state.storeRoot)
  const dryRun = state.dryRun ?? false
  const result = await withStoreLock(layout, core, () => maintainStore(layout, { retention: state.retention, dryRun }, core))
  const rows: Array<[string, string]> = [
    ['removed', state.removedTag ?? '(nothing)'],
    ['gc', gcRow(result.gc, dryRun)],
    // Counts of an aborted sweep would read as an empty store.
    ...(result.gc.aborted ? [] : [['store', `${result.gc.keptBlobs} blobs, ${formatBytes(result.gc.keptBytes)}`] as [string, string]])
  ]
  await report('Build cache of the closed pull request', rows)
}
