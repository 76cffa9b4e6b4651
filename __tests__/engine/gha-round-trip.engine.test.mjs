// cache-mode 'gha' end to end: the bundled action's entries passed to
// `docker buildx build` on the real engine, against a GitHub Actions cache
// service (API v1, __tests__/lib/gha-cache-server.mjs) on loopback, as
// act_runner's embedded cache server serves a Gitea or Forgejo job. dockerd's
// BuildKit runs in the host's network namespace, so 127.0.0.1 reaches it, as
// it reaches the registry on 127.0.0.1:5000. Warm builds run after
// `docker buildx prune -af`, so a CACHED step can only come from the service.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildx, ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, lines, runJob, runtimeToken } from '../../scripts/lib/runner-emulation.mjs'
import { startGhaCacheServer } from '../lib/gha-cache-server.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gha-round-trip-'))
const id = `${Date.now()}`
const servers = []

// What the action emits for a push to main of acme/app (backends.engine.test.mjs pins these strings).
const CACHE_FROM = ['type=gha,scope=acme__app-main']
const CACHE_TO = ['type=gha,scope=acme__app-main,mode=max,ignore-error=true']
// BuildKit's index key: "index-" + scope + "-1-" + the first 8 hex of sha256(the token's write scope, here "").
const INDEX = `index-acme__app-main-1-${crypto.createHash('sha256').update('').digest('hex').slice(0, 8)}`
// writeProject's Dockerfile: 3 RUN in base, 1 RUN in build, COPY and RUN in the final stage; mode=max caches them all.
const STEPS = 6

