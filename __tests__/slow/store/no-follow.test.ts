import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readRegularFile } from '../../../src/store/no-follow.js'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-follow-test-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('readRegularFile', () => {
  test('a FIFO is refused at once, without waiting for a writer', () => {
    const fifo = path.join(dir, 'last-used.json')
    execFileSync('mkfifo', [fifo])
    const started = Date.now()
    expect(() => readRegularFile(fifo)).toThrow('is not a regular file')
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
