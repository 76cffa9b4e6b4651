/** What main hands post so post can weigh what the cache was worth (part of the job state, so it stays small). */
export interface WorthState {
  /** When main ended: the job's builds start after it, and without BuildKit's records the job is timed from it. */
  mainEndMs: number
  volumePath: string
  repoName: string
  /** One per image (the plain build, or each bake target), in the order of the job's exports. */
  images: Array<{ writeTag?: string; restoredTag?: string }>
  /** The metrics-file input: post rewrites the host's metrics there. */
  metricsFile?: string
}

/** main's share: the scopes it planned and restored, stamped with the time it ended. */
export function worthState(
  inputs: { volumePath: string; repoName: string; metricsFile?: string },
  images: Array<{ writeTag?: string; restoredTag?: string }>,
  now: number
): WorthState {
  return {
    mainEndMs: now,
    volumePath: inputs.volumePath,
    repoName: inputs.repoName,
    images: images.map(({ writeTag, restoredTag }) => ({ ...(writeTag ? { writeTag } : {}), ...(restoredTag ? { restoredTag } : {}) })),
    ...(inputs.metricsFile ? { metricsFile: inputs.metricsFile } : {})
  }
}

/** main's hand-over, stamped with the job's clock; undefined where there is no cache to weigh (cache-mode off without a persistent builder). */
export function jobWorth(
  inputs: { volumePath: string; repoName: string; metricsFile?: string },
  plan: { backend: string; images: Array<{ plan: { writeTag?: string } }> },
  prepared: { images: Array<{ restoredTag?: string }> },
  builder: object | undefined,
  clock: { now(): number }
): WorthState | undefined {
  if (plan.backend === 'off' && !builder) return undefined
  const images = plan.images.map(({ plan: image }, i) => ({ writeTag: image.writeTag, restoredTag: prepared.images[i]?.restoredTag }))
  return worthState(inputs, images, clock.now())
}