beforeAll(() => ensureEngine())
afterAll(async () => {
  for (const server of servers) await server.stop()
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** A cache service accepting `token`, stopped after the suite; `env` is what the runner hands the job. */
async function cacheService(token) {
  const server = await startGhaCacheServer({ token })
  servers.push(server)
  return { server, env: { ACTIONS_RUNTIME_TOKEN: token, ACTIONS_CACHE_URL: server.url } }
}

/** The build step's environment: this process's, with the runner variables of this job only. */
function buildEnvWith(runnerEnv) {
  const env = { ...process.env }
  for (const name of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2']) delete env[name]
  return { ...env, ...runnerEnv }
}

/** Per-endpoint request counts between two snapshots of counts(). */
function delta(after, before) {
  return Object.fromEntries(Object.entries(after).map(([name, value]) => [name, value - before[name]]))
}

/** The layer digests BuildKit reports writing to the cache (`writing layer sha256:...`). */
function writtenLayers(output) {
  return [...new Set([...output.matchAll(/writing layer (sha256:[0-9a-f]{64})/g)].map((match) => match[1]))].sort()
}

/** Index queries the importer made: the exact index key (the exporter asks for `<index>#`, a prefix). */
function indexReads(server, from = 0) {
  return server.log.slice(from).filter((entry) => entry.method === 'GET' && entry.keys === INDEX).length
}

describe('gha round trip through a v1 cache service', () => {
  test('job 1 exports every layer and the index into the service; after a prune, job 2 imports it and every step is CACHED', async () => {
    const { server, env } = await cacheService(runtimeToken())
    const project = writeProject(path.join(tmp, 'round-trip'), { nonce: `gha-${id}` })
    const job = { volume: tmp, project, event: eventFor('push'), inputs: { 'cache-mode': 'gha' }, platform: 'gitea', env, buildEnv: buildEnvWith(env) }

    pruneBuilderCache()
    const cold = await buildJob(job)
    expect(cold.job.status).toBe('success')
    expect(lines(cold.outputs['cache-from'])).toEqual(CACHE_FROM)
    expect(lines(cold.outputs['cache-to'])).toEqual(CACHE_TO)
    expect(cold.job.main.notices).toEqual([expect.stringContaining(`cache server at ${server.url}: the BuildKit builder must be able to reach that URL`)])
    expect(cold.build.ok).toBe(true)
    expect(cold.build.steps).toBe(STEPS)
    expect(cold.build.cached).toBe(0)
    expect(cold.build.output).toMatch(/exporting to GitHub Actions Cache/)

    // The export really uploaded: each layer BuildKit wrote is a committed entry whose bytes hash to its digest, plus one index.
    const afterCold = server.counts()
    const stored = server.entries()
    const blobs = stored.filter((entry) => entry.key.startsWith('buildkit-blob-1-'))
    expect(stored.map((entry) => entry.key).filter((key) => !key.startsWith('buildkit-blob-1-'))).toEqual([`${INDEX}#1`])
    expect(blobs.map((entry) => entry.key.replace('buildkit-blob-1-', '')).sort()).toEqual(writtenLayers(cold.build.output))
    for (const blob of blobs) expect(`buildkit-blob-1-sha256:${blob.sha256}`).toBe(blob.key)
    expect(afterCold).toMatchObject({ reserve: stored.length, commit: stored.length, conflict: 0, download: 0, unauthorized: 0, rejected: 0, unknown: 0 })
    expect(afterCold.upload).toBeGreaterThanOrEqual(stored.length)
    expect(afterCold.bytesUploaded).toBe(stored.reduce((sum, entry) => sum + entry.size, 0))
    // The index names the layers it was written with, and each is in the service.
    const index = JSON.parse(server.read(`${INDEX}#1`).toString('utf8'))
    expect(index.layers.length).toBeGreaterThan(0)
    for (const layer of index.layers) expect(blobs.map((entry) => entry.key)).toContain(`buildkit-blob-1-${layer.blob}`)
    // Job 1's import found nothing: one index query, answered 204.
    expect(indexReads(server)).toBe(1)

    pruneBuilderCache()
    const logStart = server.log.length
    const warm = await buildJob(job)
    expect(warm.job.status).toBe('success')
    expect(warm.build.ok).toBe(true)
    expect(warm.build.output).toMatch(/importing cache manifest from gha/)
    expect(warm.build.steps).toBe(STEPS)
    expect(warm.build.cached).toBe(STEPS)

    // The import really downloaded: the index, by its archiveLocation. The layers stay in the service:
    // a cacheonly build whose every step is CACHED needs their digests (queried), never their bytes.
    const warmCounts = delta(server.counts(), afterCold)
    expect(indexReads(server, logStart)).toBe(1)
    expect(warmCounts).toMatchObject({ download: 1, bytesDownloaded: server.read(`${INDEX}#1`).length, unauthorized: 0, rejected: 0, unknown: 0 })
    expect(warmCounts.hit).toBeGreaterThan(blobs.length)
    // Job 2's export finds every layer in the service and uploads only the next index.
    expect(warmCounts).toMatchObject({ reserve: 1, commit: 1, conflict: 0 })
    expect(server.entries().map((entry) => entry.key)).toEqual([...stored.map((entry) => entry.key), `${INDEX}#2`])
  })

  test('the CACHED steps come from the index of the scope in the token: with a token granting none, BuildKit exports but never reads an index', async () => {
    // A well-formed JWT whose ac claim is "[]"; runners mint one scope (act_runner: "" with write). Main says what it costs.
    const { server, env } = await cacheService(runtimeToken({ scopes: [] }))
    const job = await runJob({ inputs: { 'cache-mode': 'gha' }, platform: 'gitea', env })
    expect(job.status).toBe('success')
    expect(job.main.warnings).toEqual([expect.stringMatching(/ACTIONS_RUNTIME_TOKEN grants no cache scope .* this job's builds start cold/)])
    const project = writeProject(path.join(tmp, 'no-scope'), { nonce: `gha-no-scope-${id}` })
    pruneBuilderCache()
    const cold = await buildx(project, { cacheFrom: CACHE_FROM, cacheTo: CACHE_TO, env: buildEnvWith(env) })
    expect(cold.ok).toBe(true)
    expect(cold.cached).toBe(0)
    expect(server.entries().map((entry) => entry.key)).toContain(`${INDEX}#1`)

    pruneBuilderCache()
    const warm = await buildx(project, { cacheFrom: CACHE_FROM, cacheTo: CACHE_TO, env: buildEnvWith(env) })
    expect(warm.ok).toBe(true)
    expect(warm.steps).toBe(STEPS)
    expect(warm.cached).toBe(0)
    expect(indexReads(server)).toBe(0)
    expect(server.counts()).toMatchObject({ download: 0, unauthorized: 0, rejected: 0, unknown: 0 })
  })
})
