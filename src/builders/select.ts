/**
 * Which builders are stale. Only docker/setup-buildx-action's generated names
 * qualify (`buildx_buildkit_builder-<uuid>0`): any other name is someone's
 * deliberate builder. Pure: the caller lists containers and volumes.
 */
export const BUILDER_CONTAINER = /^buildx_buildkit_builder-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}0$/
const STATE_SUFFIX = '_state'

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

export interface StaleBuilders {
  containers: BuilderContainer[]
  /** `_state` volumes of the stale containers, then orphans whose container is gone. */
  volumes: string[]
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

export function selectStale(containers: BuilderContainer[], volumes: BuilderVolume[], policy: StalePolicy): StaleBuilders {
  const age = (createdMs: number) => policy.now - createdMs
  const stale = containers.filter(
    (c) => isBuilderContainer(c.name) && c.status !== 'removing' && age(c.createdMs) > (RUNNING.has(c.status) ? policy.maxAgeMs : policy.graceMs)
  )
  const present = new Set(containers.map((c) => c.name))
  const staleNames = new Set(stale.map((c) => c.name))
  const volumeNames = new Set(volumes.map((v) => v.name))
  const ofStale = [...staleNames].map((name) => name + STATE_SUFFIX).filter((name) => volumeNames.has(name))
  const orphans = volumes
    .filter((v) => isBuilderVolume(v.name))
    .filter((v) => !present.has(v.name.slice(0, -STATE_SUFFIX.length)) && age(v.createdMs) > policy.graceMs)
    .map((v) => v.name)
  return { containers: stale, volumes: [...ofStale, ...orphans] }
}
