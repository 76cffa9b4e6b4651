import type { EventContext, EventPayload } from '../src/scopes/event.js'

const repository = { default_branch: 'main', full_name: 'acme/app' }
const ownHead = { head: { repo: { full_name: 'acme/app', fork: false } } }
const forkHead = { head: { repo: { full_name: 'mallory/app', fork: true } } }
// Gitea's payload for `git push origin HEAD:refs/for/main`: the base repository as head, no branch.
const agitHead = { flow: 1, head: { label: '', ref: 'refs/pull/7/head', repo: { full_name: 'acme/app', fork: false } } }
const agitHeadNoFlow = { head: { label: '', ref: 'refs/pull/7/head', repo: { full_name: 'acme/app', fork: false } } }

export function on(eventName: string, payload: EventPayload = {}, ref = 'refs/heads/main'): EventContext {
  return { eventName, ref, refName: ref.replace(/^refs\/(heads|tags)\//, ''), baseRef: '', payload: { repository, ...payload } }
}

/**
 * Every event name GitHub, Gitea and Forgejo send, on the default branch (where
 * most of them run), and the scope each may write with default inputs:
 * most write none. `untrusted` is whether the job may run a fork's code.
 */
export const EVENTS: Array<[string, EventContext, { write?: string; untrusted: boolean }]> = [
  ['push', on('push'), { write: 'main', untrusted: false }],
  ['push of a tag', on('push', {}, 'refs/tags/v1.4.0'), { untrusted: false }],
  ['create (a branch)', on('create', { ref: 'feature', ref_type: 'branch' }, 'refs/heads/feature'), { write: 'feature', untrusted: false }],
  ['create (a tag)', on('create', { ref: 'v2', ref_type: 'tag' }, 'refs/tags/v2'), { untrusted: false }],
  ['schedule', on('schedule'), { write: 'main', untrusted: false }],
  ['workflow_dispatch', on('workflow_dispatch'), { write: 'main', untrusted: false }],
  ['repository_dispatch', on('repository_dispatch'), { write: 'main', untrusted: false }],
  [
    'pull_request (same repository)',
    on('pull_request', { number: 7, pull_request: { number: 7, ...ownHead } }, 'refs/pull/7/merge'),
    { write: 'pr-7', untrusted: false }
  ],
  ['pull_request (fork)', on('pull_request', { number: 7, pull_request: { number: 7, ...forkHead } }, 'refs/pull/7/merge'), { write: 'pr-7', untrusted: true }],
  [
    'pull_request (head repository gone)',
    on('pull_request', { number: 7, pull_request: { number: 7, head: { repo: null } } }, 'refs/pull/7/merge'),
    { write: 'pr-7', untrusted: true }
  ],
  ['pull_request_target', on('pull_request_target', { number: 7, pull_request: { number: 7, ...ownHead } }), { write: 'pr-7', untrusted: true }],
  [
    'pull_request_review (fork)',
    on('pull_request_review', { pull_request: { number: 7, ...forkHead } }, 'refs/pull/7/merge'),
    { write: 'pr-7', untrusted: true }
  ],
  [
    'pull_request_review_comment',
    on('pull_request_review_comment', { pull_request: { number: 7, ...ownHead } }, 'refs/pull/7/merge'),
    { write: 'pr-7', untrusted: false }
  ],
  ['issue_comment on a pull request', on('issue_comment', { issue: { number: 7, pull_request: {} } }), { write: 'pr-7', untrusted: true }],
  ['issue_comment on an issue', on('issue_comment', { issue: { number: 8 } }), { untrusted: true }],
  ['pull_request_comment (Gitea, Forgejo)', on('pull_request_comment', { is_pull: true, issue: { number: 7 } }), { write: 'pr-7', untrusted: true }],
  ['workflow_run', on('workflow_run'), { untrusted: true }],
  [
    'pull_request (AGit, flow 1)',
    on('pull_request', { number: 7, pull_request: { number: 7, ...agitHead } }, 'refs/pull/7/head'),
    { write: 'pr-7', untrusted: true }
  ],
  [
    'pull_request (AGit, no flow field: head ref under refs/, empty label)',
    on('pull_request', { number: 7, pull_request: { number: 7, ...agitHeadNoFlow } }, 'refs/pull/7/head'),
    { write: 'pr-7', untrusted: true }
  ],
  [
    'pull_request (same repository, Gitea: head label is the branch)',
    on('pull_request', { number: 7, pull_request: { number: 7, flow: 0, head: { label: 'fix', ref: 'fix', repo: { full_name: 'acme/app' } } } }),
    { write: 'pr-7', untrusted: false }
  ],
  // Gitea 1.27 runs a reusable workflow as workflow_call with its caller's payload.
  ['workflow_call from a fork pull request', on('workflow_call', { number: 7, pull_request: { number: 7, ...forkHead } }), { untrusted: true }],
  ['workflow_call from an AGit pull request', on('workflow_call', { number: 7, pull_request: { number: 7, ...agitHead } }), { untrusted: true }],
  ['workflow_call from a same-repository pull request', on('workflow_call', { number: 7, pull_request: { number: 7, ...ownHead } }), { untrusted: true }],
  ['workflow_call from a comment on a pull request', on('workflow_call', { issue: { number: 7, pull_request: {} } }), { untrusted: true }],
  ['workflow_call from a push', on('workflow_call'), { untrusted: true }],
  // Gitea 1.20 and older name reviews by their outcome.
  ...['pull_request_approved', 'pull_request_rejected', 'pull_request_sync', 'pull_request_review_approved'].flatMap(
    (name): Array<[string, EventContext, { write?: string; untrusted: boolean }]> => [
      [`${name} (fork)`, on(name, { pull_request: { number: 7, ...forkHead } }, 'refs/pull/7/head'), { write: 'pr-7', untrusted: true }],
      [`${name} (AGit)`, on(name, { pull_request: { number: 7, ...agitHead } }, 'refs/pull/7/head'), { write: 'pr-7', untrusted: true }],
      [`${name} (same repository)`, on(name, { pull_request: { number: 7, ...ownHead } }, 'refs/pull/7/head'), { write: 'pr-7', untrusted: false }]
    ]
  ),
  ['release carrying a fork pull request payload', on('release', { pull_request: { number: 7, ...forkHead } }), { untrusted: true }],
  ['merge_group', on('merge_group', { merge_group: { base_ref: 'refs/heads/main' } }, 'refs/heads/gh-readonly-queue/main/pr-7-abc'), { untrusted: false }],
  ['delete (a branch)', on('delete', { ref: 'feature', ref_type: 'branch' }), { untrusted: false }],
  ...[
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
  ].map((name): [string, EventContext, { write?: string; untrusted: boolean }] => [name, on(name), { untrusted: false }]),
  // Unknown to the allowlist: read-only and untrusted.
  ...['workflow_call', 'an_event_added_next_year', ''].map((name): [string, EventContext, { write?: string; untrusted: boolean }] => [
    name || '(no event name)',
    on(name),
    { untrusted: true }
  ])
]
