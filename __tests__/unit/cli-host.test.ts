// The host budget from the command line: `status --host` and the host pass of
// `gc`, on five repositories' stores in a real temp folder and a persistent
// builder's record, with a docker that answers as buildx would.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EXIT, main } from '../../src/cli/cli.js'
import { hostWords } from '../../src/host/host-pass.js'
import { formatBytes } from '../../src/config/units.js'
import { readStoreUsage, writeStoreUsage } from '../../src/host/host-scan.js'
import { hostRow } from '../../src/phases/host-step.js'
import { updateLastUsed } from '../../src/store/last-used.js'
import { silentLogger } from '../../src/log.js'
import { storeLayout } from '../../src/store/layout.js'
import { withStoreLock } from '../../src/store/lock.js'
import { readIndex, tagOf } from '../../src/store/oci.js'
import { diskStat } from '../../src/store/volume.js'
import { writeCacheTag } from '../../__fixtures__/oci.js'

const HOUR = 3600e3
const NOW = Date.now()
const MAIN_USED = NOW - 60e3
/** Hours since each repository's feature-x scope was last used: r3 is the least recently used on the host, then r1. */
const FEATURE_AGE: Record<string, number> = { r1: 4, r2: 2, r3: 5, r4: 1, r5: 3 }
const REPOS = Object.keys(FEATURE_AGE)
/** Used between r1's and r5's feature scopes: third in line. */
const BUILDER = { name: 'cachekeeper-old', repoName: 'old', lastUsedMs: NOW - 3.5 * HOUR, cacheBytes: 4000, budgetCheckedMs: NOW - 3.5 * HOUR }

let dir: string
let volume: string
/** Bytes only each repository's feature-x scope references. */
let featureBytes: Record<string, number>

const sizes = (root: string, hexes: string[]) => hexes.reduce((sum, hex) => sum + fs.statSync(path.join(root, 'blobs', 'sha256', hex)).size, 0)
const storeBytes = (root: string) => sizes(root, fs.readdirSync(path.join(root, 'blobs', 'sha256')))
const allStoreBytes = () => REPOS.reduce((sum, repo) => sum + storeBytes(path.join(volume, repo)), 0)
const tags = (repo: string) => readIndex(path.join(volume, repo, 'index.json')).manifests.map(tagOf)

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-host-test-'))
  volume = path.join(dir, 'volume')
  featureBytes = {}
  for (const [repo, hours] of Object.entries(FEATURE_AGE)) {
    const root = path.join(volume, repo)
    writeCacheTag(root, 'main')
    featureBytes[repo] = sizes(root, writeCacheTag(root, 'feature-x').blobs)
    const layout = storeLayout(root)
    await withStoreLock(layout, silentLogger, (lock) => {
      updateLastUsed(lock, layout, { used: ['main'] }, MAIN_USED)
      updateLastUsed(lock, layout, { used: ['feature-x'] }, NOW - hours * HOUR)
    })
    writeStoreUsage(layout, { bytes: storeBytes(root), lastUsedMs: MAIN_USED, defaultBranch: ['main'] })
  }
  fs.mkdirSync(path.join(volume, '.builders'))
  const record = { ...BUILDER, maxAgeMs: 14 * 24 * HOUR, driverOpts: [] }
  fs.writeFileSync(path.join(volume, '.builders', `${BUILDER.name}.json`), JSON.stringify(record))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A docker that answers as buildx and the engine would, and records every call. */
function fakeDocker() {
  const calls: string[] = []
  let cacheBytes = '4kB'
  const docker = async (args: string[]) => {
    calls.push(args.join(' '))
    if (args[0] === 'ps') {
      const names = [
        'buildx_buildkit_builder-0f3a4b5c-1d2e-4f60-8a9b-0c1d2e3f4a5b0',
        'buildx_buildkit_builder-aaaabbbb-cccc-dddd-eeee-ffff000011110',
        'postgres'
      ]
      return { code: 0, stdout: names.join('\n') + '\n', stderr: '' }
    }
    if (args[1] === 'du') return { code: 0, stdout: `ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\nTotal:\t${cacheBytes}\n`, stderr: '' }
    if (args[1] === 'prune' && args[2] === '--help')
      return { code: 0, stdout: '      --reserved-space bytes   Amount of disk space always allowed to keep for cache\n', stderr: '' }
    if (args[1] === 'prune') cacheBytes = `${Number(args.at(-1)) / 1000}kB`
    if (args[1] === 'prune') return { code: 0, stdout: 'ID\tRECLAIMABLE\tSIZE\nTotal:\t1kB\n', stderr: '' }
    return { code: 1, stdout: '', stderr: 'unexpected' }
  }
  return { calls, docker }
}

