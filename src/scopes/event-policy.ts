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
  // Gitea 1.20 and older name a review by its outcome; Gitea names a pull request's other updates apart.
  pull_request_approved: 'pull-request-review',
  pull_request_rejected: 'pull-request-review',
  pull_request_review_approved: 'pull-request-review',
  pull_request_review_rejected: 'pull-request-review',
  pull_request_sync: 'pull-request-review',
  pull_request_assign: 'pull-request-review',
  pull_request_label: 'pull-request-review',
  pull_request_milestone: 'pull-request-review',
  pull_request_review_request: 'pull-request-review',
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
/**
 * Events that run the repository's own code and write no scope: trusted, read-only.
 * An event missing here and from EVENT_KINDS (`workflow_call`, which Gitea
 * 1.27 sends with its caller's payload; one added next year; none at all) is
 * untrusted as well as read-only: nothing says whose code it runs.
 */
const TRUSTED_READ_ONLY_EVENTS = new Set([
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'deployment',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'issues',
  'label',
  'milestone',
  'page_build',
  'project',
  'project_card',
  'project_column',
  'public',
  'registry_package',
  'release',
  'status',
  'watch'
])
// Gitea's value of a pull request's `flow` for one opened by `git push origin HEAD:refs/for/<base>`.
const AGIT_FLOW = 1

export interface TrustPayload {
  pull_request?: {
    head?: { ref?: string; label?: string; repo?: { full_name?: string; fork?: boolean } | null }
    /** Gitea and Forgejo: 0 for a branch, 1 for AGit. */
    flow?: number
  }
  repository?: { full_name?: string }
  /** A comment's issue; `pull_request` is set when the issue is a pull request. */
  issue?: { pull_request?: unknown }
  /** Gitea and Forgejo: the commented issue is a pull request. */
  is_pull?: boolean
}

/**
 * An AGit pull request (Gitea, Forgejo) names the base repository as its head,
 * like a branch of the repository would, but anyone with read access can open
 * one. Its head has no branch: `flow` 1, a head ref under refs/, or an empty label.
 */
function isAgit(pullRequest: NonNullable<TrustPayload['pull_request']>): boolean {
  const head = pullRequest.head
  return pullRequest.flow === AGIT_FLOW || (head?.ref ?? '').startsWith('refs/') || head?.label === ''
}

/** Why the pull request a payload describes may carry code the repository did not review, or undefined for its own branch. */
function pullRequestProblem(payload: TrustPayload): string | undefined {
  const pullRequest = payload.pull_request ?? {}
  const head = pullRequest.head?.repo
  const own = payload.repository?.full_name
  // A head repository that is gone, or a payload that does not say, counts as a fork: never trusted on a guess.
  if (!head?.full_name || !own) return 'from a head repository the event does not name'
  if (head.fork === true || head.full_name.toLowerCase() !== own.toLowerCase()) return `from the fork ${head.full_name}`
  if (isAgit(pullRequest)) return 'opened by AGit (refs/for/...), which anyone with read access can do'
  return undefined
}

// A comment (or any issue event) on a pull request: its text, and what it triggers, come from whoever wrote it.
const commentsOnPullRequest = (payload: TrustPayload) => Boolean(payload.issue?.pull_request) || payload.is_pull === true

/**
 * Why this job runs code the repository did not review, or undefined when it
 * does not. The payload decides whatever the event is called (Gitea runs a
 * reusable workflow as `workflow_call` with its caller's payload): a pull
 * request from a fork or by AGit, or a comment on one, is untrusted.
 */
export function untrustedReason(eventName: string, payload: TrustPayload): string | undefined {
  const name = eventName || 'a job whose runner sent no event name'
  if (UNTRUSTED_EVENTS.has(eventName)) return `${eventName} can run code from a fork`
  if (commentsOnPullRequest(payload)) return `${name} carries a comment on a pull request, which anyone can write`
  const kind = eventKind(eventName)
  if (payload.pull_request !== undefined || kind === 'pull-request' || kind === 'pull-request-review') {
    const problem = pullRequestProblem(payload)
    if (problem) return `${name} ${problem}`
  }
  if (!Object.hasOwn(EVENT_KINDS, eventName) && !TRUSTED_READ_ONLY_EVENTS.has(eventName)) {
    return eventName ? `${eventName} is not an event this action knows, so nothing says whose code it runs` : 'the runner sent no event name'
  }
  return undefined
}
