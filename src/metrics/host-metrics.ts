import path from 'node:path'
import { scanHost } from '../host/host-scan.js'
import { volumeHistories } from '../history/history-file.js'
import { JOBS_KEPT, type WorthHistory } from '../history/scope-history.js'
import { storeLayout } from '../store/layout.js'
import { readIndex, tagOf } from '../store/oci.js'
import { diskStat } from '../store/volume.js'
import type { Family } from './prometheus.js'

/**
 * The runner host's caches as metrics: each store and persistent builder from
 * the records post and gc keep (no blob is counted, no docker call made), each
 * repository's history, and the volume's disk. One set per host: node_exporter
 * adds the instance.
 */
export interface HostFacts {
  volume: string
  stores: Array<{ repo: string; bytes: number; lastUsedMs: number; scopes?: number }>
  builders: Array<{ name: string; bytes: number; lastUsedMs: number }>
  histories: Map<string, WorthHistory>
  disk?: { totalBytes: number; freeBytes: number }
}

const PREFIX = 'buildkit_cache_keeper_'

function scopeCount(volume: string, repo: string): number | undefined {
  try {
    return readIndex(storeLayout(path.join(volume, repo)).index).manifests.filter((descriptor) => tagOf(descriptor)).length
  } catch {
    return undefined
  }
}

export function readHostFacts(volume: string): HostFacts {
  const caches = scanHost(volume)
  return {
    volume,
    stores: caches.stores.map(({ repo, bytes, lastUsedMs }) => ({ repo, bytes, lastUsedMs, scopes: scopeCount(volume, repo) })),
    builders: caches.builders,
    histories: volumeHistories(volume),
    disk: diskStat(volume)
  }
}

const gauge = (name: string, help: string, samples: Family['samples']): Family => ({ name: PREFIX + name, help, type: 'gauge', samples })
const counter = (name: string, help: string, samples: Family['samples']): Family => ({ name: PREFIX + name, help, type: 'counter', samples })
const seconds = (ms: number) => ms / 1000

/** Per scope, over its recent jobs: what a dashboard plots to see a hit rate fall. */
function scopeFamilies(histories: HostFacts['histories']): Family[] {
  const scopes = [...histories].flatMap(([repo, history]) => Object.entries(history.scopes).map(([scope, { jobs }]) => ({ repo, scope, jobs })))
  const labels = (repo: string, scope: string) => ({ repo, scope })
  return [
    gauge(
      'scope_hit_ratio',
      `Share of a scope's recent builds (its last ${JOBS_KEPT} at most) that found steps in the cache`,
      scopes.map(({ repo, scope, jobs }) => ({ labels: labels(repo, scope), value: jobs.filter((job) => job.hit).length / jobs.length }))
    ),
    gauge(
      'scope_last_build_seconds',
      "A scope's last build time (BuildKit's records; where buildx keeps none, the time from the cache step to its post)",
      scopes.flatMap(({ repo, scope, jobs }) => {
        const ms = jobs.at(-1)?.ms
        return ms === undefined ? [] : [{ labels: labels(repo, scope), value: seconds(ms) }]
      })
    )
  ]
}

/** Per repository, from its history's running totals: [name, help, figure], counters first. */
const REPO_FIGURES: Array<[string, string, (history: WorthHistory) => number]> = [
  ['builds_total', 'Builds recorded by post, one per job and scope written', (h) => h.totals.jobs],
  ['cache_hits_total', 'Recorded builds that found steps in the cache', (h) => h.totals.hits],
  ['steps_cached_total', "Steps BuildKit took from the cache (where buildx keeps BuildKit's build records)", (h) => h.totals.cachedSteps],
  ['steps_total', "Steps BuildKit ran or took from the cache (where buildx keeps BuildKit's build records)", (h) => h.totals.totalSteps]
]

function repoFamilies(histories: HostFacts['histories']): Family[] {
  const repos = [...histories]
  const each = (pick: (history: WorthHistory) => number) => repos.map(([repo, history]) => ({ labels: { repo }, value: pick(history) }))
  return [
    ...REPO_FIGURES.map(([name, help, pick]) => counter(name, help, each(pick))),
    gauge(
      'time_saved_seconds',
      "Estimated time the cache saved, summed over the recorded builds: each build against its scope's last cold build timed alike; builds whose saving is unknown count nothing, slower ones count against",
      each((h) => seconds(h.totals.savedMs))
    )
  ]
}

export function hostFamilies(facts: HostFacts): Family[] {
  const { stores, builders, disk } = facts
  const cacheBytes = stores.reduce((sum, s) => sum + s.bytes, 0) + builders.reduce((sum, b) => sum + b.bytes, 0)
  const volume = { path: facts.volume }
  return [
    gauge(
      'store_bytes',
      "Bytes of a repository's local cache store, as post or gc last recorded",
      stores.map((s) => ({ labels: { repo: s.repo }, value: s.bytes }))
    ),
    gauge(
      'store_scopes',
      "Scopes in a repository's local cache store",
      stores.flatMap((s) => (s.scopes === undefined ? [] : [{ labels: { repo: s.repo }, value: s.scopes }]))
    ),
    gauge(
      'store_last_used_timestamp_seconds',
      "When a repository's store was last used (Unix time)",
      stores.flatMap((s) => (s.lastUsedMs > 0 ? [{ labels: { repo: s.repo }, value: seconds(s.lastUsedMs) }] : []))
    ),
    gauge(
      'builder_cache_bytes',
      "A persistent builder's own BuildKit cache, as last measured",
      builders.map((b) => ({ labels: { builder: b.name }, value: b.bytes }))
    ),
    gauge(
      'builder_last_used_timestamp_seconds',
      'When a persistent builder was last used (Unix time)',
      builders.flatMap((b) => (b.lastUsedMs > 0 ? [{ labels: { builder: b.name }, value: seconds(b.lastUsedMs) }] : []))
    ),
    gauge('cache_bytes', 'Every store and persistent builder cache on the host together', [{ labels: volume, value: cacheBytes }]),
    gauge('volume_size_bytes', 'Size of the filesystem holding volume-path', disk ? [{ labels: volume, value: disk.totalBytes }] : []),
    gauge('volume_free_bytes', 'Free space on the filesystem holding volume-path', disk ? [{ labels: volume, value: disk.freeBytes }] : []),
    ...repoFamilies(facts.histories),
    ...scopeFamilies(facts.histories)
  ]
}
