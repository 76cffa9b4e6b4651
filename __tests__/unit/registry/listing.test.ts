import { describe, expect, test } from '@jest/globals'
import { manifestContent } from '../../../src/registry/listing.js'

describe('manifestContent: what a cache manifest references, from its descriptors', () => {
  const d = (n: number) => ({ digest: `sha256:${String(n).repeat(64)}`, size: n * 100 })
  test.each<[string, string, object]>([
    ['an image manifest: config and layers', JSON.stringify({ config: d(1), layers: [d(2), d(3)] }), { state: 'read', blobs: [d(1), d(2), d(3)] }],
    ["BuildKit's cache index: its manifests", JSON.stringify({ manifests: [d(4), d(5)] }), { state: 'read', blobs: [d(4), d(5)] }],
    ['not JSON', 'nope', { state: 'unreadable', problem: 'the manifest is not JSON' }],
    ['nothing referenced', '{}', { state: 'unreadable', problem: 'the manifest references no config, layers or manifests' }],
    [
      'a descriptor without a size',
      JSON.stringify({ config: d(1), layers: [{ digest: d(2).digest }] }),
      { state: 'unreadable', problem: expect.stringContaining('no digest or size') }
    ],
    [
      'a negative size',
      JSON.stringify({ config: { digest: d(1).digest, size: -1 } }),
      { state: 'unreadable', problem: expect.stringContaining('no digest or size') }
    ]
  ])('%s', (_name, body, expected) => expect(manifestContent(Buffer.from(body))).toEqual(expected))
})
