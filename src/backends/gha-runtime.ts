import type { CacheEntries } from './cache-entries.js'
import { isGiteaLike } from '../config/runner-platform.js'

/** A line for the job log; the phase picks the runner call by level. */
export interface PlanMessage {
  level: 'info' | 'notice' | 'warning'
  text: string
}

/** What this job may do with the runner's gha cache service. */
export interface GhaAccess {
  read: boolean
  write: boolean
  messages: PlanMessage[]
}

const FIX = "use cache-mode 'local' (a runner volume) or 'registry' (with registry-ref)"

/**
 * Why gha cannot work here, or undefined when it can. buildx fills an entry's
 * token and url from ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL
 * and silently drops the entry when either is missing, on any runner.
 */
export function ghaUnavailableReason(env: NodeJS.ProcessEnv, nowMs = Date.now()): string | undefined {
  const missing = [
    ...(env.ACTIONS_RUNTIME_TOKEN ? [] : ['ACTIONS_RUNTIME_TOKEN']),
    ...(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL ? [] : ['ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL'])
  ]
  if (missing.length === 0) {
    const problem = runtimeTokenProblem(env.ACTIONS_RUNTIME_TOKEN ?? '', nowMs)
    if (!problem) return undefined
    return `cache-mode 'gha' needs a runtime token BuildKit accepts, but ACTIONS_RUNTIME_TOKEN ${problem}. BuildKit checks it when it configures the gha cache, before ignore-error applies, so the build would fail; ${FIX}`
  }
  return `cache-mode 'gha' needs the runner's cache service, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (the runner serves no cache), and buildx would silently skip the cache; ${FIX}`
}

/** A JWT's part decoded as a JSON object, or undefined. */
function jwtPart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined || !/^[A-Za-z0-9_-]+$/.test(part)) return undefined
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function tokenClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  return parts.length === 3 && jwtPart(parts[0]) ? jwtPart(parts[1]) : undefined
}

/** The token's cache scopes (its `ac` claim, a JSON list in a string), or undefined when unreadable. */
function tokenScopes(claims: Record<string, unknown>): unknown {
  try {
    return typeof claims.ac === 'string' ? JSON.parse(claims.ac) : undefined
  } catch {
    return undefined
  }
}

/**
 * BuildKit's gha importer reads a cache index only for the scopes the token
 * lists (cache/remotecache/gha/gha.go, Resolve over cache.Scopes()): with an
 * empty list the job exports and never imports, every build cold. Runners
 * mint tokens with a scope (act_runner: `[{"Scope":"","Permission":2}]`).
 */
export function runtimeTokenWithoutScopes(token: string): boolean {
  const claims = tokenClaims(token)
  const scopes = claims ? tokenScopes(claims) : undefined
  return Array.isArray(scopes) && scopes.length === 0
}

/**
 * Why BuildKit would refuse this runtime token, or undefined. The checks of
 * go-actions-cache's New (vendored by BuildKit v0.32.2 at
 * vendor/github.com/tonistiigi/go-actions-cache/cache.go, lines 118-160), which
 * BuildKit runs when it configures a gha importer or exporter, before
 * ignore-error applies: any of them fails the whole build. The token itself is
 * never put in a message.
 */
export function runtimeTokenProblem(token: string, nowMs: number): string | undefined {
  const claims = tokenClaims(token)
  if (!claims)
    return 'is not a JWT (three base64url parts, the first two JSON): a runner that hands the job a token its server did not mint, as gitea-runner exec does'
  if (!Array.isArray(tokenScopes(claims))) return 'carries no access controls BuildKit can read (its ac claim)'
  if (typeof claims.exp !== 'number') return 'has no expiry time (its exp claim)'
  if (claims.exp * 1000 < nowMs) return `expired at ${new Date(claims.exp * 1000).toISOString()}`
  if (typeof claims.nbf !== 'number') return 'has no issue time (its nbf claim)'
  if (claims.nbf * 1000 > nowMs) return `is issued in the future (${new Date(claims.nbf * 1000).toISOString()}): check this host's clock`
  return undefined
}

/** The cache service URL buildx will talk to: v2's results service when the runner turned it on, else the v1 cache URL. */
function serviceUrl(env: NodeJS.ProcessEnv): string {
  const v2 = /^(1|true)$/i.test(env.ACTIONS_CACHE_SERVICE_V2 ?? '')
  return (v2 ? env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL : env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL) ?? ''
}

/**
 * ACTIONS_CACHE_MODE, the job-level `cache-mode` of a workflow (GitHub,
 * generally available 2026-09-10; `read` by default for low-trust events such
 * as pull_request_target): the workflow author's word on what this job may
 * read and write, honoured for every backend. It only ever takes away: the
 * event allowlist stays the floor. Unset or unknown values allow everything.
 */
const CACHE_MODES: Record<string, Omit<GhaAccess, 'messages'> & { text?: string }> = {
  none: { read: false, write: false, text: 'ACTIONS_CACHE_MODE is none: this job may neither read nor write the cache, so no cache entries are emitted' },
  read: { read: true, write: false, text: 'ACTIONS_CACHE_MODE is read: this job may only read the cache, so no cache-to is emitted' },
  'write-only': { read: false, write: true, text: 'ACTIONS_CACHE_MODE is write-only: this job may only write the cache, so no cache-from is emitted' },
  write: { read: true, write: true }
}

/** What the job's ACTIONS_CACHE_MODE allows, with its one log line. */
export function jobCacheMode(env: NodeJS.ProcessEnv): Omit<GhaAccess, 'messages'> & { text?: string } {
  return Object.hasOwn(CACHE_MODES, env.ACTIONS_CACHE_MODE ?? '') ? CACHE_MODES[env.ACTIONS_CACHE_MODE ?? ''] : { read: true, write: true }
}

/** What gha may do in this job, with the lines to log. Call only where ghaUnavailableReason found nothing. */
export function ghaAccess(env: NodeJS.ProcessEnv): GhaAccess {
  const messages: PlanMessage[] = []
  if (isGiteaLike(env)) {
    // act_runner's cache server listens on the runner host; a docker-container builder runs in its own network.
    messages.push({
      level: 'notice',
      text: `cache-mode 'gha' uses the runner's cache server at ${serviceUrl(env)}: the BuildKit builder must be able to reach that URL`
    })
  }
  if (runtimeTokenWithoutScopes(env.ACTIONS_RUNTIME_TOKEN ?? '')) {
    messages.push({
      level: 'warning',
      text: "ACTIONS_RUNTIME_TOKEN grants no cache scope (its ac claim is an empty list): BuildKit imports a gha cache only for the scopes the token lists, so this job's builds start cold; use a runner that mints scoped tokens, or cache-mode 'local' or 'registry'"
    })
  }
  const mode = jobCacheMode(env)
  if (mode.text) messages.push({ level: 'info', text: mode.text })
  return { read: mode.read, write: mode.write, messages }
}

/** Drops the entries the runner's cache token does not allow. */
export function allowedEntries(entries: CacheEntries, access: Pick<GhaAccess, 'read' | 'write'>): CacheEntries {
  return { cacheFrom: access.read ? entries.cacheFrom : [], cacheTo: access.write ? entries.cacheTo : [] }
}
