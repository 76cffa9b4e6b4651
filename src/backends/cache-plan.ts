import type { Backend, Inputs } from '../config/inputs.js'
import { planScopes, type EventContext, type ScopePlan } from '../scopes/event.js'
import { cacheEntries, resolveBackend, type CacheEntries } from './cache-entries.js'
import { allowedEntries, ghaAccess, ghaUnavailableReason, jobCacheMode, type GhaAccess, type PlanMessage } from './gha-runtime.js'

// The tag a plain `type=local,dest=<dir>` export writes: read last, so a store made by the folk recipe is warm at once.
export const LEGACY_TAG = 'latest'

export interface CachePlan {
  backend: Backend
  scopes: ScopePlan
  /** Tag written; undefined when read-only (input or event). */
  writeTag?: string
  /** Tags to read in order. Local mode: candidates that main narrows to those the snapshot can serve. */
  readTags: string[]
  /** local+registry: the tag this job also writes to the registry (branch scopes only; pull requests stay on the host). */
  registryWriteTag?: string
  /** gha: what the runner's cache token allows. */
  gha?: Pick<GhaAccess, 'read' | 'write'>
  /** Lines for the job log (the phase logs them). */
  messages: PlanMessage[]
}

/** Backend and scopes for this job, from inputs, runner variables and the event. Throws when gha cannot work here. */
export function planCache(inputs: Inputs, env: NodeJS.ProcessEnv, context: EventContext, target?: string): CachePlan {
  const backend = resolveBackend(inputs.cacheMode, env)
  let gha: GhaAccess | undefined
  if (backend === 'gha') {
    const reason = ghaUnavailableReason(env)
    if (reason) throw new Error(reason)
    gha = ghaAccess(env)
  }
  const scopes = planScopes(context, { ...inputs, target })
  // The job's ACTIONS_CACHE_MODE narrows every backend; gha's messages already carry its line.
  const jobMode = jobCacheMode(env)
  const writeTag = inputs.readOnly || !jobMode.write ? undefined : scopes.write
  // A job the workflow allows only to read still reads its own scope, which earlier jobs wrote.
  const ownScope = !jobMode.write && scopes.write ? [scopes.write] : []
  let readTags = jobMode.read ? [...ownScope, ...scopes.read] : []
  if ((backend === 'local' || backend === 'local+registry') && jobMode.read) {
    // The local importer is handed the written tag too (a warm rebuild of the same branch); a legacy folder only without key or target.
    readTags = [...(writeTag ? [writeTag] : []), ...readTags]
    if (!inputs.key && !target && !readTags.includes(LEGACY_TAG)) readTags.push(LEGACY_TAG)
  }
  const registryWriteTag = backend === 'local+registry' && scopes.writesBranch ? writeTag : undefined
  return {
    backend,
    scopes,
    writeTag,
    readTags,
    ...(registryWriteTag ? { registryWriteTag } : {}),
    ...(gha && { gha: { read: gha.read, write: gha.write } }),
    messages: gha?.messages ?? (jobMode.text ? [{ level: 'info', text: jobMode.text }] : [])
  }
}

/**
 * local+registry: the scopes read from the registry. Those ahead of the first
 * one the host's snapshot serves, so a warm host never waits on the registry
 * for what it has, and a new host (or a branch another host wrote) is warm.
 */
export function registryReadTags(plan: CachePlan, localTags: string[]): string[] {
  // Nothing to read at all (ACTIONS_CACHE_MODE none or write-only): not from the registry either.
  if (plan.readTags.length === 0) return []
  // A pull request's own scope never goes to the registry, so it is never looked for there.
  const candidates = [...new Set([...(plan.registryWriteTag ? [plan.registryWriteTag] : []), ...plan.scopes.read])]
  const firstLocal = candidates.findIndex((tag) => localTags.includes(tag))
  return firstLocal === -1 ? candidates : candidates.slice(0, firstLocal)
}

/** The outputs' entries; local mode needs the snapshot and the tags it can serve. */
export function planEntries(plan: CachePlan, inputs: Inputs, local?: { snapshotDir: string; readTags: string[] }): CacheEntries {
  const entries = cacheEntries(plan.backend, {
    repoName: inputs.repoName,
    writeTag: plan.writeTag,
    readTags: local?.readTags ?? plan.readTags,
    mode: inputs.mode,
    ignoreError: inputs.ignoreError,
    options: inputs.cacheOptions,
    registryRef: inputs.registryRef,
    snapshotDir: local?.snapshotDir,
    ...(plan.backend === 'local+registry' && local ? { registryReadTags: registryReadTags(plan, local.readTags), registryWriteTag: plan.registryWriteTag } : {})
  })
  return plan.gha ? allowedEntries(entries, plan.gha) : entries
}
