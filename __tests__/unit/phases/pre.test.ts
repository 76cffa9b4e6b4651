// pre through a recording runner whose PATH has a recording docker: the probe of the
// persistent builder's cache starts in the background and main reads its answer.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { recordingRunner, said } from '../../../__fixtures__/runner.js'
import { STATE_KEYS } from '../../../src/config/names.js'
import { run } from '../../../src/phases/pre.js'
import { measuredCache } from '../../../src/phases/cache-probe-step.js'

const ENV = { GITHUB_REPOSITORY: 'acme/app', GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' }
const BUILDER = 'cachekeeper-acme__app'
let dir = ''
let env: NodeJS.ProcessEnv = {}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-pre-'))
  const bin = path.join(dir, 'bin')
  fs.mkdirSync(bin)
  fs.mkdirSync(path.join(dir, 'temp'))
  // The recording docker: its arguments in calls.log, then buildctl du's table.
  fs.writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh\necho "$*" >> "${path.join(dir, 'calls.log')}"\nprintf 'ID\\tRECLAIMABLE\\tSIZE\\nReclaimable:\\t1GB\\nTotal:\\t\\t1.2GB\\n'\n`,
    { mode: 0o755 }
  )
  env = { ...ENV, PATH: `${bin}:/usr/bin:/bin`, RUNNER_TEMP: path.join(dir, 'temp') }
})

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const inputs = (extra: Record<string, string> = {}) => ({ 'volume-path': dir, 'persistent-builder': 'true', 'prune-builders': 'false', ...extra })

/** Waits for the background probe to have written its answer. */
async function answered(probe: string): Promise<void> {
  const deadline = Date.now() + 5000
  while (!fs.readFileSync(path.join(probe, 'du.out'), 'utf8').includes('Total') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
}

describe("pre: the persistent builder's cache probed in the background", () => {
  test('the probe runs in a folder of the job temp; main takes its answer without a docker call of its own and removes the folder', async () => {
    const runner = recordingRunner(inputs(), {}, { env })
    await run(runner)
    const probe = runner.state[STATE_KEYS.cacheProbe]
    expect(path.dirname(probe)).toBe(env.RUNNER_TEMP)
    expect(path.basename(probe)).toMatch(/^cachekeeper-probe-/)
    await answered(probe)
    expect(fs.readFileSync(path.join(dir, 'calls.log'), 'utf8')).toBe(`exec buildx_buildkit_${BUILDER}0 buildctl du\n`)

    const main = recordingRunner({}, runner.state, { env })
    expect(await measuredCache(BUILDER, true, main)).toEqual({ bytes: 1.2e9, nodeDown: false })
    expect(fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(1)
    expect(fs.existsSync(probe)).toBe(false)
    expect(said(main, 'debug')).toContain("The builder's cache as pre's probe found it: 1200000000 bytes")
  })

  test('main that does not need the answer still removes the folder', async () => {
    const runner = recordingRunner(inputs(), {}, { env })
    await run(runner)
    const probe = runner.state[STATE_KEYS.cacheProbe]
    await answered(probe)
    expect(measuredCache(BUILDER, false, recordingRunner({}, runner.state, { env }))).toBeUndefined()
    expect(fs.existsSync(probe)).toBe(false)
  })

  test('a state that names a folder pre did not make is neither read nor removed', async () => {
    const other = path.join(dir, 'temp', 'not-a-probe')
    fs.mkdirSync(other)
    fs.writeFileSync(path.join(other, 'du.out'), 'Total: 1GB\n')
    expect(measuredCache(BUILDER, false, recordingRunner({}, { [STATE_KEYS.cacheProbe]: other }, { env }))).toBeUndefined()
    expect(fs.readdirSync(other)).toEqual(['du.out'])
  })

  test('no docker on the job PATH: no probe, main asks itself', async () => {
    const runner = recordingRunner(inputs(), {}, { env: { ...env, PATH: path.join(dir, 'temp') } })
    await run(runner)
    expect(runner.state[STATE_KEYS.cacheProbe]).toBeUndefined()
    expect(fs.readdirSync(path.join(dir, 'temp'))).toEqual([])
    expect(said(runner, 'debug')).toContainEqual(
      expect.stringMatching(/^The builder's cache was not probed in the background \(docker CLI not found on PATH\)/)
    )
  })

  test.each([
    ['without the persistent builder', { 'persistent-builder': 'false' }],
    ['with fresh-build (main measures nothing)', { 'fresh-build': 'true' }],
    ['with store-refresh 0 (every build exports)', { 'store-refresh': '0' }],
    ['with a backend that keeps no store copy', { 'cache-mode': 'gha' }]
  ])('no probe %s', async (_label, extra) => {
    const runner = recordingRunner(inputs(extra), {}, { env: { ...env, ACTIONS_RUNTIME_TOKEN: '', ACTIONS_CACHE_URL: 'http://127.0.0.1:1/' } })
    await run(runner)
    expect(runner.state[STATE_KEYS.cacheProbe]).toBeUndefined()
    expect(fs.readdirSync(path.join(dir, 'temp'))).toEqual([])
    expect(fs.existsSync(path.join(dir, 'calls.log'))).toBe(false)
  })
})
