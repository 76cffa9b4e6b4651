import { createHash } from 'node:crypto'

/**
 * The default store and builder name for a repository: owner and name,
 * joined by `__`, which Gitea, Forgejo and GitHub all refuse inside an owner
 * name, so `org-a/app` and `org-b/app` (or `org/a__b` and `org__a/b`) never
 * share a store or a builder on an instance-wide runner.
 */
export const OWNER_SEPARATOR = '__'
/** A store name: one path segment (at most 100 letters, digits, ., _ or -, not starting with . or -), so nothing named by it lies outside the volume. */
export const REPO_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/
const HASH_LENGTH = 10

/** `owner__repo`; a name that is no valid path segment (too long, odd characters) is cleaned and gets a hash of the original. Undefined without an owner. */
export function repoNameFromRepository(repository: string | undefined): string | undefined {
  const [owner, name, ...rest] = (repository ?? '').trim().split('/')
  if (!owner || !name || rest.length > 0) return undefined
  const joined = `${owner}${OWNER_SEPARATOR}${name}`
  // An owner with `__` (no forge allows one) would make the split ambiguous: it gets the hash too.
  if (!owner.includes(OWNER_SEPARATOR) && REPO_NAME.test(joined)) return joined
  const hash = createHash('sha256').update(`${owner}/${name}`).digest('hex').slice(0, HASH_LENGTH)
  const cleaned = joined
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100 - HASH_LENGTH - 1)
  return `${cleaned || 'repo'}-${hash}`
}

/** The name older releases derived (the repository alone), to point the user at a store made under it. */
export function legacyRepoName(repository: string | undefined): string | undefined {
  const name = (repository ?? '').trim().split('/').pop()
  return name && REPO_NAME.test(name) ? name : undefined
}

/**
 * A store under the repository's bare name (what older releases derived) is
 * never read by default: on an instance-wide runner another owner's
 * repository of the same name may have made it. The notice says how to adopt
 * it when it is the repository's own. Undefined when there is nothing to say.
 */
export function legacyStoreNotice(volumePath: string, repository: string | undefined, current: string, isStore: (dir: string) => boolean): string | undefined {
  const legacy = legacyRepoName(repository)
  if (!legacy || legacy === current) return undefined
  const legacyDir = `${volumePath}/${legacy}`
  const currentDir = `${volumePath}/${current}`
  if (!isStore(legacyDir) || isStore(currentDir)) return undefined
  return (
    `A store made under the old default name exists at ${legacyDir} and is not read: stores are now named for owner and repository (${current}), ` +
    `so another owner's '${legacy}' cannot be read. If it is this repository's, adopt it once with: mv ${legacyDir} ${currentDir}`
  )
}
