import { describe, expect, test } from '@jest/globals'
import { keptWords, sweepWords } from '../../../src/report/gc-words.js'

describe('sweepWords', () => {
  const ran = { droppedTags: [], sweptBlobs: 2, sweptBytes: 2048, keptBlobs: 5, keptBytes: 4096 }
  test.each([
    ['a sweep that ran', ran, false, 'deleted 2 blobs (2KiB)'],
    ['a dry run', ran, true, 'would delete 2 blobs (2KiB)'],
    [
      'an aborted sweep shows no counts',
      { ...ran, sweptBlobs: 0, sweptBytes: 0, aborted: 'could not read /v/app/blobs/sha256: EIO' },
      false,
      'aborted: could not read /v/app/blobs/sha256: EIO'
    ]
  ])('%s', (_label, gc, dryRun, expected) => expect(sweepWords(gc, dryRun)).toBe(expected))

  test('keptWords: the store after the sweep, nothing when it was aborted', () => {
    expect(keptWords(ran)).toBe('5 blobs (4KiB)')
    expect(keptWords({ ...ran, aborted: 'EIO' })).toBeUndefined()
  })
})
