// cache-mode local+registry on the real engine with Debian's docker-registry:
// two "hosts" (two volumes, two buildx configurations, the builder cache
// pruned before every build, so each build starts as on a fresh builder).
// A new host starts warm from the registry; a warm host reads its own store.
// Ten changing builds leave one manifest, which the registry's own GC then
// keeps within 1.1x of one build's cache; the CLI sees and prunes what is left;
// a deleted branch leaves both tiers.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { newJobContainerEnv } from '../../scripts/lib/persistent.mjs'
import { eventFor, lines, PROJECT_ROOT, runJob } from '../../scripts/lib/runner-emulation.mjs'
import { readTags } from '../../scripts/lib/store-oracle.mjs'
import { digestOf, fetchManifest, freePort, manifestRevisions, retag, startRegistry, storedBlobBytes, tagsOf, useRegistry } from '../lib/registry.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'two-tier-'))
const id = `${Date.now()}`

beforeAll(() => ensureEngine())
const registry = useRegistry({ port: 5000 })
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** One host: its own volume and buildx configuration. */
function host(name) {
  const { dir, env } = newJobContainerEnv()
  return { volume: path.join(tmp, `${name}-volume`), env, dir }
}

const cli = (...args) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js'), ...args], { encoding: 'utf8' })

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
    expect(await tagsOf(registry.url, `two-tier-pr-${id}/app-cache`)).toEqual([])
  })
})

describe('a bounded registry tier', () => {
  test('ten changing builds of main leave one manifest; after the registry GC its blobs are within 1.1x of one build; the CLI lists and prunes it', async () => {
    // A registry of its own, deletes enabled: its storage is what is counted, and its GC touches nothing else.
    const own = await startRegistry({ port: await freePort(), reuse: false })
    try {
      const repository = `bounded-${id}/app-cache`
      const ref = `${own.url}/${repository}`
      const project = path.join(tmp, 'project-bounded')
      const a = host('bounded')
      for (let build = 0; build < 10; build++) {
        writeProject(project, { nonce: `${id}-bounded`, bust: { app: `change-${build}` } })
        const job = await buildOn(a, project, ref)
        expect(job.job.status).toBe('success')
        expect(job.job.post.warnings).toEqual([])
      }
      const current = await digestOf(own.url, repository, 'main')
      expect(current).toMatch(/^sha256:/)
      // Every manifest the repository holds, tagged or not, from the registry's storage.
      expect(manifestRevisions(own.dataDir, repository)).toEqual([current])

      const before = storedBlobBytes(own.dataDir)
      await own.garbageCollect()
      const after = storedBlobBytes(own.dataDir)
      const { body } = await fetchManifest(own.url, repository, 'main')
      const referenced = [body.config, ...body.layers].reduce((sum, blob) => sum + blob.size, 0)
      console.log(
        `ten builds: ${before.blobs} blobs, ${before.bytes} bytes before GC; ${after.blobs} blobs, ${after.bytes} bytes after; one build's cache ${referenced} bytes; ratio ${(after.bytes / referenced).toFixed(3)}`
      )
      expect(after.bytes).toBeLessThan(before.bytes)
      expect(after.bytes).toBeLessThanOrEqual(1.1 * referenced)

      // The warm host is still warm after the GC (nothing main references was reclaimed): from a fresh builder, via the registry.
      const b = host('bounded-b')
      const fromRegistry = await buildOn(b, project, ref)
      expect(fromRegistry.outputs['restored-tier']).toBe('registry')
      expect(fromRegistry.build.cached).toBe(fromRegistry.build.steps)

      const listed = cli('registry', 'list', '--ref', ref, '--json')
      expect(listed.status).toBe(0)
      const listing = JSON.parse(listed.stdout)
      expect(listing.scopes).toEqual([expect.objectContaining({ scope: 'main', digest: await digestOf(own.url, repository, 'main'), sharedWith: [] })])
      const { body: now } = await fetchManifest(own.url, repository, 'main')
      expect(listing.scopes[0].bytes).toBe([now.config, ...now.layers].reduce((sum, blob) => sum + blob.size, 0))
      expect(cli('registry', 'list', '--ref', ref).stdout).toMatch(/^main +[0-9a-f]{12} +[0-9.]+MiB +\d+ +ok$/m)

      // A tag of the user's on the same manifest: rm keeps main (distribution deletes only by digest), exit 1; both named, both go.
      expect(await retag(own.url, repository, 'main', 'release')).toBe(201)
      const kept = cli('registry', 'rm', '--ref', ref, '--scope', 'main')
      expect(kept.status).toBe(1)
      expect(kept.stdout).toContain(`${ref}:main: kept, it points at the same manifest as release`)
      expect(await tagsOf(own.url, repository)).toEqual(['main', 'release'])
      const dry = cli('registry', 'rm', '--ref', ref, '--scope', 'main', '--scope', 'release', '--dry-run')
      expect([dry.status, await tagsOf(own.url, repository)]).toEqual([0, ['main', 'release']])
      const removed = cli('registry', 'rm', '--ref', ref, '--scope', 'main', '--scope', 'release')
      expect(removed.status).toBe(0)
      expect(removed.stdout).toMatch(new RegExp(`:main: deleted \\(manifest sha256:[0-9a-f]{64}\\)`))
      expect(await tagsOf(own.url, repository)).toEqual([])
      expect(manifestRevisions(own.dataDir, repository)).toEqual([])
      await own.garbageCollect()
      expect(storedBlobBytes(own.dataDir).bytes).toBe(0)
      expect(cli('registry', 'list', '--ref', ref).stdout.trim()).toBe(`No scopes in ${ref}`)
    } finally {
      await own.stop()
    }
  })

  test('a deleted branch leaves both tiers: its store tag and its registry tag go, main stays in both', async () => {
    const repository = `deleted-${id}/app-cache`
    // The shared registry keeps nothing this test pushed.
    registry.deleteAfterAll(repository)
    const ref = `${registry.url}/${repository}`
    const project = path.join(tmp, 'project-deleted')
    const a = host('deleted')
    writeProject(project, { nonce: `${id}-deleted` })
    expect((await buildOn(a, project, ref)).job.status).toBe('success')
    writeProject(project, { nonce: `${id}-deleted`, bust: { app: 'feature' } })
    const feature = await buildOn(a, project, ref, eventFor('push', { branch: 'feature' }))
    expect(feature.job.status).toBe('success')
    const store = path.join(a.volume, 'acme__app')
    expect(Object.keys(readTags(store)).sort()).toEqual(['feature', 'main'])
    expect(await tagsOf(registry.url, repository)).toEqual(['feature', 'main'])
    const main = await digestOf(registry.url, repository, 'main')
    const featureDigest = await digestOf(registry.url, repository, 'feature')
    expect(featureDigest).not.toBe(main)

    const deleted = await runJob({
      inputs: { 'volume-path': a.volume, 'cache-mode': 'local+registry', 'registry-ref': ref },
      event: eventFor('delete', { branch: 'feature' }),
      env: a.env
    })
    expect(deleted.status).toBe('success')
    // Only the notice that this test's volume is a plain folder, not a mounted volume (the test may run in a container).
    expect(deleted.main.warnings.filter((warning) => !warning.startsWith('volume-path '))).toEqual([])
    expect(deleted.main.stdout).toContain(`${ref}:feature: deleted (manifest ${featureDigest})`)
    expect(Object.keys(readTags(store))).toEqual(['main'])
    expect(await tagsOf(registry.url, repository)).toEqual(['main'])
    expect(await digestOf(registry.url, repository, 'main')).toBe(main)
  })
})
