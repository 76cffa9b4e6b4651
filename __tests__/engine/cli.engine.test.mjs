// The bundled command-line tool against real stores made by real builds.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, PROJECT_ROOT } from '../../scripts/lib/runner-emulation.mjs'
import { readTags } from '../../scripts/lib/store-oracle.mjs'
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

describe('command-line tool', () => {
  test('status prints every repo and scope; --json has the same rows', () => {
    const result = cli('status', '--volume', volume)
    expect(result.status).toBe(0)
    const lines = result.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^REPO\s+SCOPE\s+SIZE\s+BLOBS\s+LAST USED\s+STATE$/)
    const pairs = lines.slice(2).map((line) => line.split(/\s+/).slice(0, 2).join('/'))
    expect(pairs.sort()).toEqual(['api/dev', 'api/main', 'web/dev', 'web/feature-x', 'web/main'])
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
    for (const command of ['status', 'gc', 'check', 'prune-builders', 'plan']) {
      const help = cli(command, '--help')
      expect([command, help.status, help.stdout]).toEqual([command, 0, expect.stringMatching(/^Usage: /)])
    }
    expect(cli('frobnicate').status).toBe(2)
    expect(cli('gc', '--max-age', 'soon').status).toBe(2)
    expect(cli('status', '--no-such-flag').status).toBe(2)
  })
})
