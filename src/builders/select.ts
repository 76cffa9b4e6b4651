import { formatDuration } from '../config/units.js'
import { STATE_SUFFIX } from './buildx-names.js'

/**
 * Which builders are stale. Only docker/setup-buildx-action's generated names
 * qualify (`buildx_buildkit_builder-<uuid>0`): any other name is someone's
 * deliberate builder. Pure: the caller lists containers and volumes.
 */
/** What docker's name filter matches first; BUILDER_CONTAINER then keeps only the exact generated names. */
export const SETUP_BUILDX_PREFIX = 'buildx_buildkit_builder-'
export const BUILDER_CONTAINER = /^buildx_buildkit_builder-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}0$/

export interface BuilderContainer {
  name: string
  /** docker's State.Status: created, running, paused, restarting, removing, exited, dead. */
  status: string
  createdMs: number
}

export interface BuilderVolume {
  name: string
  createdMs: number
}

/** Why a generated-name builder was left alone, so the log can say the action saw it. */
export const KEPT_REASONS = ['younger than builder-max-age', 'stopped within the grace', 'being removed by docker'] as const
export type KeptReason = (typeof KEPT_REASONS)[number]

export interface KeptBuilder {
  container: BuilderContainer
  reason: KeptReason
}

export interface StaleBuilders {
  containers: BuilderContainer[]
  /** `_state` volumes of the stale containers, then orphans whose container is gone. */
  volumes: string[]
  /** Generated-name builders that are not stale, each with the rule that kept it. */
  kept: KeptBuilder[]
}

export interface StalePolicy {
  now: number
  /** A running builder older than this is stale (builder-max-age). */
  maxAgeMs: number
  /** A stopped builder or orphaned volume younger than this may belong to a job creating it right now. */
  graceMs: number
}

// Upper bound of the grace; pruneBuilders caps it at builder-max-age, so a small max-age (tests, cron) shortens it too.
export const DEFAULT_GRACE_MS = 5 * 60 * 1000

export function isBuilderContainer(name: string): boolean {
  return BUILDER_CONTAINER.test(name)
}

export function isBuilderVolume(name: string): boolean {
  return name.endsWith(STATE_SUFFIX) && isBuilderContainer(name.slice(0, -STATE_SUFFIX.length))
}

const RUNNING = new Set(['running', 'paused', 'restarting'])

/** Why a generated-name builder is kept, or undefined when it is stale. */
function keptReason(container: BuilderContainer, policy: StalePolicy): KeptReason | undefined {
  const age = policy.now - container.createdMs
  if (container.status === 'removing') return 'being removed by docker'
  if (RUNNING.has(container.status)) return age > policy.maxAgeMs ? undefined : 'younger than builder-max-age'
  return age > policy.graceMs ? undefined : 'stopped within the grace'
}

export function selectStale(containers: BuilderContainer[], volumes: BuilderVolume[], policy: StalePolicy): StaleBuilders {
  const age = (createdMs: number) => policy.now - createdMs
  const stale: BuilderContainer[] = []
  const kept: KeptBuilder[] = []
  for (const container of containers.filter((c) => isBuilderContainer(c.name))) {
    const reason = keptReason(container, policy)
    if (reason) kept.push({ container, reason })
    else stale.push(container)
  }
  const present = new Set(containers.map((c) => c.name))
  const staleNames = new Set(stale.map((c) => c.name))
  const volumeNames = new Set(volumes.map((v) => v.name))
  const ofStale = [...staleNames].map((name) => name + STATE_SUFFIX).filter((name) => volumeNames.has(name))
  const orphans = volumes
    .filter((v) => isBuilderVolume(v.name))
    .filter((v) => !present.has(v.name.slice(0, -STATE_SUFFIX.length)) && age(v.createdMs) > policy.graceMs)
    .map((v) => v.name)
  return { containers: stale, volumes: [...ofStale, ...orphans], kept }
}

/**
 * One log line per kept builder: its name, state, age and the rule that kept
 * it, so a user who sees it in `docker ps` knows the action saw it.
 */
export function describeKept(kept: KeptBuilder, policy: StalePolicy): string {
  const { container, reason } = kept
  const age = formatDuration(policy.now - container.createdMs)
  const limit =
    reason === 'younger than builder-max-age'
      ? ` (${formatDuration(policy.maxAgeMs)})`
      : reason === 'stopped within the grace'
        ? ` of ${formatDuration(policy.graceMs)}: a job may be creating it right now`
        : ''
  return `kept container ${container.name}: ${container.status}, created ${age} ago, ${reason}${limit}`
}
