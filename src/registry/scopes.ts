import { shortDigest } from '../oci/manifest.js'
import type { Deletion, Lookup, RegistryClient } from './client.js'
import { inPool } from './pool.js'

/** The scopes main found in the registry, in the order BuildKit reads them. */
export interface ScopeLookup {
  /** First listed tag that exists; undefined when none does (cold) or the registry could not be asked. */
  restored?: string
  /** Digest of the written tag before the build: '' when absent, undefined when unknown. */
  writeDigest?: string
  /** Why the registry could not be asked; the caller warns once. */
  problem?: string
}

/**
 * Resolves `tags` in order until one exists. The first failure ends the walk:
 * a registry that cannot be reached or refuses us will not answer the next tag either.
 */
export async function lookUpScopes(client: Pick<RegistryClient, 'resolve'>, tags: string[], writeTag: string | undefined): Promise<ScopeLookup> {
  const result: ScopeLookup = {}
  for (const tag of tags) {
    const lookup = await client.resolve(tag)
    if (lookup.state === 'failed') return { ...result, problem: lookup.problem }
    if (tag === writeTag) result.writeDigest = lookup.state === 'found' ? lookup.digest : ''
    if (lookup.state === 'found') return { ...result, restored: tag }
  }
  return result
}

/** What post says about this job's cache export, judged from the tag before (main) and after the build. */
export interface ExportVerdict {
  /** For the user to act on: nothing arrived, or nothing could be checked. */
  warning?: string
  /** The line for the log table. */
  row: string
}

export function judgeExport(taggedRef: string, before: string | undefined, after: Lookup): ExportVerdict {
  if (after.state === 'failed') {
    const row = `not checked: ${after.problem}`
    return {
      row,
      warning: `The cache export to ${taggedRef} could not be checked (${after.problem}); if the builder could not reach or log in to the registry either, nothing was cached and the next build runs cold`
    }
  }
  if (after.state === 'absent') {
    return {
      row: `missing: no cache arrived at ${taggedRef}`,
      warning: `No cache arrived at ${taggedRef}: the cache export failed or did not run (a failed build, or a builder that cannot reach or log in to the registry; the build log's "exporting cache" step says which). The next build with this scope runs cold`
    }
  }
  if (before === after.digest) {
    // BuildKit re-exports a warm build's cache, often byte for byte: the same digest is what a build with nothing new leaves too.
    return { row: `unchanged at ${taggedRef} (${shortDigest(after.digest)}): nothing new to export, or the export failed (the build log tells which)` }
  }
  const verb = before === undefined ? 'present' : before === '' ? 'written' : 'updated'
  return { row: `${verb} at ${taggedRef} (${shortDigest(after.digest)})` }
}

/** More tags than this are not resolved one by one: the manifest is then kept, never deleted on a guess. */
export const MAX_TAGS_RESOLVED = 1000
// Resolutions in flight at once (inPool).
const RESOLVE_CONCURRENCY = 8

type DeletingClient = Pick<RegistryClient, 'resolve' | 'listTags' | 'deleteManifest' | 'deleteTag'>

export type Sharing = { state: 'known'; tags: string[] } | { state: 'unknown'; problem: string }

/** The tags a deletion is asked for: one (post, an ended scope), several (the CLI), or none (a superseded manifest). */
type Own = string | readonly string[] | undefined
const ownTags = (own: Own): readonly string[] => (own === undefined ? [] : typeof own === 'string' ? [own] : own)

/** Which tags other than `own` point at `digest`; anything the registry does not answer makes it unknown. */
export async function tagsSharing(client: Pick<RegistryClient, 'resolve' | 'listTags'>, digest: string, own: Own, limit = MAX_TAGS_RESOLVED): Promise<Sharing> {
  const list = await client.listTags(limit)
  if (list.state === 'failed') return { state: 'unknown', problem: list.problem }
  if (list.truncated) return { state: 'unknown', problem: `the repository holds more than ${limit} tags, more than the action resolves` }
  const owned = ownTags(own)
  const others = list.tags.filter((tag) => !owned.includes(tag))
  // One failure makes the answer unknown: no further tag is asked.
  const lookups = await inPool(
    others,
    RESOLVE_CONCURRENCY,
    (tag) => client.resolve(tag),
    (lookup) => lookup.state === 'failed'
  )
  const failed = lookups.findIndex((lookup) => lookup?.state === 'failed')
  const failure = lookups[failed]
  if (failure?.state === 'failed') return { state: 'unknown', problem: `${failure.problem} (while resolving ${others[failed]})` }
  // A tag gone since the list was read no longer holds the manifest.
  return { state: 'known', tags: others.filter((_tag, i) => lookups[i]?.state === 'found' && lookups[i].digest === digest) }
}

export type ManifestRemoval =
  /** `tagOnly`: the registry deleted `own` and left the manifest to the tags that share it. */
  | { state: 'deleted'; digest: string; tagOnly: boolean }
  | { state: 'would-delete'; digest: string; sharedWith: string[] }
  | { state: 'absent' }
  /** Left in place on purpose; `reason` says why. `heldByOthers`: tags not asked for still point at it, the rule at work, nothing to warn of. */
  | { state: 'kept'; digest: string; reason: string; heldByOthers?: true }
  /** The registry answered and said no; `hint` names the way out where there is a known one. */
  | { state: 'refused'; digest: string; problem: string; hint?: string }
  | { state: 'failed'; digest?: string; problem: string }

