import { beforeEach, describe, expect, jest, test } from '@jest/globals'
import fs from 'node:fs'
import type { BuildSteps } from '../../../src/builders/persistent/buildx-output.js'
import type { BuilderState } from '../../../src/phases/builder-attach-step.js'
import * as core from '../../../__fixtures__/core.js'
import { recordingRunner } from '../../../__fixtures__/runner.js'

// The docker CLI as runner/exec.ts runs it: @actions/io finds it, @actions/exec runs it.
type ExecOutput = { exitCode: number; stdout: string; stderr: string }
const getExecOutput = jest.fn<(command: string, args?: string[], options?: object) => Promise<ExecOutput>>()
const which = jest.fn<(tool: string, check?: boolean) => Promise<string>>()
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('@actions/exec', () => ({ getExecOutput }))
jest.unstable_mockModule('@actions/io', () => ({ which }))
const { readSteps, reportSteps } = await import('../../../src/phases/builder-history-step.js')

// Two builds of one 8-step Dockerfile on a real builder, captured from buildx 0.36.1 and 0.29.1 (cold, then one step cached).
const fixture = (version: string, name: string) => fs.readFileSync(new URL(`../../../__fixtures__/buildx/${version}/${name}`, import.meta.url), 'utf8')
// When each 0.36.1 build started (created_at, to the millisecond), and a moment between 0.29.1's two.
const COLD_BUILD_AT = Date.parse('2026-12-02T07:03:29.793Z')
const WARM_BUILD_AT = Date.parse('2026-12-02T07:03:30.309Z')
const BETWEEN_029_BUILDS = Date.parse('2026-12-02T03:31:20.3Z')
const answered = (stdout: string, exitCode = 0, stderr = ''): ExecOutput => ({ exitCode, stdout, stderr })

const builder = (sinceMs?: number): BuilderState => ({
  name: 'cachekeeper-app',
  volumePath: '/opt/buildx-cache',
  maxSizeBytes: 10 * 1024 ** 3,
  dryRun: false,
  ...(sinceMs !== undefined ? { sinceMs } : {})
})

beforeEach(() => {
  core.resetCore()
  getExecOutput.mockReset()
  which.mockReset()
  which.mockResolvedValue('/usr/bin/docker')
})

describe('readSteps: the builds buildx recorded since main attached the builder', () => {
  test.each<[string, ExecOutput, number, BuildSteps[] | undefined]>([
    [
      'buildx 0.36: both builds of this job, oldest first (one started the millisecond main attached)',
      answered(fixture('0.36.1', 'history-ls.json')),
      COLD_BUILD_AT,
      [
        { name: 'hist-fx', cached: 0, total: 8 },
        { name: 'hist-fx', cached: 1, total: 8 }
      ]
    ],
    [
      'buildx 0.29: a build before main attached belongs to an earlier job',
      answered(fixture('0.29.1', 'history-ls.json')),
      BETWEEN_029_BUILDS,
      [{ name: 'hist-fx', cached: 1, total: 8 }]
    ],
    ['no build since then: an empty list', answered(fixture('0.36.1', 'history-ls.json')), WARM_BUILD_AT + 1, []],
    ['buildx 0.13 prints its help, no record: nothing, never a guess', answered(fixture('0.13.1', 'history-ls-help.txt')), 0, []],
    ['history ls exits non-zero: no history', answered('', 1, 'unknown command "history" for "docker buildx"'), 0, undefined]
  ])('%s', async (_name, answer, sinceMs, expected) => {
    getExecOutput.mockResolvedValue(answer)
    const runner = recordingRunner({})
    expect(await readSteps(builder(sinceMs), runner)).toEqual(expected)
    expect(getExecOutput.mock.calls).toEqual([
      ['docker', ['buildx', 'history', 'ls', '--builder', 'cachekeeper-app', '--format', 'json'], { silent: true, ignoreReturnCode: true }]
    ])
    expect(runner.log).toEqual([])
  })

  test('a builder state without an attach time (left by an older main): docker is not run', async () => {
    const runner = recordingRunner({})
    expect(await readSteps(builder(undefined), runner)).toBeUndefined()
    expect(which).not.toHaveBeenCalled()
    expect(getExecOutput).not.toHaveBeenCalled()
    expect(runner.log).toEqual([])
  })

  // Post goes on without the steps row: each failure is one debug line, never a thrown error.
  test.each<[string, () => void, string]>([
    [
      'no docker CLI on PATH',
      () => which.mockResolvedValue(''),
      'Build history not read: docker CLI not found on PATH; install it in the job container (or mount the host one) for builder pruning, or set prune-builders: false'
    ],
    ['docker cannot be started', () => getExecOutput.mockRejectedValue(new Error('spawn docker EACCES')), 'Build history not read: spawn docker EACCES'],
    ['something that is no Error is thrown', () => getExecOutput.mockRejectedValue('exec gave up'), 'Build history not read: exec gave up']
  ])('%s: undefined and one debug line', async (_name, arrange, debug) => {
    arrange()
    const runner = recordingRunner({})
    await expect(readSteps(builder(COLD_BUILD_AT), runner)).resolves.toBeUndefined()
    expect(runner.log).toEqual([{ level: 'debug', text: debug }])
  })
})

describe('reportSteps: the steps-cached output and a row per build', () => {
  test.each<[string, BuildSteps[], string, Array<[string, string]>]>([
    ['one named build', [{ name: 'hist-fx', cached: 1, total: 8 }], '1/8', [['build 1 (hist-fx)', '1 of 8 steps cached']]],
    [
      'builds in order, an unnamed one without a name',
      [
        { name: 'web', cached: 0, total: 8 },
        { name: '', cached: 7, total: 7 }
      ],
      '0/8\n7/7',
      [
        ['build 1 (web)', '0 of 8 steps cached'],
        ['build 2', '7 of 7 steps cached']
      ]
    ]
  ])('%s', async (_name, builds, output, rows) => {
    const runner = recordingRunner({})
    await reportSteps(builds, runner)
    expect(runner.outputs).toEqual({ 'steps-cached': output })
    expect(runner.tables).toEqual([{ title: 'Persistent builder steps', rows }])
  })

  test.each<[string, BuildSteps[] | undefined]>([
    ['no history (buildx 0.13, or not read)', undefined],
    ['no build this job', []]
  ])('%s: no output, no table', async (_name, builds) => {
    const runner = recordingRunner({})
    await reportSteps(builds, runner)
    expect(runner.outputs).toEqual({})
    expect(runner.tables).toEqual([])
  })
})
