// What --volume and --repo point the store commands at (args.ts): it must exist and stay inside the volume.
import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { EXIT } from '../../../src/cli/cli.js'
import { cli, eachCliVolume } from '../../../__fixtures__/cli.js'

let dir: string
let volume: string
let sentinel: string

eachCliVolume((fixture) => ({ dir, volume, sentinel } = fixture))

describe('what the commands are pointed at must exist', () => {
  test.each(['status', 'check', 'gc'])('%s --volume that does not exist: exit 1 naming the path', async (command) => {
    const missing = path.join(dir, 'no-such-volume')
    expect(await cli(command, '--volume', missing)).toEqual({ code: EXIT.problems, out: '', err: `--volume ${missing}: no such directory` })
    expect(fs.existsSync(missing)).toBe(false)
  })

  test.each(['status', 'check', 'gc'])('%s --volume that is a file: exit 1 naming the path', async (command) => {
    const file = path.join(volume, 'app', 'oci-layout')
    expect(await cli(command, '--volume', file)).toEqual({ code: EXIT.problems, out: '', err: `--volume ${file}: not a directory` })
  })

  test.each(['status', 'check', 'gc'])('%s --repo that names no store: exit 1 naming the path', async (command) => {
    expect(await cli(command, '--volume', volume, '--repo', 'typo')).toEqual({
      code: EXIT.problems,
      out: '',
      err: `--repo typo: no store at ${volume}/typo (a directory holding oci-layout)`
    })
    expect(fs.existsSync(path.join(volume, 'typo'))).toBe(false)
  })

  test.each(['status', 'check', 'gc'])('%s --repo that is a symlink to a store outside the volume: exit 1, nothing there is touched', async (command) => {
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(volume, 'linked'))
    expect(await cli(command, '--volume', volume, '--repo', 'linked')).toMatchObject({
      code: EXIT.problems,
      err: expect.stringContaining(`no store at ${volume}/linked`)
    })
  })

  test.each([
    ['../x', 'status'],
    ['../x', 'check'],
    ['../x', 'gc'],
    ['../x', 'plan'],
    ['.', 'gc'],
    ['a/b', 'check'],
    ['', 'status']
  ])('--repo %j is refused like repo-name (%s): exit 2 naming --repo', async (repo, command) => {
    expect(await cli(command, '--volume', volume, '--repo', repo)).toEqual({
      code: EXIT.usage,
      out: '',
      err: `Option '--repo' has an invalid value '${repo}': one path segment of letters, digits, ., _ or - (at most 100, not starting with . or -) is allowed`
    })
    expect(fs.existsSync(path.join(sentinel, '.lock'))).toBe(false)
  })
})
