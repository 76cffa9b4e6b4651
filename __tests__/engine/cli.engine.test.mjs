// The bundled command-line tool against real stores made by real builds.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, PROJECT_ROOT } from '../../scripts/lib/runner-emulation.mjs'
import { blobNames, readTags, storeProblems } from '../../scripts/lib/store-oracle.mjs'
import { testRunEnv } from '../../scripts/lib/test-run.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'))
const volume = path.join(tmp, 'volume')
// testRunEnv: prune-builders sees only what this test run created.
const cli = (...args) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js'), ...args], { encoding: 'utf8', env: testRunEnv() })

beforeAll(async () => {
  ensureEngine()
  // Two repositories, several scopes, all from real builds.
  for (const [repo, branches] of [
    ['api', ['main', 'dev']],
    ['web', ['main', 'feature-x', 'dev']]
  ]) {
    for (const branch of branches) {
      const project = writeProject(path.join(tmp, `${repo}-${branch}`), { nonce: `${repo}-${branch}-${Date.now()}`, layers: [['deps', 2]] })
      pruneBuilderCache()
      const job = await buildJob({ volume, project, event: eventFor('push', { branch }), inputs: { 'repo-name': repo } })
      expect(job.build.ok).toBe(true)
    }
  }
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** Every regular file under a store (index.json, blobs, its .meta) with the sha256 of its content. */
function storeFiles(dir) {
  const files = {}
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const file = path.join(current, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.isFile()) files[path.relative(dir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex')
    }
  }
  walk(dir)
  return files
}

/** The blobs (hex) one scope of a store reaches, read apart from src/. */
function scopeBlobs(storeDir, tag) {
  const descriptor = readTags(storeDir)[tag]
  expect(descriptor).toBeDefined()
  const reached = new Set()
  const visit = (d) => {
    const hex = d.digest.replace(/^sha256:/, '')
    reached.add(hex)
    if (!/manifest|index/.test(d.mediaType ?? '')) return
    const manifest = JSON.parse(fs.readFileSync(path.join(storeDir, 'blobs', 'sha256', hex), 'utf8'))
    for (const child of [...(manifest.manifests ?? []), ...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])]) visit(child)
  }
  visit(descriptor)
  return reached
}

