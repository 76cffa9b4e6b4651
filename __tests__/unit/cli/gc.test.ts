// gc: retention and garbage collection of each store, then the host pass, on stores in a real temp
// folder: exact exit codes and messages, and nothing outside --volume is ever touched.
import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { EXIT } from '../../../src/cli/cli.js'
import { formatBytes } from '../../../src/config/units.js'
import { readStoreUsage, writeStoreUsage } from '../../../src/host/host-scan.js'
import { storeLayout } from '../../../src/store/layout.js'
import { readIndex, tagOf } from '../../../src/store/oci.js'
import { cli, corruptDevLayer, eachCliVolume } from '../../../__fixtures__/cli.js'
import { allStoreBytes, BUILDER, eachHostVolume, hostCli, hostDocker, MAIN_USED, NOW, REPOS, storeBytes } from '../../../__fixtures__/host-volume.js'
import { blobFile, writeBlob } from '../../../__fixtures__/oci.js'

let volume: string

const tags = (repo: string) => readIndex(path.join(volume, repo, 'index.json')).manifests.map(tagOf)

describe('gc', () => {
  eachCliVolume((fixture) => ({ volume } = fixture))

  test('a garbage manifest in one scope and an unreferenced blob: the scope is dropped with a warning, the blob deleted, exit 0', async () => {
    const store = path.join(volume, 'app')
    const dev = readIndex(path.join(store, 'index.json')).manifests[1]
    fs.writeFileSync(blobFile(store, dev.digest), 'x'.repeat(dev.size))
    const orphan = writeBlob(store, 'old and unreferenced', 'application/octet-stream')
    const result = await cli('gc', '--volume', volume, '--repo', 'app')
    expect(result.code).toBe(EXIT.ok)
    expect(result.err.split('\n')).toEqual(['[1/1] app', `warning: Dropping scope dev from the store: manifest ${dev.digest} does not match its digest`])
    // dev's four blobs (two layers, config, manifest) and the orphan.
    expect(result.out).toMatch(/^app: drop no scope; gc deleted 5 blobs \(\d+B\); keeps 4 blobs \(\d+B\)$/)
    expect(fs.existsSync(blobFile(store, orphan.digest))).toBe(false)
    expect(tags('app')).toEqual(['main'])
    expect((await cli('check', '--volume', volume)).code).toBe(EXIT.ok)
  })

  test('an aborted sweep says so with the reason, prints no counts, exit 1; the other stores are collected', async () => {
    fs.writeFileSync(path.join(volume, 'app', 'index.json'), '{not json')
    const orphan = writeBlob(path.join(volume, 'app'), 'unreferenced', 'application/octet-stream')
    const result = await cli('gc', '--volume', volume)
    expect(result.code).toBe(EXIT.problems)
    const [app, web] = result.out.split('\n')
    expect(app).toMatch(/^app: drop no scope; gc aborted: index.json could not be read: index.json is not JSON: /)
    expect(app).not.toMatch(/blobs/)
    expect(web).toMatch(/^web: drop no scope; gc deleted 0 blobs \(0B\); keeps 4 blobs/)
    expect(fs.existsSync(blobFile(path.join(volume, 'app'), orphan.digest))).toBe(true)
  })

  test('--verify-digests drops the scope referencing content that fails its digest; --dry-run reports the same', async () => {
    const digest = corruptDevLayer(volume)
    const dry = await cli('gc', '--volume', volume, '--repo', 'app', '--verify-digests', '--dry-run')
    expect(dry.err).toContain(`warning: Dropping scope dev from the store: blob ${digest} does not match its content`)
    expect(tags('app')).toEqual(['main', 'dev'])
    const real = await cli('gc', '--volume', volume, '--repo', 'app', '--verify-digests')
    expect(real.code).toBe(EXIT.ok)
    expect(real.out).toBe(dry.out.replace(/would delete/g, 'deleted').replace(/would /g, ''))
    expect(real.out).toMatch(/deleted 4 blobs/)
    expect(tags('app')).toEqual(['main'])
    expect(fs.existsSync(blobFile(path.join(volume, 'app'), digest))).toBe(false)
  })

  test('without --verify-digests, content is not hashed: a same-size corrupt layer is kept', async () => {
    const digest = corruptDevLayer(volume)
    expect((await cli('gc', '--volume', volume, '--repo', 'app')).code).toBe(EXIT.ok)
    expect(tags('app')).toEqual(['main', 'dev'])
    expect(fs.existsSync(blobFile(path.join(volume, 'app'), digest))).toBe(true)
  })

  test('the lock is taken inside the store, and released', async () => {
    expect((await cli('gc', '--volume', volume, '--repo', 'web')).code).toBe(EXIT.ok)
    expect(fs.readdirSync(volume).sort()).toEqual(['app', 'web'])
    expect(fs.existsSync(path.join(volume, 'web', '.lock'))).toBe(false)
  })
})

describe('bad flag values: exit 2, naming the flag, the value and what is allowed', () => {
  eachCliVolume((fixture) => ({ volume } = fixture))

  const SIZE = 'a positive size with a unit is allowed, such as 500MiB, 10GiB or 20GB'
  const DURATION = 'a positive duration with a unit (s, m, h, d, w) is allowed, such as 30m, 6h or 14d'
  test.each([
    [['gc', '--max-size', 'big'], `Option '--max-size' has an invalid value 'big': ${SIZE}`],
    [['gc', '--max-size', '100'], `Option '--max-size' has an invalid value '100': ${SIZE}`],
    [['gc', '--max-age', 'soon'], `Option '--max-age' has an invalid value 'soon': ${DURATION}`]
  ])('%j', async (argv, message) => {
    expect(await cli(...argv, '--volume', volume)).toEqual({ code: EXIT.usage, out: '', err: message })
  })
})

