import type { CachePlan } from '../backends/cache-plan.js'
import type { Inputs } from '../config/inputs.js'
import { deleteScope } from '../registry/scopes.js'
import { removalWords } from '../report/removal-words.js'
import { deadlineAfter, REGISTRY_DEADLINE_MS } from '../registry/deadline.js'
import { registryClientFor } from '../runner/registry-access.js'
import type { JobState } from '../runner/state.js'
import type { Runner } from '../runner-port.js'
import { removeScope } from '../store/remove-scope.js'

export interface EndedScopeResult {
  state: JobState
  /** What happened, for main's log table. */
  row: string
}

/** Local mode: the tag leaves index.json; post's GC then reclaims the blobs only it used. */
async function removeLocalScope(inputs: Inputs, tag: string, runner: Runner): Promise<EndedScopeResult> {
  const removal = await removeScope(inputs.volumePath, inputs.repoName, tag, inputs.dryRun, runner)
  const rows = {
    absent: `${tag}: not in the store`,
    'would-remove': `${tag}: would be removed (dry-run)`,
    removed: `${tag}: removed from the store; post reclaims its blobs`
  }
  return { state: { backend: 'local', ...(removal.state === 'removed' ? { removedTag: tag } : {}) }, row: rows[removal.state] }
}

/**
 * Registry mode: `<registry-ref>:<tag>` goes, its manifest only when no other
 * tag points at it. Inline mode deletes nothing: the cache lives in the
 * user's image, and deleting it would delete the image.
 */
async function removeRegistryScope(inputs: Inputs, plan: CachePlan, tag: string, runner: Runner): Promise<EndedScopeResult> {
  const ref = inputs.registryRef ?? ''
  const taggedRef = `${ref}:${tag}`
  const state: JobState = { backend: plan.backend }
  if (plan.backend === 'inline') {
    const row = `${taggedRef}: kept; the inline cache lives in the image ${taggedRef}, which the action does not delete (your own image cleanup decides)`
    runner.info(`Nothing deleted from the registry: ${row}`)
    return { state, row }
  }
  const client = registryClientFor(ref, inputs.registryInsecure, runner).withDeadline(deadlineAfter(REGISTRY_DEADLINE_MS))
  const words = removalWords(taggedRef, await deleteScope(client, tag, inputs.dryRun))
  if (words.warning) runner.warning(words.warning)
  return { state, row: words.line }
}

/** Main on a closed pull request or a deleted branch: deletes the scope the event ended, where the backend allows it. */
export async function removeEndedScope(inputs: Inputs, plan: CachePlan, tag: string, runner: Runner): Promise<EndedScopeResult> {
  if (inputs.readOnly) return { state: { backend: plan.backend }, row: `${tag}: kept (read-only)` }
  switch (plan.backend) {
    case 'local':
      return removeLocalScope(inputs, tag, runner)
    case 'local+registry': {
      // Both tiers: the host's store, then the registry's copy (branch scopes only ever went there).
      const local = await removeLocalScope(inputs, tag, runner)
      const registry = await removeRegistryScope(inputs, plan, tag, runner)
      return { state: { ...registry.state, ...local.state, backend: plan.backend }, row: `${local.row}; registry ${registry.row}` }
    }
    case 'registry':
    case 'inline':
      return removeRegistryScope(inputs, plan, tag, runner)
    default:
      return { state: { backend: plan.backend }, row: `${tag}: cache-mode ${plan.backend} keeps it until the backend expires it` }
  }
}
