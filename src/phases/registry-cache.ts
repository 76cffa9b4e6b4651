import * as core from '@actions/core'
import type { CachePlan } from '../backends/cache-plan.js'
import type { Inputs } from '../config/inputs.js'
import { judgeExport, lookUpScopes } from '../registry/scopes.js'
import { registryClientFor } from '../runner/registry-access.js'
import type { JobState } from '../runner/state.js'

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
export async function lookUpRegistryCache(inputs: Inputs, plan: CachePlan): Promise<RegistryLookup> {
  const ref = inputs.registryRef ?? ''
  const state = { ref, insecure: inputs.registryInsecure }
  const tags = [...new Set([...(plan.writeTag ? [plan.writeTag] : []), ...plan.readTags])]
  let found: Awaited<ReturnType<typeof lookUpScopes>>
  try {
    found = await lookUpScopes(registryClientFor(ref, inputs.registryInsecure), tags, plan.writeTag)
  } catch (error) {
    found = { problem: error instanceof Error ? error.message : String(error) }
  }
  if (found.problem) {
    core.warning(
      `The registry cache ${ref} could not be looked up: ${found.problem}. restored-scope stays empty and cache-hit false; the build still uses the cache if its builder can reach the registry`
    )
  } else {
    core.info(found.restored ? `Registry cache found: ${ref}:${found.restored}` : `No scope of ${tags.join(', ')} exists in ${ref} yet: the build runs cold`)
  }
  return { restoredTag: found.restored ?? '', state: { ...state, ...(found.writeDigest !== undefined ? { writeDigest: found.writeDigest } : {}) } }
}

/** Post, registry mode: did this job's export arrive? One row for the log table; a warning when nothing arrived. */
export async function checkRegistryExport(state: JobState): Promise<Array<[string, string]>> {
  const { registry, writeTag } = state
  if (!registry || !writeTag) return []
  const taggedRef = `${registry.ref}:${writeTag}`
  const after = await registryClientFor(registry.ref, registry.insecure).resolve(writeTag)
  const verdict = judgeExport(taggedRef, registry.writeDigest, after)
  if (verdict.warning) core.warning(verdict.warning)
  else core.info(`Cache export: ${verdict.row}`)
  return [['registry export', verdict.row]]
}
