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

/**
 * The bytes of a set of scopes, shared blobs counted once, kept as a count of
 * the scopes holding each blob: an eviction costs its own blobs, not a new
 * union of every scope left (quadratic: 40k scopes outlasted the lock).
 */
class HeldBlobs {
  bytes = 0
  // A counter object per blob: one map lookup per blob and scope, the hot loop of a large store.
  private readonly holders = new Map<string, { count: number }>()

  add(scope: ScopeUsage): void {
    for (const [hex, size] of scope.blobs) {
      const held = this.holders.get(hex)
      if (held) held.count += 1
      else {
        // A blob has one size: every scope's map comes from a stat of the same file.
        this.holders.set(hex, { count: 1 })
        this.bytes += size
      }
    }
  }

  /** Takes back a scope added before. */
  remove(scope: ScopeUsage): void {
    for (const [hex, size] of scope.blobs) {
      const held = this.holders.get(hex) as { count: number }
      held.count -= 1
      if (held.count === 0) this.bytes -= size
    }
  }
}

/**
 * Which scopes to drop: those unused for max-age, then least recently used
 * first (the default branch last) until the store fits max-size. Pure but for
 * `onProgress`, called once per scope counted or evicted (the caller keeps its lock fresh there).
 */
export function planRetention(scopes: ScopeUsage[], policy: RetentionPolicy, onProgress: () => void = () => {}): RetentionPlan {
  const keep = new Set([policy.keep ?? []].flat())
  const defaults = new Set([policy.defaultBranch ?? []].flat())
  const expired = scopes.filter((s) => !keep.has(s.tag) && policy.now - s.lastUsed > policy.maxAgeMs).map((s) => s.tag)
  const expiredTags = new Set(expired)
  const remaining = scopes.filter((s) => !expiredTags.has(s.tag))
  const order = remaining.filter((s) => !keep.has(s.tag)).sort((a, b) => Number(defaults.has(a.tag)) - Number(defaults.has(b.tag)) || a.lastUsed - b.lastUsed)
  const held = new HeldBlobs()
  for (const scope of remaining) {
    onProgress()
    held.add(scope)
  }
  const evicted: string[] = []
  for (const candidate of order) {
    if (held.bytes <= policy.maxSizeBytes) break
    onProgress()
    evicted.push(candidate.tag)
    held.remove(candidate)
  }
  return { expired, evicted, bytesAfter: held.bytes }
}
