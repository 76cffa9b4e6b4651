import { configureProblem, REQUIRED_OPTIONS } from './configure-checks.js'
import { InputError } from './input-error.js'

/**
 * What happens to a `cache-options` key that the action also writes in some
 * entry. BuildKit keeps whichever copy of a repeated key it reads last, so a
 * key is never emitted twice: it is either refused at input time, naming the
 * input that controls it, or the user's value replaces the action's in place.
 *
 * - Refused: `type`, `src`, `dest`, `tag`, `ref`, `scope` and `name` say
 *   where the cache lives. The action derives them from cache-mode,
 *   volume-path, registry-ref, repo-name, scope and key, and the store, the
 *   snapshot and the scope fallbacks rely on them; they are refused in every
 *   mode (in a backend that does not use one, it is a sign of a mix-up).
 * - Refused: `mode` and `ignore-error` have inputs of their own.
 * - Overridable (`true` or `false`): `image-manifest` and `oci-mediatypes`.
 *   The registry mode writes both `true` (the fix for `400 Bad request` on
 *   export), but a registry that refuses OCI image manifests needs them off.
 *   BuildKit refuses an image manifest without OCI media types, so that pair
 *   is refused too.
 */
export const ACTION_ATTRIBUTES: Readonly<Record<string, { refused: string } | { overridable: readonly string[] }>> = {
  type: { refused: "the backend is chosen by the input 'cache-mode'" },
  src: { refused: "the local store is found from the inputs 'volume-path' and 'repo-name'" },
  dest: { refused: "the local store is found from the inputs 'volume-path' and 'repo-name'" },
  tag: { refused: "the tag is the scope, from the inputs 'scope' and 'key'" },
  ref: { refused: "the reference is the input 'registry-ref' with the scope as its tag" },
  scope: { refused: "the gha scope is <repo-name>-<scope>, from the inputs 'repo-name', 'scope' and 'key'" },
  name: { refused: "the s3 name is <repo-name>-<scope>, from the inputs 'repo-name', 'scope' and 'key'" },
  mode: { refused: "use the input 'mode' (max or min)" },
  'ignore-error': { refused: "use the input 'ignore-error' (true or false)" },
  'image-manifest': { overridable: ['true', 'false'] },
  'oci-mediatypes': { overridable: ['true', 'false'] }
}

// A cache option's key is BuildKit's attribute name; its value may not carry
// the separators of the entry it is appended to.
const OPTION_KEY = /^[a-z][a-z0-9_-]*$/
const OPTION_VALUE = /^[^,\s"]*$/

/** One `key=value` item, checked on its own and against the keys before it. */
function parseOption(item: string, pairs: ReadonlyArray<[string, string]>): [string, string] {
  const eq = item.indexOf('=')
  const key = eq > 0 ? item.slice(0, eq).trim() : ''
  const value = eq > 0 ? item.slice(eq + 1).trim() : ''
  if (!OPTION_KEY.test(key) || !OPTION_VALUE.test(value)) {
    throw new InputError('cache-options', item, 'key=value attributes, one per line or comma-separated, without spaces or quotes, are allowed')
  }
  if (value === '') throw new InputError('cache-options', item, `${key} needs a value after '='; leave ${key} out to get BuildKit's default`)
  if (pairs.some(([seen]) => seen === key)) throw new InputError('cache-options', item, `${key} is given twice; give each key once`)
  const policy = ACTION_ATTRIBUTES[key]
  if (policy && 'refused' in policy) throw new InputError('cache-options', item, `${key} is set by the action itself: ${policy.refused}`)
  if (policy && !policy.overridable.includes(value)) {
    throw new InputError('cache-options', item, `${key} overrides the action's value and must be ${policy.overridable.join(' or ')}`)
  }
  const problem = configureProblem(key, value)
  if (problem) throw new InputError('cache-options', item, problem)
  return [key, value]
}

/** What the items say together: an image manifest needs OCI media types; a backend's required keys are there. */
function checkTogether(given: Map<string, string>, cacheMode: string, text: string): void {
  // Registry mode writes image-manifest=true unless overridden.
  const imageManifest = given.get('image-manifest') ?? (cacheMode === 'registry' || cacheMode === 'local+registry' ? 'true' : undefined)
  if (given.get('oci-mediatypes') === 'false' && imageManifest === 'true') {
    const pair = given.has('image-manifest') ? 'image-manifest=true,oci-mediatypes=false' : 'oci-mediatypes=false'
    throw new InputError(
      'cache-options',
      pair,
      'BuildKit needs OCI media types for an image manifest: with oci-mediatypes=false also give image-manifest=false'
    )
  }
  const missing = (REQUIRED_OPTIONS[cacheMode] ?? []).filter((key) => !given.has(key))
  if (missing.length > 0) {
    throw new InputError(
      'cache-options',
      text.trim(),
      `cache-mode ${cacheMode} needs ${missing.map((key) => `${key}=`).join(' and ')}: BuildKit otherwise looks in its own environment, which the builder does not share with the job, and fails the build when it configures the cache, before ignore-error applies`
    )
  }
}

/** Attributes for every entry; keys the action writes itself are refused or overridden as ACTION_ATTRIBUTES decides. */
export function cacheOptions(text: string, cacheMode: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  const items = text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter(Boolean)
  for (const item of items) pairs.push(parseOption(item, pairs))
  checkTogether(new Map(pairs), cacheMode, text)
  return pairs
}
