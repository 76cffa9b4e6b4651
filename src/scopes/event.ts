import { toTag } from './tag.js'

/** What the runner tells a job about its trigger (GITHUB_* variables and the event payload). */
export interface EventContext {
  eventName: string
  ref: string
  refName: string
  baseRef: string
  payload: EventPayload
}

export interface EventPayload {
  /** What happened to the pull request (`opened`, `synchronize`, `closed`, ...). */
  action?: string
  number?: number
  pull_request?: { number?: number; base?: { ref?: string } }
  repository?: { default_branch?: string }
}

export interface ScopeOverrides {
  scope?: string
  fallbackScopes?: string[]
  key?: string
}

export interface ScopePlan {
  /** Tag this job writes; undefined for read-only events (tag pushes). */
  write?: string
  /** Tags read after `write`, in order, without duplicates. */
  read: string[]
  /** Tag of the default branch (evicted last by retention). */
  defaultBranch: string
  /** Why the scope is what it is, for the log. */
  reason: string
  /** A closed pull request's scope, to delete; the job then writes and reads nothing, and `read` lists the scopes to protect. */
  remove?: string
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])
// The events whose `closed` action ends a pull request (a review's payload has no such action).
const PULL_REQUEST_CLOSING_EVENTS = new Set(['pull_request', 'pull_request_target'])
// A guess only: a tag that is not in the store is never listed, so a wrong guess costs nothing.
const ASSUMED_DEFAULT_BRANCH = 'main'

function branchOf(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined
}

function pullRequestNumber(context: EventContext): string | undefined {
  const fromPayload = context.payload.pull_request?.number ?? context.payload.number
  if (fromPayload !== undefined) return String(fromPayload)
  const fromRef = /^refs\/pull\/(\d+)\//.exec(context.ref)
  if (fromRef) return fromRef[1]
  // act_runner sets GITHUB_REF_NAME to the pull request's number.
  return /^\d+$/.test(context.refName) ? context.refName : undefined
}

function withKey(key: string | undefined, scope: string): string {
  return toTag(key ? `${key}-${scope}` : scope)
}

/** Scope rules of DESIGN section 4; a pull request never writes a branch scope. */
export function planScopes(context: EventContext, overrides: ScopeOverrides = {}): ScopePlan {
  const defaultBranch = context.payload.repository?.default_branch || ASSUMED_DEFAULT_BRANCH
  let write: string | undefined
  let read: string[]
  let reason: string

  if (PULL_REQUEST_EVENTS.has(context.eventName)) {
    const number = pullRequestNumber(context)
    const base = context.baseRef || context.payload.pull_request?.base?.ref || ''
    write = number ? `pr-${number}` : undefined
    read = [base, defaultBranch]
    reason = number ? `pull request #${number} into ${base || 'unknown base'}` : 'pull request without a number: read-only'
  } else if (context.ref.startsWith('refs/tags/')) {
    read = [defaultBranch]
    reason = `tag ${context.ref.slice('refs/tags/'.length)}: read-only`
  } else {
    write = branchOf(context.ref)
    read = [defaultBranch]
    reason = write ? `${context.eventName || 'event'} on branch ${write}` : `${context.eventName || 'event'} on ${context.ref || 'no ref'}: read-only`
  }

  if (PULL_REQUEST_CLOSING_EVENTS.has(context.eventName) && context.payload.action === 'closed') {
    return closedPullRequest(context, defaultBranch, overrides)
  }

  if (overrides.scope) {
    write = overrides.scope
    reason += `; scope set by input`
  }
  if (overrides.fallbackScopes) {
    read = overrides.fallbackScopes
    reason += '; fallback scopes set by input'
  }

  const writeTag = write ? withKey(overrides.key, write) : undefined
  const readTags = [...new Set(read.filter(Boolean).map((scope) => withKey(overrides.key, scope)))].filter((tag) => tag !== writeTag)
  return { write: writeTag, read: readTags, defaultBranch: withKey(overrides.key, defaultBranch), reason }
}

/**
 * A closed pull request writes nothing and deletes its own `pr-N` scope. The
 * `scope` input is not honoured here: a workflow that sets one scope for every
 * job must not lose it when a pull request closes.
 */
function closedPullRequest(context: EventContext, defaultBranch: string, overrides: ScopeOverrides): ScopePlan {
  const number = pullRequestNumber(context)
  const base = context.baseRef || context.payload.pull_request?.base?.ref || ''
  const read = [...new Set((overrides.fallbackScopes ?? [base, defaultBranch]).filter(Boolean).map((scope) => withKey(overrides.key, scope)))]
  const remove = number ? withKey(overrides.key, `pr-${number}`) : undefined
  return {
    write: undefined,
    read: read.filter((tag) => tag !== remove),
    defaultBranch: withKey(overrides.key, defaultBranch),
    reason: number ? `pull request #${number} closed: its scope is deleted` : 'closed pull request without a number: nothing to delete',
    ...(remove ? { remove } : {})
  }
}
