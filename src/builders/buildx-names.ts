/**
 * How buildx names a docker-container builder's parts: node 0 of builder N
 * runs as container `buildx_buildkit_N0`, its BuildKit state in the volume
 * `buildx_buildkit_N0_state`. Stale-builder pruning and the persistent
 * builder both read these names.
 */
export const STATE_SUFFIX = '_state'

export function builderContainer(name: string): string {
  return `buildx_buildkit_${name}0`
}

export function builderStateVolume(name: string): string {
  return builderContainer(name) + STATE_SUFFIX
}

/** The builder a node container belongs to, or undefined for a container buildx did not name. */
export function builderOfContainer(container: string): string | undefined {
  return /^buildx_buildkit_(.+)0$/.exec(container.trim())?.[1]
}
