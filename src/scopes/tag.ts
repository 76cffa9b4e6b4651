import { createHash } from 'node:crypto'

export const MAX_TAG_LENGTH = 128
const VALID_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
/**
 * A name kept as it is: no `_` (every other form ends in `_<hash>`, so no
 * plain name can spell one) and room for nothing else. Anything else, a
 * valid tag included, is hashed, or an unprotected branch called
 * `release-1.0-05c07dbfba` could write protected `release/1.0`'s scope.
 */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,127}$/
// 64 bits: a collision between two of a repository's scope names is not a practical worry, unlike the 40 bits once used.
const HASH_LENGTH = 16
const HASH_SUFFIX = new RegExp(`_[0-9a-f]{${HASH_LENGTH}}$`)

export function isValidTag(text: string): boolean {
  return VALID_TAG.test(text)
}

function hashed(readable: string, identity: string): string {
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, HASH_LENGTH)
  const cleaned = readable
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_TAG_LENGTH - HASH_LENGTH - 1)
    .replace(/[.-]+$/, '')
  return `${cleaned || 'x'}_${hash}`
}

/**
 * Maps a scope name to a valid OCI tag, one-to-one: a plain name (letters,
 * digits, `.` and `-`, no `_`) maps to itself; any other name, and any name in
 * `reserved`, to a cleaned form ending in `_` and a hash of the original.
 */
export function toTag(name: string, reserved?: RegExp): string {
  if (PLAIN_NAME.test(name) && !reserved?.test(name)) return name
  return hashed(name, `name:${name}`)
}

/**
 * The tag of a scope for one key and bake target. Without either it is the
 * scope's own tag. With one, the three are hashed as a tuple: `web` on
 * branch `admin-main` and `web-admin` on `main` never share a tag, nor a key
 * and a target of the same name.
 */
export function scopeTag(scope: string, key?: string, target?: string): string {
  if (!key && !target) return scope
  const readable = [key, target, scope.replace(HASH_SUFFIX, '')].filter(Boolean).join('-')
  return hashed(readable, JSON.stringify([key ?? null, target ?? null, scope]))
}
