/**
 * The moment by which all registry work of one step must have ended. Each
 * request has its own timeout, but a slow or hostile registry can page its tag
 * list one tag at a time, each page just inside that timeout: only a limit on
 * the whole keeps the step's cost bounded.
 */
export interface Deadline {
  /** Epoch milliseconds. */
  readonly at: number
  /** The limit it was set from, for the message that names it. */
  readonly limitMs: number
}

/**
 * All of one step's registry work (main's lookup, post's check of the export
 * and deletion of the manifest it superseded, a closed pull request's
 * deletion) ends within this. A healthy registry needs a few seconds; a slow
 * or hostile one paging its tag list one tag at a time, each page just inside
 * the request timeout, would otherwise hold the job for about 90 minutes. Past
 * it the step warns once and goes on.
 */
export const REGISTRY_DEADLINE_MS = 60_000

export const deadlineAfter = (limitMs: number, now = Date.now()): Deadline => ({ at: now + limitMs, limitMs })

/** Why a request was cut short or not sent: the same words wherever the deadline ends the work. */
export const deadlineProblem = (deadline: Deadline): string =>
  `the registry work of this step passed its limit of ${deadline.limitMs / 1000} s, so the rest of it is skipped`