const listOf = (tags: string[]) => (tags.length > 5 ? `${tags.slice(0, 5).join(', ')} and ${tags.length - 5} more` : tags.join(', '))

/** What a user can do about a registry that refuses deletes; undefined where the refusal is a permission (401/403). */
export function refusalHint(deletion: Extract<Deletion, { state: 'refused' }>): string | undefined {
  if (deletion.status !== 405 && !/UNSUPPORTED/.test(deletion.problem)) return undefined
  return 'a distribution registry (docker-registry, registry:2) deletes with REGISTRY_STORAGE_DELETE_ENABLED=true (storage.delete.enabled: true); GHCR deletes package versions only through the GitHub API'
}

/**
 * Deletes the manifest `digest` unless a tag other than `own` points at it: a
 * registry deleting a manifest drops every tag on it, and those may be the
 * user's images. When others share it, only `own` is deleted, where the
 * registry supports deleting a tag (OCI distribution 1.1), else nothing.
 * Tags that cannot be listed or resolved keep the manifest: never delete on a guess.
 */
export async function removeManifest(client: DeletingClient, digest: string, own: Own, dryRun: boolean): Promise<ManifestRemoval> {
  const sharing = await tagsSharing(client, digest, own)
  if (sharing.state === 'unknown') {
    return { state: 'kept', digest, reason: `the tags that may share its manifest could not be checked (${sharing.problem})` }
  }
  const shared = sharing.tags
  const owned = ownTags(own)
  // Before the dry run: a manifest others hold, with no tag of its own to go, is kept by a real run too.
  if (shared.length > 0 && owned.length === 0) return { state: 'kept', digest, reason: `${listOf(shared)} still point at it`, heldByOthers: true }
  if (dryRun) return { state: 'would-delete', digest, sharedWith: shared }
  if (shared.length > 0) {
    // Tag by tag; a registry of the older API refuses the first, and then none is gone.
    for (const tag of owned) {
      const byTag = await client.deleteTag(tag)
      if (byTag.state === 'deleted' || byTag.state === 'absent') continue
      const gone = owned.slice(0, owned.indexOf(tag))
      return {
        state: 'kept',
        digest,
        reason:
          `it points at the same manifest as ${listOf(shared)}, and this registry deletes manifests only by digest, which would delete ${shared.length > 1 ? 'those tags' : shared[0]} too` +
          (gone.length > 0 ? ` (the tags ${gone.join(', ')} were deleted)` : '')
      }
    }
    return { state: 'deleted', digest, tagOnly: true }
  }
  const deletion = await client.deleteManifest(digest)
  switch (deletion.state) {
    case 'deleted':
    case 'absent':
      return { state: 'deleted', digest, tagOnly: false }
    case 'refused': {
      const hint = refusalHint(deletion)
      return { state: 'refused', digest, problem: deletion.problem, ...(hint ? { hint } : {}) }
    }
    case 'failed':
      return { state: 'failed', digest, problem: deletion.problem }
  }
}

/** A closed pull request's tag: resolved, then its manifest removed by the rule of removeManifest. */
export async function deleteScope(client: DeletingClient, tag: string, dryRun: boolean): Promise<ManifestRemoval> {
  const lookup = await client.resolve(tag)
  if (lookup.state === 'failed') return { state: 'failed', problem: lookup.problem }
  if (lookup.state === 'absent') return { state: 'absent' }
  return removeManifest(client, lookup.digest, tag, dryRun)
}

/** One scope the CLI was asked to remove, and what became of it (scopes sharing a manifest share one outcome). */
export interface ScopeRemoval {
  tag: string
  removal: ManifestRemoval
}

/**
 * Scopes removed on request, by the rule of removeManifest. Requested tags on one
 * manifest are removed together: the manifest goes by digest when no tag outside
 * the request points at it, since every tag it would take with it was asked for.
 */
export async function removeScopes(client: DeletingClient, tags: readonly string[], dryRun: boolean): Promise<ScopeRemoval[]> {
  const outcomes = new Map<string, ManifestRemoval>()
  const byDigest = new Map<string, string[]>()
  for (const tag of new Set(tags)) {
    const lookup = await client.resolve(tag)
    if (lookup.state === 'found') byDigest.set(lookup.digest, [...(byDigest.get(lookup.digest) ?? []), tag])
    else outcomes.set(tag, lookup.state === 'absent' ? { state: 'absent' } : { state: 'failed', problem: lookup.problem })
  }
  for (const [digest, group] of byDigest) {
    const removal = await removeManifest(client, digest, group, dryRun)
    for (const tag of group) outcomes.set(tag, removal)
  }
  return [...new Set(tags)].map((tag) => ({ tag, removal: outcomes.get(tag) ?? { state: 'absent' } }))
}
