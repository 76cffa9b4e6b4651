/**
 * Which events may write a cache scope, and which run code the repository
 * did not review. An allowlist, as actions/cache keeps its valid events: an
 * event missing here (a new one included) is read-only, so nothing someone
 * else's code built ever lands in a scope that trusted builds read.
 */
export type EventKind =
  /** Writes the branch of GITHUB_REF (a tag ref: read-only). */
  | 'branch'
  /** Writes `pr-N`; `closed` deletes it. */
  | 'pull-request'
  /** A review of a pull request: writes `pr-N`, never deletes it. */
  | 'pull-request-review'
  /** A comment: on a pull request writes `pr-N`, on an issue nothing. */
  | 'comment'
  /** A deleted branch: its scope is deleted, nothing is read or written. */
  | 'branch-deleted'
  /** Reads the base branch of the queue, writes nothing: each merge group is a one-off ref nobody builds again. */
  | 'merge-group'
  /** Reads only, unless the `scope` input names what to write. */
  | 'read-only'

const EVENT_KINDS: Record<string, EventKind> = {
  push: 'branch',
  create: 'branch',
  schedule: 'branch',
  workflow_dispatch: 'branch',
  repository_dispatch: 'branch',
  pull_request: 'pull-request',
  pull_request_target: 'pull-request',
  pull_request_review: 'pull-request-review',
  pull_request_review_comment: 'pull-request-review',
  issue_comment: 'comment',
  // Gitea and Forgejo name a comment on a pull request apart from one on an issue.
  pull_request_comment: 'comment',
  delete: 'branch-deleted',
  merge_group: 'merge-group'
}

export function eventKind(eventName: string): EventKind {
  return Object.hasOwn(EVENT_KINDS, eventName) ? EVENT_KINDS[eventName] : 'read-only'
}

/**
 * Events whose job may run code from outside the repository even though
 * the workflow file is the repository's own: `pull_request_target` and
 * `issue_comment` run with the base's workflow on a fork's changes,
 * `workflow_run` follows runs that fork pull requests trigger.
 */
const UNTRUSTED_EVENTS = new Set(['pull_request_target', 'issue_comment', 'pull_request_comment', 'workflow_run'])
/** These run a fork's code when the pull request comes from a fork. */
const FORK_SENSITIVE_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment'])

export interface TrustPayload {
  pull_request?: { head?: { repo?: { full_name?: string; fork?: boolean } | null } }
  repository?: { full_name?: string }
}

/** Why this job runs code the repository did not review, or undefined when it does not. */
export function untrustedReason(eventName: string, payload: TrustPayload): string | undefined {
  if (UNTRUSTED_EVENTS.has(eventName)) return `${eventName} can run code from a fork`
  if (!FORK_SENSITIVE_EVENTS.has(eventName)) return undefined
  const head = payload.pull_request?.head?.repo
  const own = payload.repository?.full_name
  // A head repository that is gone, or a payload that does not say, counts as a fork: never trusted on a guess.
  if (!head?.full_name || !own) return `${eventName} from a head repository the event does not name`
  if (head.fork === true || head.full_name.toLowerCase() !== own.toLowerCase()) return `${eventName} from the fork ${head.full_name}`
  return undefined
}