async function cli(docker: ReturnType<typeof fakeDocker>['docker'] | undefined, ...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const noDocker = async () => {
    throw new Error('spawn docker ENOENT')
  }
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text), docker: docker ?? noDocker })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const iso = (ms: number) => new Date(ms).toISOString()
const minute = (ms: number) => iso(ms).replace('T', ' ').slice(0, 16)

describe('status --host', () => {
  test('--json: every store, the persistent builder, the setup-buildx count, the disk, the budget resolved for it and the totals', async () => {
    const { docker } = fakeDocker()
    const result = await cli(docker, 'status', '--host', '--volume', volume, '--host-max-size', '50%', '--host-min-free', '1GiB', '--json')
    expect(result).toMatchObject({ code: EXIT.ok, err: '' })
    const disk = diskStat(volume)!
    const stores = allStoreBytes()
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
    const { docker } = fakeDocker()
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

  test('without --host the per-scope table is as it was', async () => {
    const result = await cli(undefined, 'status', '--volume', volume, '--repo', 'r1')
    expect(result.out.split('\n').map((line) => line.split(/\s+/).slice(0, 2))).toEqual([
      ['REPO', 'SCOPE'],
      [expect.stringMatching(/^-+$/), expect.stringMatching(/^-+$/)],
      ['r1', 'main'],
      ['r1', 'feature-x']
    ])
  })
})

describe('gc: the host pass after every store', () => {
  /** Over the budget by r3's and r1's feature scopes and a quarter of the builder's cache. */
  const overBy = () => featureBytes.r3 + featureBytes.r1 + 1000
  const budgetFlags = () => ['--host-max-size', `${allStoreBytes() + BUILDER.cacheBytes - overBy()}B`, '--host-min-free', '1KiB']
  const EVICTIONS = () => [
    `Host budget: evicted scope feature-x of r3 (${formatBytes(featureBytes.r3)}), least recently used on the host`,
    `Host budget: evicted scope feature-x of r1 (${formatBytes(featureBytes.r1)}), least recently used on the host`,
    'Host budget: pruned builder cachekeeper-old from 3.9KiB to 2.9KiB'
  ]
  const hostLines = (out: string) => out.split('\n').filter((line) => line.startsWith('Host budget:'))

  test('--host-max-size evicts least recently used first across repositories, the builder pruned smaller, then the host line', async () => {
    const { calls, docker } = fakeDocker()
    const before = allStoreBytes()
    const result = await cli(docker, 'gc', '--volume', volume, ...budgetFlags())
    expect(result.code).toBe(EXIT.ok)
    expect(hostLines(result.out)).toEqual(EVICTIONS())
    for (const repo of REPOS) expect(tags(repo)).toEqual(repo === 'r1' || repo === 'r3' ? ['main'] : ['main', 'feature-x'])
    expect(calls).toEqual([
      'buildx du --builder cachekeeper-old',
      'buildx prune --help',
      'buildx prune --builder cachekeeper-old --force --all --reserved-space 3000',
      'buildx du --builder cachekeeper-old'
    ])
    const after = allStoreBytes()
    expect(after).toBe(before - featureBytes.r1 - featureBytes.r3)
    // The builder's record holds what buildx du measured after the prune, its last use as it was: the host is now exactly at its budget.
    const record = JSON.parse(fs.readFileSync(path.join(volume, '.builders', `${BUILDER.name}.json`), 'utf8')) as { budgetCheckedMs: number }
    expect(record).toMatchObject({ cacheBytes: 3000, lastUsedMs: BUILDER.lastUsedMs, budgetCheckedMs: expect.any(Number) })
    expect(record.budgetCheckedMs).toBeGreaterThanOrEqual(NOW)
    const budget = formatBytes(before + BUILDER.cacheBytes - overBy())
    expect(formatBytes(after + 3000)).toBe(budget)
    expect(result.out.split('\n').at(-1)).toMatch(
      new RegExp(`^host: all caches ${budget} of ${budget} host-max-size; volume's disk \\S+ free \\(host-min-free 1KiB\\)$`.replace(/\./g, '\\.'))
    )
    // The records the next pass reads are what the stores hold now.
    expect(readStoreUsage(storeLayout(path.join(volume, 'r3')), 'r3')?.bytes).toBe(storeBytes(path.join(volume, 'r3')))
  })

  test('--dry-run prints the plan the real run then carries out, and changes nothing', async () => {
    const { calls, docker } = fakeDocker()
    const usage = fs.readFileSync(path.join(volume, 'r1', '.meta', 'usage.json'), 'utf8')
    const dry = await cli(docker, 'gc', '--volume', volume, '--dry-run', ...budgetFlags())
    expect(dry.code).toBe(EXIT.ok)
    expect(calls).toEqual([])
    for (const repo of REPOS) expect(tags(repo)).toEqual(['main', 'feature-x'])
    expect(fs.readFileSync(path.join(volume, 'r1', '.meta', 'usage.json'), 'utf8')).toBe(usage)
    const real = await cli(docker, 'gc', '--volume', volume, ...budgetFlags())
    expect(hostLines(real.out)).toEqual(EVICTIONS())
    expect(hostLines(dry.out)).toEqual(hostLines(real.out).map((line) => line.replace('evicted', 'would evict').replace('pruned', 'would prune')))
  })

  test('within the budget: nothing evicted, no docker call, the host line only', async () => {
    const { calls, docker } = fakeDocker()
    const result = await cli(docker, 'gc', '--volume', volume, '--host-min-free', '1KiB')
    expect(result.code).toBe(EXIT.ok)
    expect(hostLines(result.out)).toEqual([])
    expect(calls).toEqual([])
    expect(result.out.split('\n').at(-1)).toMatch(/^host: all caches /)
  })

  test('a builder that cannot be pruned is a warning and exit 1; the scopes are still evicted', async () => {
    const result = await cli(undefined, 'gc', '--volume', volume, ...budgetFlags())
    expect(result.code).toBe(EXIT.problems)
    expect(result.err).toContain('warning: Host budget: builder cachekeeper-old not pruned to 2.9KiB: spawn docker ENOENT')
    expect(tags('r3')).toEqual(['main'])
  })

  test('every store gets a record, as post writes: bytes kept, its newest scope use, and the default branch a record already names', async () => {
    const r1 = storeLayout(path.join(volume, 'r1'))
    const r2 = storeLayout(path.join(volume, 'r2'))
    fs.rmSync(path.join(r1.meta, 'usage.json'))
    writeStoreUsage(r2, { bytes: 1, lastUsedMs: 1, defaultBranch: ['trunk'] })
    expect((await cli(undefined, 'gc', '--volume', volume, '--host-min-free', '1KiB', '--default-branch', 'develop')).code).toBe(EXIT.ok)
    expect(readStoreUsage(r1, 'r1')).toEqual({ repo: 'r1', bytes: storeBytes(r1.root), lastUsedMs: MAIN_USED, defaultBranch: ['develop'] })
    expect(readStoreUsage(r2, 'r2')).toEqual({ repo: 'r2', bytes: storeBytes(r2.root), lastUsedMs: MAIN_USED, defaultBranch: ['trunk'] })
  })

  test('with --repo only that store: no host pass', async () => {
    const result = await cli(undefined, 'gc', '--volume', volume, '--repo', 'r1')
    expect(result.code).toBe(EXIT.ok)
    expect(result.out).not.toMatch(/host/i)
  })

  test("the host line says what post's host row says", () => {
    const report = { cacheBytes: 5e9, budget: { maxBytes: 8e9, minFreeBytes: 2e9 }, disk: { totalBytes: 10e9, freeBytes: 3e9 } }
    expect(hostWords(report)).toBe(hostRow(report)[1])
  })
})

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
