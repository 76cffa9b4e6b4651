// cache-mode local+registry on the real engine with Debian's docker-registry:
// two "hosts" (two volumes, two buildx configurations, the builder cache
// pruned before every build, so each build starts as on a fresh builder).
// A new host starts warm from the registry; a warm host reads its own store.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { newJobContainerEnv } from '../../scripts/lib/persistent.mjs'
import { startRegistry } from '../../scripts/lib/registry.mjs'
import { eventFor, lines } from '../../scripts/lib/runner-emulation.mjs'
import { readTags } from '../../scripts/lib/store-oracle.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'two-tier-'))
const id = `${Date.now()}`
let registry

beforeAll(async () => {
  ensureEngine()
  registry = await startRegistry({ port: 5000 })
})
afterAll(async () => {
  await registry?.stop()
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** One host: its own volume and buildx configuration. */
function host(name) {
  const { dir, env } = newJobContainerEnv()
  return { volume: path.join(tmp, `${name}-volume`), env, dir }
}

async function buildOn(where, project, registryRef, event = eventFor('push')) {
  pruneBuilderCache()
  return buildJob({
    volume: where.volume,
    project,
    event,
    inputs: { 'cache-mode': 'local+registry', 'registry-ref': registryRef },
    env: where.env,
    buildEnv: { ...process.env, ...where.env }
  })
}

describe('two tiers: host store first, shared registry second', () => {
  test('host A builds main three times; host B is warm from the registry at once, then from its own store', async () => {
    const registryRef = `${registry.url}/two-tier-${id}/app-cache`
    const project = writeProject(path.join(tmp, 'project'), { nonce: id })
    const a = host('a')
    const b = host('b')

    const a1 = await buildOn(a, project, registryRef)
    expect(a1.job.status).toBe('success')
    expect(a1.outputs['cache-hit']).toBe('false')
    expect(lines(a1.outputs['cache-to'])).toEqual([
      expect.stringMatching(/^type=local,dest=.*,tag=main,/),
      `type=registry,ref=${registryRef}:main,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`
    ])
    for (let again = 0; again < 2; again++) {
      const warm = await buildOn(a, project, registryRef)
      expect(warm.outputs['restored-tier']).toBe('local')
      // A warm host lists no registry entry to read: it never waits on the registry.
      expect(lines(warm.outputs['cache-from']).every((entry) => entry.startsWith('type=local,'))).toBe(true)
      expect(warm.build.cached).toBe(warm.build.steps)
    }

    const b1 = await buildOn(b, project, registryRef)
    expect(b1.job.status).toBe('success')
    expect(b1.outputs['restored-scope']).toBe('main')
    expect(b1.outputs['restored-tier']).toBe('registry')
    expect(lines(b1.outputs['cache-from'])).toContain(`type=registry,ref=${registryRef}:main`)
    expect(b1.build.steps).toBeGreaterThanOrEqual(5)
    expect(b1.build.cached).toBe(b1.build.steps)
    expect(Object.keys(readTags(path.join(b.volume, 'acme__app')))).toEqual(['main'])

    const b2 = await buildOn(b, project, registryRef)
    expect(b2.outputs['restored-tier']).toBe('local')
    expect(lines(b2.outputs['cache-from']).every((entry) => entry.startsWith('type=local,'))).toBe(true)
    expect(b2.build.cached).toBe(b2.build.steps)
  })

  test('a pull request writes only its host store; the registry never sees pr-N', async () => {
    const registryRef = `${registry.url}/two-tier-pr-${id}/app-cache`
    const project = writeProject(path.join(tmp, 'project-pr'), { nonce: `${id}-pr` })
    const a = host('pr')
    const job = await buildOn(a, project, registryRef, eventFor('pull_request', { number: 7, base: 'main' }))
    expect(job.job.status).toBe('success')
    expect(lines(job.outputs['cache-to'])).toEqual([expect.stringMatching(/^type=local,dest=.*,tag=pr-7,/)])
    const tags = await fetch(`http://${registry.url}/v2/two-tier-pr-${id}/app-cache/tags/list`).then((r) => (r.ok ? r.json() : { tags: [] }))
    expect(tags.tags ?? []).toEqual([])
  })
})
