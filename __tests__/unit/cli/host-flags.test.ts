// host-max-size and host-min-free as flags of gc and status (host-flags.ts): what each command
// refuses, before any of the five repositories' stores is touched.
import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { EXIT } from '../../../src/cli/cli.js'
import { formatBytes } from '../../../src/config/units.js'
import { readIndex, tagOf } from '../../../src/store/oci.js'
import { diskStat } from '../../../src/store/volume.js'
import { eachHostVolume, hostCli as cli, REPOS } from '../../../__fixtures__/host-volume.js'

let volume: string

eachHostVolume((host) => ({ volume } = host))

const tags = (repo: string) => readIndex(path.join(volume, repo, 'index.json')).manifests.map(tagOf)

describe('bad host flag values: exit 2, naming the flag and the value; nothing is touched', () => {
  const SIZE = 'a size with a unit (20GiB, 500MB), a share of the disk (20%) or auto is allowed'
  test.each([
    [['gc', '--host-max-size', 'lots'], `Option '--host-max-size' has an invalid value 'lots': ${SIZE}`],
    [
      ['gc', '--host-max-size', '150%'],
      "Option '--host-max-size' has an invalid value '150%': a share of the disk from above 0% to 100% is allowed, or a size such as 20GiB"
    ],
    [
      ['gc', '--host-min-free', '100%'],
      "Option '--host-min-free' has an invalid value '100%': a share of the disk from above 0% to 99% is allowed, or a size such as 20GiB"
    ],
    [['gc', '--host-min-free', '10'], `Option '--host-min-free' has an invalid value '10': ${SIZE}`],
    [
      ['status', '--host', '--host-max-size', '0%'],
      "Option '--host-max-size' has an invalid value '0%': a share of the disk from above 0% to 100% is allowed, or a size such as 20GiB"
    ],
    [['status', '--host-max-size', '50%'], "Option '--host-max-size' has an invalid value '50%': only with --host, the view of the whole host"],
    [
      ['gc', '--repo', 'r1', '--host-min-free', '10GiB'],
      "Option '--host-min-free' has an invalid value '10GiB': the host budget is kept by gc without --repo, over every repository under the volume"
    ],
    [
      ['status', '--host', '--repo', 'r1'],
      "Option '--repo' has an invalid value 'r1': not with --host, which covers every repository under the volume (status --repo lists one store)"
    ]
  ])('%j', async (argv, message) => {
    expect(await cli(undefined, ...argv, '--volume', volume)).toEqual({ code: EXIT.usage, out: '', err: message })
    for (const repo of REPOS) expect(tags(repo)).toEqual(['main', 'feature-x'])
  })

  test.each(['gc', 'status'])('%s: a --host-max-size larger than the disk, before any store is touched', async (command) => {
    const total = formatBytes(diskStat(volume)!.totalBytes)
    const usage = fs.readFileSync(path.join(volume, 'r1', '.meta', 'usage.json'), 'utf8')
    const argv = command === 'gc' ? ['gc'] : ['status', '--host']
    expect(await cli(undefined, ...argv, '--volume', volume, '--host-max-size', '999TB')).toEqual({
      code: EXIT.usage,
      out: '',
      err: `Option '--host-max-size' has an invalid value '999TB': at most the volume's disk, ${total}, or a share of it (80%) is allowed`
    })
    expect(fs.readFileSync(path.join(volume, 'r1', '.meta', 'usage.json'), 'utf8')).toBe(usage)
  })
})
