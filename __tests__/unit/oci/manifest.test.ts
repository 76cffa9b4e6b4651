import { expect, test } from '@jest/globals'
import { manifestChildren, shortDigest } from '../../../src/oci/manifest.js'

const d = (n: number) => ({ digest: `sha256:${String(n).repeat(64)}`, size: n })

test.each<[string, unknown, unknown[] | undefined]>([
  ["BuildKit's cache index: its manifests", { manifests: [d(1), d(2)] }, [d(1), d(2)]],
  ['an image manifest: config, then layers', { config: d(1), layers: [d(2), d(3)] }, [d(1), d(2), d(3)]],
  // GC marks from this list: a manifest with both loses neither's blobs.
  ['both formats at once: every descriptor', { manifests: [d(1)], config: d(2), layers: [d(3)] }, [d(1), d(2), d(3)]],
  ['nothing listed', {}, []],
  ['a null config is no config', { config: null, layers: [d(1)] }, [d(1)]],
  ['layers that are no list: no manifest', { layers: d(1) }, undefined],
  ['manifests that are no list: no manifest', { manifests: 'x' }, undefined],
  ['not an object', ['a'], undefined],
  ['null', null, undefined]
])('the children of %s', (_name, parsed, children) => {
  expect(manifestChildren(parsed)).toEqual(children)
})

test.each([
  [`sha256:${'ab'.repeat(32)}`, 'abababababab'],
  ['abc', 'abc']
])('the short form of %s is %s', (digest, short) => {
  expect(shortDigest(digest)).toBe(short)
})
