import { expect, test } from '@jest/globals'
import type { ManifestRemoval } from '../../../src/registry/scopes.js'
import { removalWords } from '../../../src/report/removal-words.js'

const D1 = `sha256:${'1'.repeat(64)}`
const REF = 'r.test/c:pr-7'

test.each<[string, ManifestRemoval, string, string | undefined]>([
  ['deleted by digest', { state: 'deleted', digest: D1, tagOnly: false }, `${REF}: deleted (manifest ${D1})`, undefined],
  ['deleted, the tag only', { state: 'deleted', digest: D1, tagOnly: true }, `${REF}: deleted (the tag only; other tags share its manifest)`, undefined],
  ['a dry run', { state: 'would-delete', digest: D1, sharedWith: [] }, `${REF}: would delete manifest ${D1} (dry-run)`, undefined],
  [
    'a dry run of a shared manifest',
    { state: 'would-delete', digest: D1, sharedWith: ['main', 'dev'] },
    `${REF}: would delete the tag only (dry-run), where the registry allows it; main, dev share its manifest 111111111111`,
    undefined
  ],
  ['absent', { state: 'absent' }, `${REF}: not in the registry`, undefined],
  [
    'kept by the tags that hold it',
    { state: 'kept', digest: D1, reason: 'main still point at it', heldByOthers: true },
    `${REF}: kept, main still point at it`,
    undefined
  ],
  [
    'kept, nothing known',
    { state: 'kept', digest: D1, reason: 'the tags that may share its manifest could not be checked (500)' },
    `${REF}: kept, the tags that may share its manifest could not be checked (500)`,
    `The cache ${REF} is kept: the tags that may share its manifest could not be checked (500)`
  ],
  [
    'refused, with the way out',
    { state: 'refused', digest: D1, problem: '405', hint: 'REGISTRY_STORAGE_DELETE_ENABLED=true' },
    `${REF}: not deleted, 405; REGISTRY_STORAGE_DELETE_ENABLED=true`,
    `The cache ${REF} was not deleted: 405; REGISTRY_STORAGE_DELETE_ENABLED=true`
  ],
  ['failed', { state: 'failed', problem: 'timed out' }, `${REF}: not deleted, timed out`, `The cache ${REF} was not deleted: timed out`]
])('%s: one line, and a warning only where a user must act', (_name, removal, line, warning) => {
  expect(removalWords(REF, removal)).toEqual({ line, ...(warning ? { warning } : {}) })
})