describe('command-line tool', () => {
  test('status prints every repo and scope; --json has the same rows', () => {
    const result = cli('status', '--volume', volume)
    expect(result.status).toBe(0)
    // The scopes' table, then (after a blank line) each repository's builds, hit rate and time saved.
    const [scopes, repos] = result.stdout.trim().split('\n\n')
    const lines = scopes.split('\n')
    expect(lines[0]).toMatch(/^REPO\s+SCOPE\s+SIZE\s+BLOBS\s+LAST USED\s+STATE$/)
    const pairs = lines.slice(2).map((line) => line.split(/\s+/).slice(0, 2).join('/'))
    expect(pairs.sort()).toEqual(['api/dev', 'api/main', 'web/dev', 'web/feature-x', 'web/main'])
    expect(repos.split('\n')[0]).toMatch(/^REPO\s+BUILDS\s+HIT RATE\s+TIME SAVED \(ESTIMATE\)$/)
    expect(repos).toMatch(/^web\s+3\s+\d+% \(\d of 3\)\s+/m)
    expect(result.stdout).toMatch(/api\s+main\s+\d+(\.\d)?MiB\s+\d+\s+20\d\d-\d\d-\d\d \d\d:\d\d\s+ok/)
    const json = JSON.parse(cli('status', '--volume', volume, '--json').stdout)
    expect(json).toHaveLength(5)
    expect(json.every((row) => row.state === 'ok' && row.bytes > 0)).toBe(true)
  })

  test('check passes on intact stores and exits 1 on a missing blob', () => {
    expect(cli('check', '--volume', volume, '--verify-digests').status).toBe(0)
    const store = path.join(volume, 'web')
    const blobs = fs.readdirSync(path.join(store, 'blobs', 'sha256'))
    const victim = path.join(store, 'blobs', 'sha256', blobs[0])
    const saved = fs.readFileSync(victim)
    fs.unlinkSync(victim)
    const broken = cli('check', '--volume', volume)
    expect(broken.status).toBe(1)
    expect(broken.stdout).toMatch(/web: \d+ problems/)
    expect(broken.stdout).toContain(`sha256:${blobs[0]} is missing`)
    expect(broken.stdout).toMatch(/api: ok \(2 scopes\)/)
    fs.writeFileSync(victim, saved)
    expect(cli('check', '--volume', volume, '--repo', 'web').status).toBe(0)
  })

  test('gc --dry-run changes nothing; gc evicts to the budget, default branch last', () => {
    const before = cli('status', '--volume', volume, '--json').stdout
    const dry = cli('gc', '--volume', volume, '--repo', 'web', '--max-size', '1MiB', '--dry-run')
    expect(dry.status).toBe(0)
    expect(dry.stdout).toMatch(/web: would drop (dev|feature-x), (dev|feature-x), main/)
    expect(cli('status', '--volume', volume, '--json').stdout).toBe(before)
    const real = cli('gc', '--volume', volume, '--repo', 'web', '--max-size', '4MiB')
    expect(real.status).toBe(0)
    expect(real.stderr).toContain('[1/1] web')
    expect(Object.keys(readTags(path.join(volume, 'web')))).toEqual(['main'])
    expect(cli('check', '--volume', volume, '--repo', 'web', '--verify-digests').status).toBe(0)
  })

  test('plan prints the entries for other CI systems', () => {
    const result = cli('plan', '--volume', volume, '--repo', 'api', '--pr', '3', '--base', 'dev')
    expect(result.status).toBe(0)
    expect(result.stdout.split('\n')).toEqual([
      '# backend local, scope pr-3',
      `--cache-from type=local,src=${volume}/api,tag=dev`,
      `--cache-from type=local,src=${volume}/api,tag=main`,
      `--cache-to type=local,dest=${volume}/api,tag=pr-3,mode=max,ignore-error=true`,
      ''
    ])
  })

  test('prune-builders --dry-run, --help for every command, and exit codes for bad usage', () => {
    const prune = cli('prune-builders', '--dry-run', '--max-age', '6h')
    expect(prune.status).toBe(0)
    expect(prune.stdout).toMatch(/containers would remove +\d+\n +volumes would remove +\d+/)
    for (const command of ['status', 'gc', 'check', 'prune-builders', 'plan', 'reset']) {
      const help = cli(command, '--help')
      expect([command, help.status, help.stdout]).toEqual([command, 0, expect.stringMatching(/^Usage: /)])
    }
    expect(cli('frobnicate').status).toBe(2)
    expect(cli('gc', '--max-age', 'soon').status).toBe(2)
    expect(cli('status', '--no-such-flag').status).toBe(2)
  })

  test('reset on real stores: --dry-run changes nothing; --scope drops one scope and the blobs only it used; all scopes leave the other repository byte-identical; the next job is cold, the other warm', async () => {
    // Its own volume: two repositories, A with main and a branch whose deps step differs from main's (blobs of its own), B with main.
    const shared = path.join(tmp, 'reset-volume')
    const [a, b, branch] = ['reset-a', 'reset-b', 'topic-r']
    const storeA = path.join(shared, a)
    const storeB = path.join(shared, b)
    const nonceA = `${a}-${Date.now()}`
    const dirA = writeProject(path.join(tmp, `${a}-main`), { nonce: nonceA, layers: [['deps', 2]] })
    const dirBranch = writeProject(path.join(tmp, `${a}-${branch}`), { nonce: nonceA, layers: [['deps', 2]], bust: { deps: 1 } })
    const dirB = writeProject(path.join(tmp, `${b}-main`), { nonce: `${b}-${Date.now()}`, layers: [['deps', 2]] })
    const job = async (repo, dir, ref = 'main') => {
      pruneBuilderCache()
      const result = await buildJob({ volume: shared, project: dir, event: eventFor('push', { branch: ref }), inputs: { 'repo-name': repo } })
      expect(result.job.status).toBe('success')
      expect(result.build.ok).toBe(true)
      expect(result.build.steps).toBeGreaterThan(0)
      return result
    }
    await job(a, dirA)
    const branchJob = await job(a, dirBranch, branch)
    // The branch read main's shared steps and built its own deps step: some blobs are its alone.
    expect(branchJob.build.cached).toBeGreaterThan(0)
    expect(branchJob.build.cached).toBeLessThan(branchJob.build.steps)
    await job(b, dirB)
    expect(Object.keys(readTags(storeA)).sort()).toEqual(['main', branch].sort())
    expect(Object.keys(readTags(storeB))).toEqual(['main'])

    const filesA = storeFiles(storeA)
    const filesB = storeFiles(storeB)
    const mainBlobs = scopeBlobs(storeA, 'main')
    const onlyBranch = [...scopeBlobs(storeA, branch)].filter((hex) => !mainBlobs.has(hex))
    expect(onlyBranch.length).toBeGreaterThan(0)

    // --dry-run: says what it would do, changes no file of either store.
    const dry = cli('reset', '--volume', shared, '--repo', a, '--scope', branch, '--dry-run')
    expect([dry.status, dry.stderr]).toEqual([0, ''])
    expect(dry.stdout).toContain(`${a}: would drop ${branch}; gc would then delete the blobs no other scope uses`)
    expect(storeFiles(storeA)).toEqual(filesA)
    expect(storeFiles(storeB)).toEqual(filesB)

    // --scope: that scope leaves the index, the blobs only it used are deleted, every other blob stays as it was.
    const one = cli('reset', '--volume', shared, '--repo', a, '--scope', branch)
    expect([one.status, one.stderr]).toEqual([0, ''])
    expect(one.stdout).toMatch(new RegExp(`^${a}: dropped ${branch}; gc deleted ${onlyBranch.length} blobs \\(`, 'm'))
    expect(Object.keys(readTags(storeA))).toEqual(['main'])
    const left = blobNames(storeA)
    for (const hex of onlyBranch) expect(left).not.toContain(hex)
    const expected = Object.fromEntries(Object.entries(filesA).filter(([file]) => file.startsWith('blobs/') && !onlyBranch.includes(path.basename(file))))
    expect(Object.fromEntries(Object.entries(storeFiles(storeA)).filter(([file]) => file.startsWith('blobs/')))).toEqual(expected)
    expect(storeProblems(storeA, { hash: true }).problems).toEqual([])
    expect(cli('check', '--volume', shared, '--repo', a).status).toBe(0)
    expect(storeFiles(storeB)).toEqual(filesB)

    // Every scope: A keeps none and no blob; B is byte-identical (index.json and every blob's sha256).
    const all = cli('reset', '--volume', shared, '--repo', a)
    expect([all.status, all.stderr]).toEqual([0, ''])
    expect(all.stdout).toMatch(new RegExp(`^${a}: dropped main; gc deleted ${mainBlobs.size} blobs \\(`, 'm'))
    expect(JSON.parse(fs.readFileSync(path.join(storeA, 'index.json'), 'utf8')).manifests).toEqual([])
    expect(blobNames(storeA)).toEqual([])
    expect(storeFiles(storeB)).toEqual(filesB)
    expect(cli('check', '--volume', shared, '--repo', b, '--verify-digests').status).toBe(0)

    // A's next job builds cold and writes its scope again; B's is warm.
    const coldA = await job(a, dirA)
    expect(coldA.build.cached).toBe(0)
    expect(coldA.build.output).not.toMatch(/^#\d+ CACHED/m)
    expect(Object.keys(readTags(storeA))).toEqual(['main'])
    const warmB = await job(b, dirB)
    expect(warmB.build.cached).toBe(warmB.build.steps)
    console.log(
      `reset: ${a}/${branch} dropped with ${onlyBranch.length} blobs of its own (${mainBlobs.size} of main kept), then ${a} wholly; ${b}'s ${Object.keys(filesB).length} files unchanged; next ${a} job ${coldA.build.cached}/${coldA.build.steps} CACHED, ${b} ${warmB.build.cached}/${warmB.build.steps}`
    )
  })

  test('reset without --repo is a usage error naming --repo, and touches nothing', () => {
    const before = storeFiles(path.join(volume, 'api'))
    for (const args of [[], ['--volume', volume], ['--volume', volume, '--builder']]) {
      const result = cli('reset', ...args)
      expect([args, result.status]).toEqual([args, 2])
      expect(result.stderr).toContain('--repo')
      expect(result.stdout).toBe('')
    }
    expect(storeFiles(path.join(volume, 'api'))).toEqual(before)
  })
})
