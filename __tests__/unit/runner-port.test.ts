import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { recordingRunner } from '../../__fixtures__/runner.js'
import { STATE_KEYS } from '../../src/config/names.js'
import * as main from '../../src/phases/main.js'
import * as post from '../../src/phases/post.js'
import * as pre from '../../src/phases/pre.js'

// The phases run through the runner they are given: no module mock of @actions/core.
const ENV = { GITHUB_REPOSITORY: 'acme/app', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_EVENT_NAME: 'push' }
let saved: NodeJS.ProcessEnv
let volume: string

beforeEach(() => {
  saved = { ...process.env }
  for (const name of ['GITHUB_EVENT_PATH', 'GITEA_ACTIONS', 'GITHUB_STEP_SUMMARY', 'RUNNER_TEMP']) delete process.env[name]
  Object.assign(process.env, ENV)
  volume = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-port-'))
})

afterEach(() => {
  process.env = saved
  fs.rmSync(volume, { recursive: true, force: true })
})

describe('phases through a recording runner', () => {
  test('pre without pruning hands main its count in state', async () => {
    const runner = recordingRunner({ 'prune-builders': 'false' })
    await pre.run(runner)
    expect(runner.state[STATE_KEYS.buildersPruned]).toBe('0')
    expect(runner.log).toContainEqual({ level: 'info', text: 'Builder pruning is off (prune-builders: false)' })
  })

  test('main sets the outputs and its table, and post finds main’s state and cleans the snapshot up', async () => {
    const inputs = { 'volume-path': volume, 'repo-name': 'app', 'prune-builders': 'false' }
    const job = recordingRunner(inputs)
    await main.run(job)
    // (A warning that the tmp folder is not a mounted volume may come where this runs in a container.)
    expect(job.log.filter(({ level }) => level === 'failed')).toEqual([])
    expect(job.outputs['cache-to']).toMatch(new RegExp(`^type=local,dest=${volume}/app/.staging/[^,]+,tag=main,`))
    expect(job.outputs['cache-hit']).toBe('false')
    expect(job.tables.map(({ title }) => title)).toEqual(['Build cache'])
    const snapshots = path.join(volume, 'app', '.staging')
    expect(fs.readdirSync(snapshots)).toHaveLength(1)

    // No build ran: post promotes nothing, says so, and leaves no snapshot behind.
    const after = recordingRunner(inputs, job.state)
    await post.run(after)
    expect(after.log.filter(({ level }) => level === 'warning')).toEqual([])
    expect(after.tables.map(({ title }) => title)).toEqual(['Build cache promotion'])
    expect(fs.existsSync(snapshots) ? fs.readdirSync(snapshots) : []).toEqual([])
  })

  test('a bad input fails main through the runner, naming the input', async () => {
    const runner = recordingRunner({ 'cache-mode': 'nfs', 'repo-name': 'app' })
    await main.run(runner)
    expect(runner.log).toContainEqual({ level: 'failed', text: expect.stringMatching(/^Input 'cache-mode' has an invalid value 'nfs'/) })
    expect(runner.outputs).toEqual({})
  })
})
