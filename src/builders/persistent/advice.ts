import type { Backend } from '../../config/inputs.js'

/**
 * Which BuildKit a persistent builder should run, and what to say when it runs
 * an older one. Every job of the repository shares this BuildKit, so what
 * those releases fixed matters more here than on a builder thrown away per job.
 */

/** The first BuildKit that verifies blob contents against their digest before caching them, and keeps jobs' registry credentials apart. */
export const SAFE_BUILDKIT = 'v0.33.1'

/** [major, minor, patch, release]: release 0 for a pre-release (`v0.33.1-rc1` comes before `v0.33.1`). */
function parseVersion(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(-)?/.exec(version.trim())
  return match ? [...match.slice(1, 4).map(Number), match[4] ? 0 : 1] : undefined
}

/** Whether `version` reads as a release before `floor`; false when it cannot be read. */
function olderThan(version: string | undefined, floor: string): boolean {
  const found = version ? parseVersion(version) : undefined
  if (!found) return false
  const wanted = parseVersion(floor) as number[]
  const differs = found.findIndex((part, i) => part !== wanted[i])
  return differs !== -1 && found[differs] < wanted[differs]
}

/**
 * A warning for a persistent builder running a BuildKit older than v0.33.1;
 * undefined for newer ones and for versions that cannot be read (a stand-in,
 * a custom build).
 */
export function buildkitWarning(version: string | undefined): string | undefined {
  if (!olderThan(version, SAFE_BUILDKIT)) return undefined
  return (
    `The persistent builder runs BuildKit ${version}, older than ${SAFE_BUILDKIT}: ` +
    `${SAFE_BUILDKIT} verifies blob contents against their digest before caching them (GHSA-p3rc-w3hc-pqvv, it protects shared caches), ` +
    `and since v0.33 concurrent jobs on one builder no longer read the registry cache with another job's credentials (moby/buildkit#7047). ` +
    `Use a newer image (builder-driver-opts: image=...moby/buildkit:${SAFE_BUILDKIT} or later); it applies when the builder is next made (remove its container, or wait for max-age).`
  )
}

/** The first BuildKit whose remote cache exports and imports hold up on a builder that lives for weeks. */
export const REMOTE_CACHE_BUILDKIT = 'v0.35.0'

/**
 * Advice for a persistent builder older than v0.35.0 that exports a registry
 * or gha cache: undefined otherwise. v0.35.0 (2026-11-11) fixed remote cache
 * exports with incomplete layer chains (moby/buildkit#7351), cache matching
 * with missing blobs (#7364, #7312) and the gha cache reader's leak (#7374),
 * each worse the longer a builder runs.
 */
export function remoteCacheAdvice(version: string | undefined, backend: Backend): string | undefined {
  if (!['registry', 'local+registry', 'gha'].includes(backend) || !olderThan(version, REMOTE_CACHE_BUILDKIT)) return undefined
  return (
    `The persistent builder runs BuildKit ${version} and exports a ${backend === 'gha' ? 'gha' : 'registry'} cache: ${REMOTE_CACHE_BUILDKIT} or later is recommended there ` +
    '(it fixes remote cache exports with incomplete layer chains, moby/buildkit#7351, cache matching with missing blobs, #7364 and #7312, and the gha cache reader leak, #7374). ' +
    `Use builder-driver-opts: image=...moby/buildkit:${REMOTE_CACHE_BUILDKIT} or later; it applies when the builder is next made.`
  )
}
