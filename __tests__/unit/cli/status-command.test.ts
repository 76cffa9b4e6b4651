// status without --host: one row per repository and scope.
import { describe, expect, test } from '@jest/globals'
import path from 'node:path'
import { EXIT } from '../../../src/cli/cli.js'
import { cli, eachCliVolume, runCli } from '../../../__fixtures__/cli.js'
import { ABSENT_DOCKER, eachHostVolume } from '../../../__fixtures__/host-volume.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'

let dir: string
let volume: string

describe('status', () => {
  eachCliVolume((fixture) => ({ dir, volume } = fixture))

  test('one row per repo and scope', async () => {
    const result = await cli('status', '--volume', volume)
    expect(result.code).toBe(EXIT.ok)
    const rows = result.out
      .split('\n')
      .slice(2)
      .map((line) => line.split(/\s+/))
    expect(rows.map(([repo, scope, , , lastUsed, state]) => [repo, scope, lastUsed, state])).toEqual([
      ['app', 'main', '-', 'ok'],
      ['app', 'dev', '-', 'ok'],
      ['web', 'main', '-', 'ok']
    ])
  })

  test('a scope named constructor with no last-used record shows none', async () => {
    writeCacheTag(path.join(volume, 'web'), 'constructor')
    const result = await cli('status', '--volume', volume, '--repo', 'web')
    expect(result.code).toBe(EXIT.ok)
    expect(result.out.split('\n')[3]).toMatch(/^web\s+constructor\s+\S+\s+4\s+-\s+ok$/)
  })

  test('an empty volume has no stores: exit 0', async () => {
    const empty = path.join(dir, 'x')
    expect(await cli('status', '--volume', empty)).toEqual({ code: EXIT.ok, out: `No stores under ${empty}`, err: '' })
  })
})

describe('status --host', () => {
  eachHostVolume((host) => ({ volume } = host))

  test('without --host the per-scope table is as it was', async () => {
    const result = await runCli(ABSENT_DOCKER, ['status', '--volume', volume, '--repo', 'r1'])
    expect(result.out.split('\n').map((line) => line.split(/\s+/).slice(0, 2))).toEqual([
      ['REPO', 'SCOPE'],
      [expect.stringMatching(/^-+$/), expect.stringMatching(/^-+$/)],
      ['r1', 'main'],
      ['r1', 'feature-x']
    ])
  })
})
