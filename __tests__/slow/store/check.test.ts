import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkStore } from '../../../src/store/check.js'
import { openStore } from '../../../src/store/store.js'
import { blobFile, writeBlob } from '../../../__fixtures__/oci.js'

describe('checkStore', () => {
  test('--verify-digests hashes a blob over 2 GiB (a stream, not one buffer)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-big-'))
    try {
      const layout = openStore(dir, 'app')
      // A sparse file: 2 GiB + 1 zero bytes on disk in no space. Its sha256, computed once with sha256sum:
      const size = 2 ** 31 + 1
      const hex = 'b8030a8ab89280935633d8d991da3d9907c0f12e8b6fc3bfc515f4d440872b6e'
      fs.writeFileSync(blobFile(layout.root, hex), '')
      fs.truncateSync(blobFile(layout.root, hex), size)
      const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${hex}`, size }
      const config = writeBlob(layout.root, '{}', 'application/vnd.buildkit.cacheconfig.v0')
      const manifest = writeBlob(layout.root, JSON.stringify({ schemaVersion: 2, manifests: [layer, config] }), 'application/vnd.oci.image.index.v1+json')
      const entry = { ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'big' } }
      fs.writeFileSync(layout.index, JSON.stringify({ schemaVersion: 2, manifests: [entry] }))
      expect(await checkStore(layout, { verifyDigests: true })).toEqual({
        ok: true,
        problems: [],
        failures: { corrupt: new Map(), unreadable: new Map() },
        tags: [{ tag: 'big', state: 'intact', blobs: 3, bytes: size + config.size + manifest.size }]
      })
      // One byte changed is found.
      const fd = fs.openSync(blobFile(layout.root, hex), 'r+')
      fs.writeSync(fd, Buffer.from([1]), 0, 1, size - 1)
      fs.closeSync(fd)
      expect((await checkStore(layout, { verifyDigests: true })).problems).toEqual([`big: blob sha256:${hex} does not match its content`])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
