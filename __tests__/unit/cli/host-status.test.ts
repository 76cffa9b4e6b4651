// status --host: every store, persistent builder and disk on the host against the host budget, on
// five repositories' stores in a real temp folder and a persistent builder's record, with a docker
// that answers as buildx would.
import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { EXIT } from '../../../src/cli/cli.js'
import { formatBytes } from '../../../src/config/units.js'
import { diskStat } from '../../../src/store/volume.js'
import { allStoreBytes, BUILDER, eachHostVolume, hostCli as cli, hostDocker, MAIN_USED, REPOS, storeBytes } from '../../../__fixtures__/host-volume.js'

let volume: string

eachHostVolume((host) => ({ volume } = host))

const iso = (ms: number) => new Date(ms).toISOString()
const minute = (ms: number) => iso(ms).replace('T', ' ').slice(0, 16)

describe('status --host', () => {
  test('--json: every store, the persistent builder, the setup-buildx count, the disk, the budget resolved for it and the totals', async () => {
    const { docker } = hostDocker()
    const result = await cli(docker, 'status', '--host', '--volume', volume, '--host-max-size', '50%', '--host-min-free', '1GiB', '--json')
    expect(result).toMatchObject({ code: EXIT.ok, err: '' })
    const disk = diskStat(volume)!
    const stores = allStoreBytes(volume)
    expect(JSON.parse(result.out)).toEqual({
      volume,
      stores: REPOS.map((repo) => ({ repo, bytes: storeBytes(path.join(volume, repo)), lastUsed: iso(MAIN_USED), scopes: 2, recorded: true })),
      builders: [{ name: BUILDER.name, repo: 'old', cacheBytes: 4000, measured: iso(BUILDER.budgetCheckedMs), lastUsed: iso(BUILDER.lastUsedMs) }],
      setupBuildxBuilders: 2,
      disks: [{ path: volume, totalBytes: disk.totalBytes, freeBytes: expect.any(Number), stores: REPOS }],
      budget: { hostMaxSize: '50%', hostMinFree: '1GiB', maxBytes: Math.floor(disk.totalBytes / 2), minFreeBytes: 1024 ** 3 },
      totals: { storeBytes: stores, builderBytes: 4000, cacheBytes: stores + 4000, headroomBytes: expect.any(Number) }
    })
  })

  test('the table: a row per store, builder, disk and budget, then the totals; a store with no record is measured and says so', async () => {
    fs.rmSync(path.join(volume, 'r5', '.meta', 'usage.json'))
    const { docker } = hostDocker()
    const result = await cli(docker, 'status', '--host', '--volume', volume)
    expect(result.code).toBe(EXIT.ok)
    const lines = result.out.split('\n')
    expect(lines[0]).toMatch(/^KIND +NAME +SIZE +LAST USED +DETAIL$/)
    const row = (kind: string, name: string) => lines.find((line) => new RegExp(`^${kind} +${name} `).test(line))
    for (const repo of REPOS) {
      const size = formatBytes(storeBytes(path.join(volume, repo))).replace('.', '\\.')
      const detail = repo === 'r5' ? '2 scopes; no record yet: measured now' : '2 scopes'
      expect(row('store', repo)).toMatch(new RegExp(`^store +${repo} +${size} +${minute(MAIN_USED)} +${detail}$`))
    }
    expect(row('builder', BUILDER.name)).toMatch(
      new RegExp(`^builder +${BUILDER.name} +3\\.9KiB +${minute(BUILDER.lastUsedMs)} +repository old; measured ${minute(BUILDER.budgetCheckedMs)}$`)
    )
    expect(row('builders', 'setup-buildx')).toMatch(/ 2 containers \(prune-builders removes the stale ones\)$/)
    expect(row('disk', volume.replace(/[.]/g, '\\.'))).toMatch(/ free; the volume, stores r1, r2, r3, r4, r5$/)
    expect(row('budget', 'host-max-size')).toMatch(/ auto: 80% of the disk, at most 100GB$/)
    expect(row('budget', 'host-min-free')).toMatch(/ auto: 20% of the disk$/)
    expect(row('total', 'stores')).toMatch(/ 5 stores$/)
    expect(row('total', 'builders')).toMatch(/^total +builders +3\.9KiB +- +1 persistent builder$/)
    expect(row('total', 'all caches')).toMatch(/ all caches \S+ of \S+ host-max-size; volume's disk \S+ free \(host-min-free \S+\); \S+ headroom$/)
    expect(lines).toHaveLength(2 + 5 + 1 + 1 + 1 + 2 + 3)
  })

  test('docker not there: no setup-buildx row, null in --json, still exit 0', async () => {
    const table = await cli(undefined, 'status', '--host', '--volume', volume)
    expect(table.code).toBe(EXIT.ok)
    expect(table.out).not.toMatch(/setup-buildx/)
    const json = await cli(undefined, 'status', '--host', '--volume', volume, '--json')
    expect(JSON.parse(json.out)).toMatchObject({ setupBuildxBuilders: null })
  })
})
