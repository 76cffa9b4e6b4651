import path from 'node:path'
import type { Inputs } from '../config/inputs.js'
import type { EventContext } from '../scopes/event.js'
import type { CacheEntries } from './cache-entries.js'
import { planCache, type CachePlan } from './cache-plan.js'

/** One cache a job builds: the plain build (no target), or one bake target. */
export interface ImagePlan {
  target?: string
  plan: CachePlan
}

/** The plain build's plan, or one plan per bake target, each with its own prefixed scopes. */
export function planImages(inputs: Inputs, env: NodeJS.ProcessEnv, context: EventContext): ImagePlan[] {
  if (inputs.bakeTargets.length === 0) return [{ plan: planCache(inputs, env, context) }]
  return inputs.bakeTargets.map((target) => ({ target, plan: planCache(inputs, env, context, target) }))
}

/** The attributes bake reads from a JSON definition; the names are bake's own. */
export interface BakeDefinition {
  target: Record<string, { 'cache-from': string[]; 'cache-to': string[] }>
}

/**
 * A bake definition that sets only each target's cache entries. Passed after
 * the user's own file (`-f docker-bake.hcl -f <this>`), bake merges it into
 * their targets: it appends these lists to any cache-from / cache-to the
 * user's file already has (buildx 0.13 and 0.29 alike), so their own
 * targets should leave those unset. A target the user's file lacks becomes
 * a new one with bake's defaults.
 */
export function bakeDefinition(targets: Array<{ target: string; entries: CacheEntries }>): BakeDefinition {
  const definition: BakeDefinition = { target: {} }
  for (const { target, entries } of targets) {
    definition.target[target] = { 'cache-from': [...entries.cacheFrom], 'cache-to': [...entries.cacheTo] }
  }
  return definition
}

/**
 * Where the bake file goes: the runner's per-job temp folder (emptied by the
 * runner after the job), else the OS temp folder. Never inside the store:
 * it is the buildx client that reads it, in the job's own filesystem. Post removes it.
 */
export function bakeFilePath(env: NodeJS.ProcessEnv, tmpdir: string, jobId: string): string {
  return path.join(env.RUNNER_TEMP || tmpdir, `buildkit-cache-keeper-${jobId}.bake.json`)
}
