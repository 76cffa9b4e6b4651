import { eventKind, untrustedReason, type EventKind, type TrustPayload } from './event-policy.js'
import { scopeTag, toTag } from './tag.js'

/** What the runner tells a job about its trigger (GITHUB_* variables and the event payload). */
export interface EventContext {
  eventName: string
  ref: string
  refName: string
  baseRef: string
  payload: EventPayload
}

export interface EventPayload extends TrustPayload {
  /** What happened to the pull request (`opened`, `synchronize`, `closed`, ...). */
  action?: string
  number?: number
  /** `create` and `delete`: the ref's short name and whether it is a branch or a tag. */
  ref?: string
  ref_type?: string
  pull_request?: { number?: number; base?: { ref?: string }; merged?: boolean } & NonNullable<TrustPayload['pull_request']>
  /** `issue_comment`: a pull request's comments arrive as an issue with a `pull_request` field. */
  issue?: { number?: number } & NonNullable<TrustPayload['issue']>
  merge_group?: { base_ref?: string }
  repository?: { default_branch?: string } & NonNullable<TrustPayload['repository']>
}

export interface ScopeOverrides {
  scope?: string
  fallbackScopes?: string[]
  key?: string
  /** The bake target whose scopes these are. */
  target?: string
  /** The repository trusts the code of pull requests (forks included): the scope input then applies to their jobs too. */
  trustPullRequests?: boolean
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
  /** A scope this event ends (a closed pull request's, a deleted branch's); it is deleted and `read` lists the scopes to protect. */
  remove?: string
  /** Why the job may run code the repository did not review; undefined when it runs the repository's own. */
  untrusted?: string
  /** `write` is a branch's scope (or the scope input's), which other hosts may share; false for `pr-N`. */
  writesBranch: boolean
}

// A guess only: a tag that is not in the store is never listed, so a wrong guess costs nothing.
const ASSUMED_DEFAULT_BRANCH = 'main'
// Scope names the action gives a meaning of its own: pull requests' `pr-N`, and the folk recipe's `latest` (read as a last fallback).
const RESERVED_SCOPE = /^(pr-\d+|latest)$/

function branchOf(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined
}

/**
 * A branch's (or the scope input's) name as a scope tag, one-to-one (tag.ts).
 * A branch called `pr-7` or `latest` is hashed too, so closing pull request 7
 * never deletes it and it never collides with a folk-recipe store's tag.
 */
export function branchScope(name: string): string {
  return toTag(name, RESERVED_SCOPE)
}

function pullRequestNumber(context: EventContext): string | undefined {
  const fromPayload = context.payload.pull_request?.number ?? context.payload.number
  if (fromPayload !== undefined) return String(fromPayload)
  const fromRef = /^refs\/pull\/(\d+)\//.exec(context.ref)
  if (fromRef) return fromRef[1]
  // act_runner sets GITHUB_REF_NAME to the pull request's number.
  return /^\d+$/.test(context.refName) ? context.refName : undefined
}

/** What the event itself writes, reads and ends, before inputs apply. */
interface EventScopes {
  write?: string
  read: string[]
  reason: string
  remove?: string
  /** The event ends a scope: the scope input never redirects what it deletes or makes it write. */
  ends?: boolean
}

/** What one kind of event writes, reads and ends; `name` is the event's name for the log, `refBranch` the branch its ref names. */
interface EventFacts {
  context: EventContext
  defaultBranch: string
  name: string
  refBranch?: string
}

function readOnly({ name, refBranch, defaultBranch }: EventFacts, why: string): EventScopes {
  return { read: [refBranch ? branchScope(refBranch) : '', defaultBranch], reason: `${name} ${why}: read-only` }
}

function branchEvent(facts: EventFacts): EventScopes {
  const { context, refBranch, defaultBranch, name } = facts
  if (context.ref.startsWith('refs/tags/')) return { read: [defaultBranch], reason: `tag ${context.ref.slice('refs/tags/'.length)}: read-only` }
  if (!refBranch) return readOnly(facts, `on ${context.ref || 'no ref'}`)
  return { write: branchScope(refBranch), read: [defaultBranch], reason: `${name} on branch ${refBranch}` }
}

/** A pull request (or a review of one) writes pr-N; its closing deletes pr-N. */
function pullRequestEvent({ context, defaultBranch, name }: EventFacts): EventScopes {
  const { payload } = context
  const number = pullRequestNumber(context)
  const base = context.baseRef || payload.pull_request?.base?.ref || ''
  const read = [base ? branchScope(base) : '', defaultBranch]
  if (eventKind(context.eventName) === 'pull-request' && payload.action === 'closed') {
    const how = payload.pull_request?.merged ? 'merged' : 'closed'
    if (!number) return { read, reason: `pull request ${how} without a number: nothing to delete, read-only`, ends: true }
    return { read, remove: `pr-${number}`, reason: `pull request #${number} ${how}: its scope is deleted, read-only`, ends: true }
  }
  if (!number) return { read, reason: `${name} without a pull request number: read-only` }
  return { write: `pr-${number}`, read, reason: `${name} #${number} into ${base || 'unknown base'}` }
}

