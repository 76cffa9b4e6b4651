import { createHash } from 'node:crypto'

export const MAX_TAG_LENGTH = 128
const VALID_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
const HASH_LENGTH = 10

export function isValidTag(text: string): boolean {
  return VALID_TAG.test(text)
}

/**
 * Maps any scope name to a valid OCI tag. A valid name maps to itself; any
 * other name is cleaned and gets a short hash of the original, so
 * `feature/a` and `feature-a` never share a tag.
 */
export function toTag(name: string): string {
  if (isValidTag(name)) return name
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH)
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_TAG_LENGTH - HASH_LENGTH - 1)
    .replace(/[.-]+$/, '')
  return cleaned ? `${cleaned}-${hash}` : `_${hash}`
}
