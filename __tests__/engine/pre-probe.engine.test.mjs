// Pre's background probe of the persistent builder's cache, through the bundled
// dist/pre: the phase ends (its output streams closed, as the runner waits for
// them) while the probe still runs, and the probe's answer lands where main reads it.
// The docker it starts is a stub that answers late, so no engine is needed.
import { afterAll, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseFileCommands, PROJECT_ROOT } from '../../scripts/lib/runner-emulation.mjs'

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pre-probe-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

const ANSWER_AFTER_S = 3

test('pre ends before its probe answers; the answer is in the folder it hands main', async () => {
  const bin = path.join(work, 'bin')
  const temp = path.join(work, 'temp')
  fs.mkdirSync(bin)
  fs.mkdirSync(temp)
  fs.writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh\necho "$*" > "${path.join(work, 'args')}"\nsleep ${ANSWER_AFTER_S}\nprintf 'ID\\tRECLAIMABLE\\tSIZE\\nTotal:\\t\\t2GB\\n'\n`,
    { mode: 0o755 }
  )
  const stateFile = path.join(work, 'state')
  fs.writeFileSync(stateFile, '')
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    RUNNER_TEMP: temp,
    GITHUB_STATE: stateFile,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    'INPUT_PERSISTENT-BUILDER': 'true',
    'INPUT_PRUNE-BUILDERS': 'false',
    'INPUT_VOLUME-PATH': work,
    'INPUT_CACHE-MODE': 'local',
    'INPUT_STORE-REFRESH': '1h'
  }
  const started = Date.now()
  // Resolves when the phase's output streams close, which is what a runner waits for.
  const closed = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'pre', 'index.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }))
  })
  expect(closed.code).toBe(0)
  expect(closed.output).not.toMatch(/::error::/)
  expect(closed.seconds).toBeLessThan(ANSWER_AFTER_S - 1)

  const probe = parseFileCommands(fs.readFileSync(stateFile, 'utf8'))['cache-probe']
  expect(path.dirname(probe)).toBe(temp)
  expect(fs.readFileSync(path.join(probe, 'du.out'), 'utf8')).toBe('')
  const deadline = Date.now() + 10_000
  while (!fs.readFileSync(path.join(probe, 'du.out'), 'utf8').includes('Total') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  expect(fs.readFileSync(path.join(probe, 'du.out'), 'utf8')).toMatch(/^Total:\s+2GB$/m)
  expect(fs.readFileSync(path.join(work, 'args'), 'utf8').trim()).toBe('exec buildx_buildkit_cachekeeper-acme__app0 buildctl du')
})
