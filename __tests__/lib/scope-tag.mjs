import { createHash } from 'node:crypto'

/**
 * The tag the action gives a scope for a bake target (and key), written out
 * apart from src/scopes/tag.ts so the suites hold the bundle to the rule:
 * the readable names, `_`, then 16 hex of sha256 over the JSON tuple.
 */
export function scopeTag(scope, { key, target } = {}) {
  if (!key && !target) return scope
  const hash = createHash('sha256')
    .update(JSON.stringify([key ?? null, target ?? null, scope]))
    .digest('hex')
    .slice(0, 16)
  return `${[key, target, scope].filter(Boolean).join('-')}_${hash}`
}
