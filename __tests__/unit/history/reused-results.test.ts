import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { resultLayers, reusedResults } from '../../../src/history/reused-results.js'
import { storeLayout } from '../../../src/store/layout.js'
import { writeBlob } from '../../../__fixtures__/oci.js'

const LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip'
const CONFIG = 'application/vnd.buildkit.cacheconfig.v0'

// The shape BuildKit 0.13 (dockerd 26) exported for `FROM busybox; RUN echo n > /n; RUN cat /n > /m`, mode=max:
// the base layer is only a parent; each RUN's result is a record's "layers" entry.
const realShape = (base: string, first: string, second: string) => ({
  layers: [{ blob: base, parent: -1 }, { blob: second, parent: 2 }, { blob: first }],
  records: [
    { digest: 'sha256:2cae' },
    { digest: 'sha256:5fe9' },
    { layers: [{ layer: 1, createdAt: '2026-12-07T21:15:39.26959797Z' }], digest: 'sha256:69c8', inputs: [[{ selector: 'sha256:8a5e', link: 3 }]] },
    { layers: [{ layer: 2, createdAt: '2026-12-07T21:15:39.041748326Z' }], digest: 'sha256:769b', inputs: [[{ selector: 'sha256:8a5e', link: 0 }]] }
  ]
})

test("resultLayers: the steps' results, not the base image's layers; chains count their last layer", () => {
  expect(resultLayers(realShape('sha256:base', 'sha256:one', 'sha256:two'))).toEqual(['sha256:two', 'sha256:one'])
  expect(resultLayers({ layers: [{ blob: 'sha256:a' }, { blob: 'sha256:b' }], records: [{ chains: [{ layers: [0, 1] }] }] })).toEqual(['sha256:b'])
  expect(resultLayers({})).toEqual([])
})

describe('reusedResults on a snapshot', () => {
  let dir: string
  let store: ReturnType<typeof storeLayout>
  let snapshot: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reused-'))
    store = storeLayout(path.join(dir, 'store'))
    snapshot = path.join(dir, 'snapshot')
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  /** An export into the snapshot whose layers the store may already hold. */
  function exportWith(inStore: { base: boolean; results: boolean }, format: 'index' | 'manifest' = 'index') {
    const [base, first, second] = ['base', 'first', 'second'].map((name) => writeBlob(snapshot, `layer ${name}`, LAYER))
    for (const layer of [...(inStore.base ? [base] : []), ...(inStore.results ? [first, second] : [])])
      writeBlob(store.root, `layer ${layer === base ? 'base' : layer === first ? 'first' : 'second'}`, LAYER)
    const config = writeBlob(snapshot, JSON.stringify(realShape(base.digest, first.digest, second.digest)), CONFIG)
    const manifest =
      format === 'index'
        ? writeBlob(snapshot, JSON.stringify({ schemaVersion: 2, manifests: [base, first, second, config] }), 'application/vnd.oci.image.index.v1+json')
        : writeBlob(snapshot, JSON.stringify({ schemaVersion: 2, config, layers: [base, first, second] }), 'application/vnd.oci.image.manifest.v1+json')
    const entry = { ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'main' } }
    fs.writeFileSync(path.join(snapshot, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [entry] }))
  }

  test.each([
    ['a build whose first step changed: only the base layer re-used, no hit', { base: true, results: false }, { results: 2, reused: 0 }],
    ["a warm build: its steps' results were in the store", { base: true, results: true }, { results: 2, reused: 2 }]
  ])('%s', (_name, inStore, expected) => {
    exportWith(inStore)
    expect(reusedResults(store, snapshot, 'main')).toEqual(expected)
  })
  test('an image-manifest export reads the same', () => {
    exportWith({ base: true, results: true }, 'manifest')
    expect(reusedResults(store, snapshot, 'main')).toEqual({ results: 2, reused: 2 })
  })
  test('no such tag, or no export: undefined (the caller falls back to what main restored)', () => {
    exportWith({ base: true, results: true })
    expect(reusedResults(store, snapshot, 'other')).toBeUndefined()
    expect(reusedResults(store, path.join(dir, 'missing'), 'main')).toBeUndefined()
  })
})
