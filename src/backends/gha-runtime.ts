import type { CacheEntries } from './cache-entries.js'
import { isGiteaLike } from '../config/runner-platform.js'

/** A line for the job log; the phase picks the runner call by level. */
export interface PlanMessage {
  level: 'info' | 'notice'
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
export function ghaUnavailableReason(env: NodeJS.ProcessEnv): string | undefined {
  const missing = [
    ...(env.ACTIONS_RUNTIME_TOKEN ? [] : ['ACTIONS_RUNTIME_TOKEN']),
    ...(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL ? [] : ['ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL'])
  ]
  if (missing.length === 0) return undefined
  return `cache-mode 'gha' needs the runner's cache service, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set (the runner serves no cache), and buildx would silently skip the cache; ${FIX}`
}

/** The cache service URL buildx will talk to: v2's results service when the runner turned it on, else the v1 cache URL. */
function serviceUrl(env: NodeJS.ProcessEnv): string {
  const v2 = /^(1|true)$/i.test(env.ACTIONS_CACHE_SERVICE_V2 ?? '')
  return (v2 ? env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL : env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL) ?? ''
}

/** ACTIONS_CACHE_MODE as GitHub's runner sets it (actions/toolkit#2447); unset or unknown values allow everything. */
const CACHE_MODES: Record<string, Omit<GhaAccess, 'messages'> & { text?: string }> = {
  none: { read: false, write: false, text: 'ACTIONS_CACHE_MODE is none: this job may neither read nor write the gha cache, so no gha entries are emitted' },
  read: { read: true, write: false, text: 'ACTIONS_CACHE_MODE is read: this job may only read the gha cache, so no cache-to is emitted' },
  'write-only': { read: false, write: true, text: 'ACTIONS_CACHE_MODE is write-only: this job may only write the gha cache, so no cache-from is emitted' },
  write: { read: true, write: true }
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
  const mode = Object.hasOwn(CACHE_MODES, env.ACTIONS_CACHE_MODE ?? '') ? CACHE_MODES[env.ACTIONS_CACHE_MODE ?? ''] : undefined
  if (mode?.text) messages.push({ level: 'info', text: mode.text })
  return { read: mode?.read ?? true, write: mode?.write ?? true, messages }
}

/** Drops the entries the runner's cache token does not allow. */
export function allowedEntries(entries: CacheEntries, access: Pick<GhaAccess, 'read' | 'write'>): CacheEntries {
  return { cacheFrom: access.read ? entries.cacheFrom : [], cacheTo: access.write ? entries.cacheTo : [] }
}
