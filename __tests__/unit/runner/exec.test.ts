import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startDetached } from '../../../src/runner/exec.js'

test('startDetached returns before docker ends; docker writes its output into the two files, with the job environment', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detached-'))
  try {
    const bin = path.join(dir, 'bin')
    fs.mkdirSync(bin)
    fs.writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nsleep 0.3\necho "args $*"\necho "job $JOB_MARK" >&2\n', { mode: 0o755 })
    const [out, err] = [path.join(dir, 'out'), path.join(dir, 'err')]
    const started = Date.now()
    startDetached(['exec', 'node0', 'buildctl', 'du'], out, err, { PATH: `${bin}:/usr/bin:/bin`, JOB_MARK: 'm1' })
    expect(Date.now() - started).toBeLessThan(250)
    expect(fs.readFileSync(out, 'utf8')).toBe('')
    const deadline = Date.now() + 5000
    while (!fs.readFileSync(err, 'utf8').includes('job') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fs.readFileSync(out, 'utf8')).toBe('args exec node0 buildctl du\n')
    expect(fs.readFileSync(err, 'utf8')).toBe('job m1\n')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('startDetached with no docker on the job PATH throws before making its files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detached-'))
  try {
    const [out, err] = [path.join(dir, 'out'), path.join(dir, 'err')]
    expect(() => startDetached(['version'], out, err, { PATH: dir })).toThrow('docker CLI not found on PATH')
    expect(fs.readdirSync(dir)).toEqual([])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
