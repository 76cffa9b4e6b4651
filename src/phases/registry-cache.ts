import type { CachePlan } from '../backends/cache-plan.js'
import type { Inputs } from '../config/inputs.js'
import { errorMessage } from '../error-message.js'
import { deadlineAfter, REGISTRY_DEADLINE_MS } from '../registry/deadline.js'
import { judgeExport, lookUpScopes, removeManifest } from '../registry/scopes.js'
import { removalWords } from '../report/removal-words.js'
import { registryClientFor } from '../runner/registry-access.js'
import type { JobState } from '../runner/state.js'
import type { Runner } from '../runner-port.js'

type RegistryRunner = Pick<Runner, 'info' | 'warning' | 'setSecret' | 'env'>

export interface RegistryLookup {
  restoredTag: string
  state: NonNullable<JobState['registry']>
}

/**
 * Main, registry and inline modes: which listed scope exists in the registry
 * (the outputs restored-scope and cache-hit), and the written tag's digest for
 * post. A registry main cannot reach or log in to is one warning: BuildKit
 * still reads and writes it at build time, with its own network and login.
 */
export async function lookUpRegistryCache(inputs: Inputs, plan: CachePlan, runner: RegistryRunner): Promise<RegistryLookup> {
  const ref = inputs.registryRef ?? ''
  const state = { ref, insecure: inputs.registryInsecure, ...(inputs.dryRun ? { dryRun: true } : {}) }
  const tags = [...new Set([...(plan.writeTag ? [plan.writeTag] : []), ...plan.readTags])]
  let found: Awaited<ReturnType<typeof lookUpScopes>>
  try {
    found = await lookUpScopes(registryClientFor(ref, inputs.registryInsecure, runner).withDeadline(deadlineAfter(REGISTRY_DEADLINE_MS)), tags, plan.writeTag)
  } catch (error) {
    found = { problem: errorMessage(error) }
  }
  if (found.problem) {
    runner.warning(
      `The registry cache ${ref} could not be looked up: ${found.problem}. restored-scope stays empty and cache-hit false; the build still uses the cache if its builder can reach the registry`
    )
  } else {
    runner.info(found.restored ? `Registry cache found: ${ref}:${found.restored}` : `No scope of ${tags.join(', ')} exists in ${ref} yet: the build runs cold`)
  }
  return { restoredTag: found.restored ?? '', state: { ...state, ...(found.writeDigest !== undefined ? { writeDigest: found.writeDigest } : {}) } }
}

/**
 * Post, registry mode: did this job's export arrive? One row for the log table; a warning when nothing arrived.
 * When the export moved the tag off the manifest main saw, that manifest is deleted unless another tag
 * still points at it: a registry cache then holds one manifest per live scope, and the registry's GC reclaims the blobs.
 * Every request ends by `limitMs` from now; one cut short leaves its step not checked or the manifest kept, with one warning.
 */
export async function checkRegistryExport(state: JobState, runner: RegistryRunner, limitMs = REGISTRY_DEADLINE_MS): Promise<Array<[string, string]>> {
  const { registry, writeTag } = state
  if (!registry || !writeTag) return []
  const taggedRef = `${registry.ref}:${writeTag}`
  const client = registryClientFor(registry.ref, registry.insecure, runner).withDeadline(deadlineAfter(limitMs))
  const after = await client.resolve(writeTag)
  const verdict = judgeExport(taggedRef, registry.writeDigest, after)
  if (verdict.warning) runner.warning(verdict.warning)
  else runner.info(`Cache export: ${verdict.row}`)
  const rows: Array<[string, string]> = [['registry export', verdict.row]]
  const before = registry.writeDigest
  if (before && after.state === 'found' && after.digest !== before) {
    const superseded = removalWords(`${taggedRef} before this build`, await removeManifest(client, before, undefined, registry.dryRun ?? false))
    if (superseded.warning) runner.warning(superseded.warning)
    else runner.info(`Superseded manifest: ${superseded.line}`)
    rows.push(['superseded', superseded.line])
  }
  return rows
}
