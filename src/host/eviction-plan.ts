/**
 * Which caches on the host give way when the host budget is passed: least
 * recently used first across every repository's store and persistent
 * builder, each repository's default branch last. Pure.
 */

/** One scope of one repository's store. */
export interface ScopeCandidate {
  repo: string
  tag: string
  lastUsedMs: number
  /** Blob hex -> bytes. */
  blobs: Map<string, number>
  isDefault: boolean
}

/** One persistent builder's cache, as its record last measured it. */
export interface BuilderCandidate {
  name: string
  bytes: number
  lastUsedMs: number
}

export interface HostEvictionInput {
  /** Every scope of every store, protected ones included (their blobs stay referenced). */
  scopes: ScopeCandidate[]
  builders: BuilderCandidate[]
  /** `repo\0tag` of the scopes the running job reads or writes: never evicted. */
  protectedScopes: ReadonlySet<string>
  /** The builder the running job builds on: never pruned. */
  protectedBuilders: ReadonlySet<string>
  /** Bytes all caches together must lose to be within host-max-size. */
  overBudget: number
  /** Bytes the stores must lose for the volume's disk to keep host-min-free (builders live on Docker's disk). */
  underFloor: number
}

export interface HostEviction {
  scopes: Array<{ repo: string; tag: string; bytes: number }>
  /** A builder's cache pruned down to `toBytes` (0: all of it). */
  builders: Array<{ name: string; fromBytes: number; toBytes: number }>
  /** What no candidate could free: the caches the running job uses are larger than what is left. */
  shortBytes: number
}

export const scopeKey = (repo: string, tag: string): string => `${repo}\0${tag}`

type Candidate = { kind: 'scope'; scope: ScopeCandidate } | { kind: 'builder'; builder: BuilderCandidate }

/** Counts, per store, how many scopes reference each blob: a blob is freed when its count reaches 0. */
function referenceCounts(scopes: ScopeCandidate[]): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>()
  for (const scope of scopes) {
    const store = counts.get(scope.repo) ?? new Map<string, number>()
    counts.set(scope.repo, store)
    for (const hex of scope.blobs.keys()) store.set(hex, (store.get(hex) ?? 0) + 1)
  }
  return counts
}

function orderedCandidates(input: HostEvictionInput): Candidate[] {
  const scopes: Candidate[] = input.scopes
    .filter((scope) => !input.protectedScopes.has(scopeKey(scope.repo, scope.tag)))
    .map((scope) => ({ kind: 'scope', scope }))
  const builders: Candidate[] = input.builders
    .filter((builder) => builder.bytes > 0 && !input.protectedBuilders.has(builder.name))
    .map((builder) => ({ kind: 'builder', builder }))
  const lastUsed = (c: Candidate) => (c.kind === 'scope' ? c.scope.lastUsedMs : c.builder.lastUsedMs)
  const isDefault = (c: Candidate) => (c.kind === 'scope' && c.scope.isDefault ? 1 : 0)
  return [...scopes, ...builders].sort((a, b) => isDefault(a) - isDefault(b) || lastUsed(a) - lastUsed(b))
}

export function planHostEviction(input: HostEvictionInput): HostEviction {
  const counts = referenceCounts(input.scopes)
  let overBudget = input.overBudget
  let underFloor = input.underFloor
  const plan: HostEviction = { scopes: [], builders: [], shortBytes: 0 }
  for (const candidate of orderedCandidates(input)) {
    if (overBudget <= 0 && underFloor <= 0) break
    if (candidate.kind === 'builder') {
      // A builder frees nothing on the volume's disk: it only helps the budget.
      if (overBudget <= 0) continue
      const { name, bytes } = candidate.builder
      const cut = Math.min(bytes, overBudget)
      plan.builders.push({ name, fromBytes: bytes, toBytes: bytes - cut })
      overBudget -= cut
      continue
    }
    const { repo, tag, blobs } = candidate.scope
    const store = counts.get(repo)!
    let freed = 0
    for (const [hex, size] of blobs) {
      const left = (store.get(hex) ?? 1) - 1
      store.set(hex, left)
      if (left === 0) freed += size
    }
    plan.scopes.push({ repo, tag, bytes: freed })
    overBudget -= freed
    underFloor -= freed
  }
  plan.shortBytes = Math.max(0, overBudget, underFloor)
  return plan
}
