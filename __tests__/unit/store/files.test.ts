import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sha256File } from '../../../src/store/files.js'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'files-test-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

test.each([
  ['empty', 0],
  ['one chunk', 1000],
  ['across chunk boundaries', 2.5 * 1024 * 1024]
])('sha256File of a file %s is the sha256 of its bytes', (_name, size) => {
  const content = randomBytes(size)
  const file = path.join(dir, 'blob')
  fs.writeFileSync(file, content)
  expect(sha256File(file)).toBe(createHash('sha256').update(content).digest('hex'))
})
