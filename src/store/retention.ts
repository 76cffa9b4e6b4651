/** One scope of the store as retention sees it. */
export interface ScopeUsage {
  tag: string
  /** Blob hex -> bytes. */
  blobs: Map<string, number>
  lastUsed: number
}

export interface RetentionPolicy {
  now: number
  maxAgeMs: number
  maxSizeBytes: number
  /** Evicted for size only after every other scope (one per bake target). */
  defaultBranch?: string | string[]
  /** Never evicted (the scopes this job just wrote): a cache evicted the moment it is made helps no one. */
  keep?: string | string[]
}

export interface RetentionPlan {
  expired: string[]
  evicted: string[]
  /** Bytes of the scopes that remain (shared blobs counted once). */
  bytesAfter: number
}

function unionBytes(scopes: ScopeUsage[]): number {
  const seen = new Set<string>()
  let bytes = 0
  for (const scope of scopes) {
    for (const [hex, size] of scope.blobs) {
      if (!seen.has(hex)) bytes += size
      seen.add(hex)
    }
  }
  return bytes
}

/**
 * Which scopes to drop: those unused for max-age, then least recently used
 * first (the default branch last) until the store fits max-size. Pure.
 */
export function planRetention(scopes: ScopeUsage[], policy: RetentionPolicy): RetentionPlan {
  const keep = new Set([policy.keep ?? []].flat())
  const defaults = new Set([policy.defaultBranch ?? []].flat())
  const expired = scopes.filter((s) => !keep.has(s.tag) && policy.now - s.lastUsed > policy.maxAgeMs).map((s) => s.tag)
  let remaining = scopes.filter((s) => !expired.includes(s.tag))
  const order = remaining.filter((s) => !keep.has(s.tag)).sort((a, b) => Number(defaults.has(a.tag)) - Number(defaults.has(b.tag)) || a.lastUsed - b.lastUsed)
  const evicted: string[] = []
  let bytes = unionBytes(remaining)
  for (const candidate of order) {
    if (bytes <= policy.maxSizeBytes) break
    evicted.push(candidate.tag)
    remaining = remaining.filter((s) => s !== candidate)
    bytes = unionBytes(remaining)
  }
  return { expired, evicted, bytesAfter: bytes }
}
