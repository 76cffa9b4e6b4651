import { shortDigest } from '../oci/manifest.js'
import type { ManifestRemoval } from '../registry/scopes.js'

export interface RemovalWords {
  /** `<subject>: <what became of it>`, for a log table or the command line. */
  line: string
  /** Set when a user must act: the cache is still there although it was to go, or nothing could be checked. */
  warning?: string
}

/**
 * A registry deletion in words, the same for main's ended scope, post's
 * superseded manifest and `registry rm`. `subject` names what was to go: a
 * tagged reference, or which manifest of one.
 */
export function removalWords(subject: string, removal: ManifestRemoval): RemovalWords {
  switch (removal.state) {
    case 'deleted':
      return { line: `${subject}: deleted${removal.tagOnly ? ' (the tag only; other tags share its manifest)' : ` (manifest ${removal.digest})`}` }
    case 'would-delete':
      return {
        line:
          removal.sharedWith.length > 0
            ? `${subject}: would delete the tag only (dry-run), where the registry allows it; ${removal.sharedWith.join(', ')} share its manifest ${shortDigest(removal.digest)}`
            : `${subject}: would delete manifest ${removal.digest} (dry-run)`
      }
    case 'absent':
      return { line: `${subject}: not in the registry` }
    case 'kept':
      // Another tag holding it is the rule working, not a problem.
      return { line: `${subject}: kept, ${removal.reason}`, ...(removal.heldByOthers ? {} : { warning: `The cache ${subject} is kept: ${removal.reason}` }) }
    case 'refused':
    case 'failed': {
      const why = 'hint' in removal && removal.hint ? `${removal.problem}; ${removal.hint}` : removal.problem
      return { line: `${subject}: not deleted, ${why}`, warning: `The cache ${subject} was not deleted: ${why}` }
    }
  }
}
