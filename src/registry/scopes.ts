import type { Lookup, RegistryClient } from './client.js'

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

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12)

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
    return { row: `unchanged at ${taggedRef} (${short(after.digest)}): nothing new to export, or the export failed (the build log tells which)` }
  }
  const verb = before === undefined ? 'present' : before === '' ? 'written' : 'updated'
  return { row: `${verb} at ${taggedRef} (${short(after.digest)})` }
}

export type ScopeDeletion =
  | { state: 'deleted'; digest: string; tagOnly: boolean }
  | { state: 'would-delete'; digest: string; sharedWith?: string }
  | { state: 'absent' }
  /** Left in place on purpose; `reason` says why. */
  | { state: 'kept'; reason: string }
  /** The registry could not be asked or said no: the caller warns, never fails. */
  | { state: 'failed'; problem: string }

/**
 * Deletes a closed pull request's tag: resolve it, then DELETE its manifest by
 * digest. A registry deletes every tag of a manifest it deletes, so when a
 * `protect`ed scope (the base branch) points at the same manifest only the tag
 * itself is deleted, where the registry supports that, and otherwise nothing.
 */
export async function deleteScope(
  client: Pick<RegistryClient, 'resolve' | 'deleteManifest' | 'deleteTag'>,
  tag: string,
  protect: string[],
  dryRun: boolean
): Promise<ScopeDeletion> {
  const lookup = await client.resolve(tag)
  if (lookup.state === 'failed') return { state: 'failed', problem: lookup.problem }
  if (lookup.state === 'absent') return { state: 'absent' }
  const { digest } = lookup
  let sharedWith: string | undefined
  for (const other of protect.filter((name) => name !== tag)) {
    const found = await client.resolve(other)
    if (found.state === 'failed') return { state: 'failed', problem: `${found.problem} (while checking that ${other} does not share the manifest)` }
    if (found.state === 'found' && found.digest === digest) {
      sharedWith = other
      break
    }
  }
  if (dryRun) return { state: 'would-delete', digest, ...(sharedWith ? { sharedWith } : {}) }
  if (sharedWith) {
    const byTag = await client.deleteTag(tag)
    if (byTag.state === 'deleted') return { state: 'deleted', digest, tagOnly: true }
    return {
      state: 'kept',
      reason: `it points at the same manifest as ${sharedWith}, and this registry deletes manifests only by digest, which would delete ${sharedWith} too`
    }
  }
  const deletion = await client.deleteManifest(digest)
  switch (deletion.state) {
    case 'deleted':
    case 'absent':
      return { state: 'deleted', digest, tagOnly: false }
    case 'refused':
    case 'failed':
      return { state: 'failed', problem: deletion.problem }
  }
}
