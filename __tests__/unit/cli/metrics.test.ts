// `metrics` and the worth columns of `status`, on stores built by the fixtures.
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EXIT, main } from '../../../src/cli/cli.js'
import { emptyHistory, recordJob } from '../../../src/history/scope-history.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'

let volume: string
beforeEach(() => {
  volume = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-metrics-'))
  const store = path.join(volume, 'acme__app')
  writeCacheTag(store, 'main')
  const history = [
    { at: 1, ms: 3000, timing: 'builds' as const, cached: 0, total: 5, hit: false, savedMs: 0 },
    { at: 2, ms: 500, timing: 'builds' as const, cached: 5, total: 5, hit: true, savedMs: 2500 }
  ].reduce((h, job) => recordJob(h, 'main', job), emptyHistory())
  fs.mkdirSync(path.join(store, '.meta'))
  fs.writeFileSync(path.join(store, '.meta', 'history.json'), JSON.stringify(history))
})
afterEach(() => fs.rmSync(volume, { recursive: true, force: true }))

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const docker = () => Promise.reject(new Error('metrics and status make no docker call'))
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text), docker })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

test('metrics prints the host figures; --output writes them atomically, leaving no temp file', async () => {
  const printed = await cli('metrics', '--volume', volume)
  expect(printed.code).toBe(EXIT.ok)
  expect(printed.out).toContain('buildkit_cache_keeper_builds_total{repo="acme__app"} 2')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textfile-'))
  const file = path.join(dir, 'buildkit-cache-keeper.prom')
  const written = await cli('metrics', '--volume', volume, '--output', file)
  expect(written).toMatchObject({ code: EXIT.ok, out: '', err: `Wrote ${file}` })
  // The same figures but the free space, which other processes change meanwhile.
  const steady = (text: string) => text.replace(/^(buildkit_cache_keeper_volume_free_bytes\S*) \d+$/m, '$1 N').trimEnd()
  expect(steady(fs.readFileSync(file, 'utf8'))).toBe(steady(printed.out))
  expect(fs.readdirSync(dir)).toEqual(['buildkit-cache-keeper.prom'])
  fs.rmSync(dir, { recursive: true })
})

test.each([
  [['--output', 'relative.prom'], "Option '--output' has an invalid value 'relative.prom': an absolute path ending in .prom"],
  [['--output', '/tmp/metrics.txt'], "Option '--output' has an invalid value '/tmp/metrics.txt': an absolute path ending in .prom"],
  [['--repo', 'acme__app'], "Option '--repo' has an invalid value 'acme__app': not with metrics"]
])('metrics %j: exit 2, naming the flag and what is allowed', async (flags, message) => {
  const result = await cli('metrics', '--volume', volume, ...flags)
  expect(result.code).toBe(EXIT.usage)
  expect(result.err).toContain(message)
})

test("status: the hit rate and time saved per repository; --json adds each scope's recent builds", async () => {
  const text = await cli('status', '--volume', volume)
  expect(text.out).toMatch(/^REPO\s+BUILDS\s+HIT RATE\s+TIME SAVED \(ESTIMATE\)$/m)
  expect(text.out).toMatch(/^acme__app\s+2\s+50% \(1 of 2\)\s+~2\.5 s$/m)
  const json = JSON.parse((await cli('status', '--volume', volume, '--json')).out) as Array<Record<string, unknown>>
  expect(json[0]).toMatchObject({ repo: 'acme__app', scope: 'main', recentBuilds: 2, recentHits: 1, lastBuildMs: 500 })
})
