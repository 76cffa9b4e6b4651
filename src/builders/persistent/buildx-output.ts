/** What the docker and buildx calls print, read as far as it matters here; lines that are not what is looked for are skipped, never guessed. */

/** The last non-empty line of a command's stderr: docker and buildx print the cause last. */
export function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? ''
}

/** Why a call failed, in one line: its last stderr line, else its exit code. */
export function failure(result: { code: number; stderr: string }): string {
  return lastLine(result.stderr) || `exit ${result.code}`
}

/** `buildx create` of a name this buildx configuration already records: as good as made. */
export function isExistingInstance(stderr: string): boolean {
  return /existing instance/i.test(stderr)
}

const DU_UNITS: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 }

/** Bytes in du's `Total:` line (decimal units, as docker prints them); undefined when there is none. */
export function parseDuTotal(stdout: string): number | undefined {
  const match = /^Total:\s*(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|TB)\s*$/m.exec(stdout)
  return match ? Math.round(Number(match[1]) * DU_UNITS[match[2]]) : undefined
}

/** What `buildx prune` says it reclaimed ("Total: 1.2GB"), as printed; undefined when it printed no total. */
export function reclaimedTotal(stdout: string): string | undefined {
  return /^Total:\s*(.+)$/m.exec(stdout)?.[1]?.trim()
}

export interface InspectResult {
  driver?: string
  /** Node status: running, inactive, stopped, error... */
  status?: string
  buildkit?: string
}

/** The fields of `docker buildx inspect` that matter here (buildx 0.13 says "Buildkit:", later ones "BuildKit version:"). */
export function parseInspect(stdout: string): InspectResult {
  const field = (pattern: RegExp) => pattern.exec(stdout)?.[1]?.trim()
  return {
    driver: field(/^Driver:\s*(\S+)/m),
    status: field(/^Status:\s*(\S+)/m),
    buildkit: field(/^(?:Buildkit|BuildKit version):\s*(\S+)/m)
  }
}

/**
 * A bootstrap that lost the race to create the node container: another job
 * (one that does not share the lock, e.g. without the shared volume) made it
 * meanwhile. Docker says `Conflict. The container name "/..." is already in use`.
 */
export function isNameConflict(error: string): boolean {
  return /container name .* is already in use/i.test(error)
}

/** What buildx says of a builder its configuration has no record of (buildx 0.13 and later). */
export function isUnknownBuilder(error: string): boolean {
  return /no builder .* found|failed to find instance|not found/i.test(error)
}
