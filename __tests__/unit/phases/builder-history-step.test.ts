import { describe, expect, test } from '@jest/globals'
import type { BuildSteps } from '../../../src/history/build-records.js'
import { reportSteps } from '../../../src/phases/builder-history-step.js'
import { recordingRunner } from '../../../__fixtures__/runner.js'

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
