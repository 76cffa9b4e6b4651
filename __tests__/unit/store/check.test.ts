import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkStore } from '../../../src/store/check.js'
import { openStore } from '../../../src/store/store.js'
import { blobFile, writeBlob, writeCacheTag } from '../../../__fixtures__/oci.js'

describe('checkStore', () => {
  test('reports missing blobs and content that does not match its digest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'))
    const layout = openStore(dir, 'app')
    const a = writeCacheTag(layout.root, 'a')
    const b = writeCacheTag(layout.root, 'b')
    expect((await checkStore(layout, { verifyDigests: true })).ok).toBe(true)
    fs.unlinkSync(blobFile(layout.root, a.blobs[0]))
    const file = blobFile(layout.root, b.blobs[0])
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size))
    const quick = await checkStore(layout)
    expect(quick.problems).toEqual([expect.stringMatching(/^a: blob .* is missing/)])
    expect((await checkStore(layout, { verifyDigests: true })).problems).toEqual([
      expect.stringMatching(/^a: /),
      expect.stringMatching(/^b: blob .* does not match/)
    ])
    writeBlob(layout.root, 'x', 'application/octet-stream')
    fs.rmSync(dir, { recursive: true })
  })
})
