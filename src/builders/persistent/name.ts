import { createHash } from 'node:crypto'
import { builderOfContainer } from '../buildx-names.js'

/**
 * The persistent builder's name and what Docker calls its parts.
 *
 * The name is `cachekeeper-<repo>`: one builder per repository (a shared
 * BuildKit lets one repository's build poison another's cache), never
 * setup-buildx's generated `builder-<uuid>` (pruning would take it), and a
 * prefix that marks what this action made, so only those are ever removed.
 */
const PREFIX = 'cachekeeper-'
export const PERSISTENT_BUILDER = /^cachekeeper-[a-z0-9][a-z0-9_-]{0,62}$/
// Docker allows longer container names; this keeps `buildx_buildkit_<name>0_state` readable in `docker ps`.
const MAX_REPO_PART = 40

/** The builder name for a repo-name: lowercase, buildx-valid; a changed or shortened name gets a hash so two repos never share one. */
export function persistentBuilderName(repoName: string): string {
  const cleaned = repoName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
  const exact = cleaned === repoName && cleaned.length > 0 && cleaned.length <= MAX_REPO_PART
  if (exact) return PREFIX + cleaned
  const hash = createHash('sha256').update(repoName).digest('hex').slice(0, 8)
  const head = cleaned.slice(0, MAX_REPO_PART - 9).replace(/[-_]+$/, '')
  return PREFIX + (head ? `${head}-${hash}` : hash)
}

export function isPersistentBuilder(name: string): boolean {
  return PERSISTENT_BUILDER.test(name)
}

/** The builder whose node container this is, or undefined for anything else (docker's name filter matches substrings). */
export function builderOfNode(container: string): string | undefined {
  const name = builderOfContainer(container)
  return name !== undefined && isPersistentBuilder(name) ? name : undefined
}