describe('gc: the host pass after every store', () => {
  let featureBytes: Record<string, number>
  eachHostVolume((host) => ({ volume, featureBytes } = host))
  /** Over the budget by r3's and r1's feature scopes and a quarter of the builder's cache. */
  const overBy = () => featureBytes.r3 + featureBytes.r1 + 1000
  const budgetFlags = () => ['--host-max-size', `${allStoreBytes(volume) + BUILDER.cacheBytes - overBy()}B`, '--host-min-free', '1KiB']
  const EVICTIONS = () => [
    `Host budget: evicted scope feature-x of r3 (${formatBytes(featureBytes.r3)}), least recently used on the host`,
    `Host budget: evicted scope feature-x of r1 (${formatBytes(featureBytes.r1)}), least recently used on the host`,
    'Host budget: pruned builder cachekeeper-old from 3.9KiB to 2.9KiB'
  ]
  const hostLines = (out: string) => out.split('\n').filter((line) => line.startsWith('Host budget:'))

  test('--host-max-size evicts least recently used first across repositories, the builder pruned smaller, then the host line', async () => {
    const { calls, docker } = hostDocker()
    const before = allStoreBytes(volume)
    const result = await hostCli(docker, 'gc', '--volume', volume, ...budgetFlags())
    expect(result.code).toBe(EXIT.ok)
    expect(hostLines(result.out)).toEqual(EVICTIONS())
    for (const repo of REPOS) expect(tags(repo)).toEqual(repo === 'r1' || repo === 'r3' ? ['main'] : ['main', 'feature-x'])
    expect(calls).toEqual([
      'buildx du --builder cachekeeper-old',
      'buildx prune --help',
      'buildx prune --builder cachekeeper-old --force --all --reserved-space 3000',
      'buildx du --builder cachekeeper-old'
    ])
    const after = allStoreBytes(volume)
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
    const { calls, docker } = hostDocker()
    const usage = fs.readFileSync(path.join(volume, 'r1', '.meta', 'usage.json'), 'utf8')
    const dry = await hostCli(docker, 'gc', '--volume', volume, '--dry-run', ...budgetFlags())
    expect(dry.code).toBe(EXIT.ok)
    expect(calls).toEqual([])
    for (const repo of REPOS) expect(tags(repo)).toEqual(['main', 'feature-x'])
    expect(fs.readFileSync(path.join(volume, 'r1', '.meta', 'usage.json'), 'utf8')).toBe(usage)
    const real = await hostCli(docker, 'gc', '--volume', volume, ...budgetFlags())
    expect(hostLines(real.out)).toEqual(EVICTIONS())
    expect(hostLines(dry.out)).toEqual(hostLines(real.out).map((line) => line.replace('evicted', 'would evict').replace('pruned', 'would prune')))
  })

  test('within the budget: nothing evicted, no docker call, the host line only', async () => {
    const { calls, docker } = hostDocker()
    const result = await hostCli(docker, 'gc', '--volume', volume, '--host-min-free', '1KiB')
    expect(result.code).toBe(EXIT.ok)
    expect(hostLines(result.out)).toEqual([])
    expect(calls).toEqual([])
    expect(result.out.split('\n').at(-1)).toMatch(/^host: all caches /)
  })

  test('a builder that cannot be pruned is a warning and exit 1; the scopes are still evicted', async () => {
    const result = await hostCli(undefined, 'gc', '--volume', volume, ...budgetFlags())
    expect(result.code).toBe(EXIT.problems)
    expect(result.err).toContain('warning: Host budget: builder cachekeeper-old not pruned to 2.9KiB: spawn docker ENOENT')
    expect(tags('r3')).toEqual(['main'])
  })

  test('every store gets a record, as post writes: bytes kept, its newest scope use, and the default branch a record already names', async () => {
    const r1 = storeLayout(path.join(volume, 'r1'))
    const r2 = storeLayout(path.join(volume, 'r2'))
    fs.rmSync(path.join(r1.meta, 'usage.json'))
    writeStoreUsage(r2, { bytes: 1, lastUsedMs: 1, defaultBranch: ['trunk'] })
    expect((await hostCli(undefined, 'gc', '--volume', volume, '--host-min-free', '1KiB', '--default-branch', 'develop')).code).toBe(EXIT.ok)
    expect(readStoreUsage(r1, 'r1')).toEqual({ repo: 'r1', bytes: storeBytes(r1.root), lastUsedMs: MAIN_USED, defaultBranch: ['develop'] })
    expect(readStoreUsage(r2, 'r2')).toEqual({ repo: 'r2', bytes: storeBytes(r2.root), lastUsedMs: MAIN_USED, defaultBranch: ['trunk'] })
  })

  test('with --repo only that store: no host pass', async () => {
    const result = await hostCli(undefined, 'gc', '--volume', volume, '--repo', 'r1')
    expect(result.code).toBe(EXIT.ok)
    expect(result.out).not.toMatch(/host/i)
  })
})
