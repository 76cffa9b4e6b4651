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