function commentEvent(facts: EventFacts): EventScopes {
  const { payload } = facts.context
  const onPullRequest = Boolean(payload.issue?.pull_request) || payload.is_pull === true
  const number = payload.pull_request?.number ?? (onPullRequest ? payload.issue?.number : undefined)
  if (number === undefined) return readOnly(facts, 'on an issue')
  return { write: `pr-${number}`, read: [facts.defaultBranch], reason: `comment on pull request #${number}` }
}

/** The default branch's scope is every other branch's fallback: it is never deleted with a branch of the same name elsewhere. */
function branchDeletedEvent({ context, defaultBranch }: EventFacts): EventScopes {
  const { payload } = context
  const deleted = payload.ref_type === 'branch' ? payload.ref : undefined
  if (!deleted) return { read: [], reason: `delete of ${payload.ref_type ?? 'a ref'} ${payload.ref ?? ''}: nothing to delete`.replace(/ +:/, ':'), ends: true }
  if (branchScope(deleted) === defaultBranch) return { read: [], reason: `branch ${deleted} deleted: the default branch's scope is kept`, ends: true }
  return { read: [defaultBranch], remove: branchScope(deleted), reason: `branch ${deleted} deleted: its scope is deleted`, ends: true }
}

function mergeGroupEvent({ context, defaultBranch }: EventFacts): EventScopes {
  const base = branchOf(context.payload.merge_group?.base_ref ?? '')
  return { read: [base ? branchScope(base) : '', defaultBranch], reason: `merge_group into ${base ?? 'unknown base'}: read-only` }
}

const EVENT_SCOPES: Record<EventKind, (facts: EventFacts) => EventScopes> = {
  branch: branchEvent,
  'pull-request': pullRequestEvent,
  'pull-request-review': pullRequestEvent,
  comment: commentEvent,
  'branch-deleted': branchDeletedEvent,
  'merge-group': mergeGroupEvent,
  'read-only': (facts) => readOnly(facts, facts.refBranch ? `on branch ${facts.refBranch}` : `on ${facts.context.ref || 'no ref'}`)
}

function eventScopes(context: EventContext, defaultBranch: string): EventScopes {
  const name = context.eventName || 'a job whose runner sent no event name'
  return EVENT_SCOPES[eventKind(context.eventName)]({ context, defaultBranch, name, refBranch: branchOf(context.ref) })
}

/**
 * Scope rules of DESIGN section 4: which event may write which scope is the
 * allowlist of event-policy.ts; a pull request never writes a branch scope,
 * and a job that may run a fork's code never writes the scope input's name
 * unless the repository trusts pull requests.
 */
export function planScopes(context: EventContext, overrides: ScopeOverrides = {}): ScopePlan {
  const defaultBranch = branchScope(context.payload.repository?.default_branch || ASSUMED_DEFAULT_BRANCH)
  const untrusted = untrustedReason(context.eventName, context.payload)
  const event = eventScopes(context, defaultBranch)
  let { write, read, reason } = event
  let writesBranch = write !== undefined && eventKind(context.eventName) === 'branch'

  if (overrides.fallbackScopes) {
    read = overrides.fallbackScopes.map(branchScope)
    reason += '; fallback scopes set by input'
  }
  if (overrides.scope && event.ends) {
    reason += '; scope input not used: this event only deletes and reads'
  } else if (overrides.scope && untrusted && !overrides.trustPullRequests) {
    reason += `; scope input not used: ${untrusted} (trust-pull-requests is false)`
  } else if (overrides.scope) {
    write = branchScope(overrides.scope)
    writesBranch = true
    reason += '; scope set by input'
  }

  const withKey = (scope: string) => scopeTag(scope, overrides.key, overrides.target)
  const writeTag = write ? withKey(write) : undefined
  const remove = event.remove ? withKey(event.remove) : undefined
  const readTags = [...new Set(read.filter(Boolean).map(withKey))].filter((tag) => tag !== writeTag && tag !== remove)
  return {
    write: writeTag,
    read: readTags,
    defaultBranch: withKey(defaultBranch),
    reason,
    writesBranch: writeTag !== undefined && writesBranch,
    ...(remove ? { remove } : {}),
    ...(untrusted ? { untrusted } : {})
  }
}
