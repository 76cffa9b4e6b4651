import { afterEach, beforeEach, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { HISTORY_DIR } from '../../../src/history/history-file.js'
import { emptyHistory, recordJob } from '../../../src/history/scope-history.js'
import { hostFamilies, readHostFacts } from '../../../src/metrics/host-metrics.js'
import { renderFamilies } from '../../../src/metrics/prometheus.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'

let volume: string
beforeEach(() => {
  volume = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-'))
})
afterEach(() => fs.rmSync(volume, { recursive: true, force: true }))

const history = () =>
  [
    { at: 1, ms: 3000, timing: 'builds' as const, cached: 0, total: 5, hit: false, savedMs: 0 },
    { at: 2, ms: 500, timing: 'builds' as const, cached: 5, total: 5, hit: true, savedMs: 2500 }
  ].reduce((h, job) => recordJob(h, 'main', job), emptyHistory())

test("every figure from the records post keeps, in the text format; a repository without a store counts from the volume's .history", () => {
  const store = path.join(volume, 'acme__app')
  writeCacheTag(store, 'main')
  writeCacheTag(store, 'pr-1')
  fs.mkdirSync(path.join(store, '.meta'))
  fs.writeFileSync(path.join(store, '.meta', 'usage.json'), JSON.stringify({ bytes: 4096, lastUsedMs: 1_700_000_000_000, defaultBranch: ['main'] }))
  fs.writeFileSync(path.join(store, '.meta', 'history.json'), JSON.stringify(history()))
  fs.mkdirSync(path.join(volume, HISTORY_DIR))
  fs.writeFileSync(path.join(volume, HISTORY_DIR, 'acme__registry-only.json'), JSON.stringify(history()))

  const text = renderFamilies(hostFamilies(readHostFacts(volume)))
  for (const line of [
    'buildkit_cache_keeper_store_bytes{repo="acme__app"} 4096',
    'buildkit_cache_keeper_store_scopes{repo="acme__app"} 2',
    'buildkit_cache_keeper_store_last_used_timestamp_seconds{repo="acme__app"} 1700000000',
    `buildkit_cache_keeper_cache_bytes{path="${volume}"} 4096`,
    'buildkit_cache_keeper_builds_total{repo="acme__app"} 2',
    'buildkit_cache_keeper_cache_hits_total{repo="acme__app"} 1',
    'buildkit_cache_keeper_steps_cached_total{repo="acme__app"} 5',
    'buildkit_cache_keeper_steps_total{repo="acme__app"} 10',
    'buildkit_cache_keeper_time_saved_seconds{repo="acme__app"} 2.5',
    'buildkit_cache_keeper_builds_total{repo="acme__registry-only"} 2',
    'buildkit_cache_keeper_scope_hit_ratio{repo="acme__app",scope="main"} 0.5',
    'buildkit_cache_keeper_scope_last_build_seconds{repo="acme__app",scope="main"} 0.5',
    '# TYPE buildkit_cache_keeper_builds_total counter',
    '# TYPE buildkit_cache_keeper_time_saved_seconds gauge'
  ])
    expect(text.split('\n')).toContain(line)
  expect(text).toMatch(new RegExp(`^buildkit_cache_keeper_volume_free_bytes\\{path="${volume}"\\} \\d+$`, 'm'))
})

test('builders from their records; nothing at all on an empty volume but the totals and the disk', () => {
  const families = hostFamilies({ volume: '/v', stores: [], builders: [{ name: 'cachekeeper-acme__app', bytes: 9, lastUsedMs: 0 }], histories: new Map() })
  const text = renderFamilies(families)
  expect(text).toContain('buildkit_cache_keeper_builder_cache_bytes{builder="cachekeeper-acme__app"} 9')
  expect(text).not.toContain('builder_last_used_timestamp_seconds{') // never used: no made-up time
  expect(text).toContain('buildkit_cache_keeper_cache_bytes{path="/v"} 9')
})
