// What the action says about a registry cache, proven against Debian's
// docker-registry on loopback (one open, one with htpasswd auth): hits in main,
// an export that never arrived in post, a login from the job's Docker config,
// a closed pull request deleting its scope, in the local store and in the registry,
// never the user's own tags on the same manifest, and post deleting the manifest an export superseded.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildx, ensureEngine, pruneBuilderCache, run, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, lines, runJob } from '../../scripts/lib/runner-emulation.mjs'
import { blobNames, readTags, storeProblems } from '../../scripts/lib/store-oracle.mjs'
import { digestOf, freePort, manifestRevisions, retag, startRegistry, startTokenRegistry, useRegistry } from '../lib/registry.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-cache-'))
const id = `${Date.now()}`
let counter = 0
const fresh = (name) => fs.mkdtempSync(path.join(tmp, `${name}-${++counter}-`))
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

beforeAll(() => ensureEngine())
// The shared registry keeps no manifest these tests pushed (deleteAfterAll; its GC reclaims the blobs).
const open = useRegistry({ port: 5000 })
const locked = useRegistry({ port: 5002, auth: true })
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** Blob hex names reachable from one index entry of a store. */
function reachableFrom(store, descriptor, into = new Set()) {
  const hex = descriptor.digest.replace(/^sha256:/, '')
  into.add(hex)
  if (/manifest|index/.test(descriptor.mediaType ?? '')) {
    const manifest = JSON.parse(fs.readFileSync(path.join(store, 'blobs', 'sha256', hex), 'utf8'))
    for (const child of [...(manifest.manifests ?? []), ...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])])
      reachableFrom(store, child, into)
  }
  return into
}

/** A private Docker config holding a login, keeping the buildx client under test (a DOCKER_CONFIG's cli-plugins). */
function dockerConfigWith(auths) {
  const dir = fresh('docker-config')
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths }))
  const plugins = process.env.DOCKER_CONFIG && path.join(process.env.DOCKER_CONFIG, 'cli-plugins')
  if (plugins && fs.existsSync(plugins)) fs.symlinkSync(plugins, path.join(dir, 'cli-plugins'))
  return dir
}

/** One registry-mode job whose action and build both use `dockerConfig`. */
async function jobWithConfig({ project, inputs, dockerConfig, event = eventFor('push') }) {
  let build
  const job = await runJob({
    inputs,
    event,
    env: { DOCKER_CONFIG: dockerConfig },
    steps: async (outputs) => {
      build = await buildx(project, {
        cacheFrom: lines(outputs['cache-from']),
        cacheTo: lines(outputs['cache-to']),
        env: { ...process.env, DOCKER_CONFIG: dockerConfig }
      })
      return { ok: build.ok }
    }
  })
  return { job, build, outputs: job.outputs }
}

describe('registry hits and exports', () => {
  test('cold: no hit, post says the export was written; warm: restored-scope and cache-hit=true, every step CACHED; a PR hits main', async () => {
    const repository = `hits-${id}`
    open.deleteAfterAll(repository)
    const ref = `${open.url}/${repository}`
    const inputs = { 'cache-mode': 'registry', 'registry-ref': ref }
    const project = writeProject(fresh('hits'), { nonce: `hits-${id}` })
    pruneBuilderCache()
    const cold = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs })
    expect(cold.job.status).toBe('success')
    expect([cold.outputs['restored-scope'], cold.outputs['cache-hit']]).toEqual(['', 'false'])
    expect(cold.job.main.warnings).toEqual([])
    expect(cold.job.post.warnings).toEqual([])
    expect(cold.job.post.stdout).toMatch(new RegExp(`registry export\\s+written at ${escape(ref)}:main \\([0-9a-f]{12}\\)`))
    const written = await digestOf(open.url, repository, 'main')
    expect(written).toMatch(/^sha256:/)

    pruneBuilderCache()
    const warm = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs })
    expect([warm.outputs['restored-scope'], warm.outputs['cache-hit']]).toEqual(['main', 'true'])
    expect(warm.build.cached).toBe(warm.build.steps)
    expect(warm.job.main.stdout).toContain(`Registry cache found: ${ref}:main`)
    // A warm build re-exports its cache, often byte for byte: no warning either way, the row says which.
    expect(warm.job.post.warnings).toEqual([])
    expect(warm.job.post.stdout).toMatch(new RegExp(`registry export\\s+(updated|unchanged) at ${escape(ref)}:main`))

    pruneBuilderCache()
    const pr = await buildJob({ volume: tmp, project, event: eventFor('pull_request', { number: 8 }), inputs })
    expect([pr.outputs['restored-scope'], pr.outputs['cache-hit']]).toEqual(['main', 'true'])
    expect(pr.build.cached).toBe(pr.build.steps)
    expect(pr.job.post.stdout).toMatch(new RegExp(`registry export\\s+written at ${escape(ref)}:pr-8`))
  })

  test('a builder that cannot reach the registry: the job stays green, main warns once, post warns naming the ref', async () => {
    const port = await freePort()
    const ref = `127.0.0.1:${port}/cache-${id}`
    const project = writeProject(fresh('unreachable'), { nonce: `unreachable-${id}` })
    pruneBuilderCache()
    const job = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs: { 'cache-mode': 'registry', 'registry-ref': ref } })
    expect(job.job.status).toBe('success')
    expect(job.build.ok).toBe(true)
    expect(job.build.output).toMatch(/connection refused/)
    expect([job.outputs['restored-scope'], job.outputs['cache-hit']]).toEqual(['', 'false'])
    expect(job.job.main.warnings).toEqual([
      expect.stringMatching(new RegExp(`^The registry cache ${escape(ref)} could not be looked up: 127\\.0\\.0\\.1:${port}: ECONNREFUSED`))
    ])
    expect(job.job.main.seconds).toBeLessThan(5)
    expect(job.job.post.code).toBe(0)
    expect(job.job.post.warnings).toEqual([expect.stringContaining(`The cache export to ${ref}:main could not be checked`)])
    expect(job.job.post.stdout).toMatch(new RegExp(`registry export\\s+not checked: 127\\.0\\.0\\.1:${port}: ECONNREFUSED`))
  })

  test('a build that fails exports nothing: post warns that no cache arrived, naming the ref', async () => {
    const repository = `failed-${id}`
    open.deleteAfterAll(repository)
    const ref = `${open.url}/${repository}`
    const project = writeProject(fresh('failed'), { nonce: `failed-${id}`, fail: true })
    pruneBuilderCache()
    const job = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs: { 'cache-mode': 'registry', 'registry-ref': ref } })
    expect(job.build.ok).toBe(false)
    expect(job.job.status).toBe('failure')
    expect(job.job.main.warnings).toEqual([])
    expect(job.job.post.code).toBe(0)
    expect(job.job.post.warnings).toEqual([expect.stringMatching(new RegExp(`^No cache arrived at ${escape(ref)}:main: `))])
    expect(job.job.post.stdout).toMatch(new RegExp(`registry export\\s+missing: no cache arrived at ${escape(ref)}:main`))
    expect(await digestOf(open.url, repository, 'main')).toBeUndefined()
  })

  test('a registry that needs a login: the job Docker config logs in main, the build and post; never printed; without it one warning', async () => {
    const { username, password } = locked.credentials
    const ref = `${locked.url}/login-${id}`
    const inputs = { 'cache-mode': 'registry', 'registry-ref': ref }
    const dockerConfig = dockerConfigWith({ [locked.url]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } })
    const project = writeProject(fresh('login'), { nonce: `login-${id}` })
    pruneBuilderCache()
    const cold = await jobWithConfig({ project, inputs, dockerConfig })
    expect(cold.job.status).toBe('success')
    expect(cold.build.output).toMatch(/writing cache image manifest/)
    expect(cold.job.main.warnings).toEqual([])
    expect(cold.job.main.stdout).toContain(`Registry credentials for ${locked.url}: from ${dockerConfig}/config.json`)
    expect(cold.job.post.warnings).toEqual([])
    expect(cold.job.post.stdout).toMatch(new RegExp(`registry export\\s+written at ${escape(ref)}:main`))

    pruneBuilderCache()
    const warm = await jobWithConfig({ project, inputs, dockerConfig })
    expect([warm.outputs['restored-scope'], warm.outputs['cache-hit']]).toEqual(['main', 'true'])
    expect(warm.build.cached).toBe(warm.build.steps)
    const log = [cold, warm].flatMap(({ job }) => [job.main.stdout, job.main.stderr, job.post.stdout, job.post.stderr]).join('\n')
    expect(log.replaceAll(`::add-mask::${password}`, '')).not.toContain(password)

    // Control: the same registry without the login is one warning that says what is missing.
    const anonymous = await jobWithConfig({ project, inputs, dockerConfig: dockerConfigWith({}) })
    expect(anonymous.job.status).toBe('success')
    expect([anonymous.outputs['restored-scope'], anonymous.outputs['cache-hit']]).toEqual(['', 'false'])
    expect(anonymous.job.main.warnings).toEqual([
      expect.stringMatching(new RegExp(`could not be looked up: .*401.*no credentials for ${escape(locked.url)} in the Docker config`))
    ])
  })
})

describe('the token flow', () => {
  test('a registry with a Bearer challenge and a token server: lookups, build, export check and a closed pull request, all with the job login', async () => {
    const registry = await startTokenRegistry({ port: 5003 })
    try {
      const { username, password } = registry.credentials
      const repository = `token-${id}`
      const ref = `${registry.url}/${repository}`
      const inputs = { 'cache-mode': 'registry', 'registry-ref': ref }
      const dockerConfig = dockerConfigWith({ [`http://${registry.url}`]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } })
      const project = writeProject(fresh('token'), { nonce: `token-${id}` })
      pruneBuilderCache()
      const cold = await jobWithConfig({ project, inputs, dockerConfig })
      expect(cold.job.status).toBe('success')
      expect(cold.build.output).toMatch(/writing cache image manifest/)
      expect(cold.job.main.warnings).toEqual([])
      expect(cold.job.post.warnings).toEqual([])
      expect(cold.job.post.stdout).toMatch(new RegExp(`registry export\\s+written at ${escape(ref)}:main`))
      expect(registry.tokenRequests).toContainEqual({ scope: [`repository:${repository}:pull`], service: 'test-registry', authorized: true })

      pruneBuilderCache()
      const warm = await jobWithConfig({ project, inputs, dockerConfig })
      expect([warm.outputs['restored-scope'], warm.outputs['cache-hit']]).toEqual(['main', 'true'])
      expect(warm.build.cached).toBe(warm.build.steps)

      writeProject(project, { nonce: `token-${id}`, bust: { app: 'pr' } })
      const pr = await jobWithConfig({ project, inputs, dockerConfig, event: eventFor('pull_request', { number: 7 }) })
      expect(pr.job.post.stdout).toMatch(new RegExp(`registry export\\s+written at ${escape(ref)}:pr-7`))
      const closed = await runJob({ inputs, env: { DOCKER_CONFIG: dockerConfig }, event: eventFor('pull_request', { number: 7, action: 'closed' }) })
      expect(closed.main.warnings).toEqual([])
      expect(closed.main.stdout).toMatch(new RegExp(`${escape(ref)}:pr-7: deleted \\(manifest sha256:[0-9a-f]{64}\\)`))
      expect(registry.tokenRequests).toContainEqual({ scope: [`repository:${repository}:delete`], service: 'test-registry', authorized: true })
      const again = await runJob({ inputs, env: { DOCKER_CONFIG: dockerConfig }, event: eventFor('pull_request', { number: 7, action: 'closed' }) })
      expect(again.main.stdout).toContain(`${ref}:pr-7: not in the registry`)
      // main survived the deletion of pr-7.
      const after = await runJob({ inputs, env: { DOCKER_CONFIG: dockerConfig }, event: eventFor('push') })
      expect(after.outputs['restored-scope']).toBe('main')

      const log = [cold, warm, pr].flatMap(({ job }) => [job.main, job.post]).concat([closed.main, again.main, after.main, after.post])
      for (const phase of log)
        expect((phase.stdout + phase.stderr).replace(/::add-mask::.*$/gm, '')).not.toMatch(new RegExp(`${escape(password)}|eyJ[A-Za-z0-9_-]{20,}`))
    } finally {
      await registry.stop()
    }
  })
})

describe('a closed pull request deletes its scope', () => {
  test('local store: pr-7 leaves index.json, its unique blobs are reclaimed, main is untouched', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const project = writeProject(fresh('closed-local'), { nonce: `closed-local-${id}` })
    pruneBuilderCache()
    expect((await buildJob({ volume, project, event: eventFor('push') })).job.status).toBe('success')
    writeProject(project, { nonce: `closed-local-${id}`, bust: { app: 'pr' } })
    const pr = await buildJob({ volume, project, event: eventFor('pull_request', { number: 7 }) })
    expect(pr.job.status).toBe('success')
    const before = readTags(store)
    expect(Object.keys(before).sort()).toEqual(['main', 'pr-7'])
    const mainBlobs = reachableFrom(store, before.main)
    const prOnly = [...reachableFrom(store, before['pr-7'])].filter((hex) => !mainBlobs.has(hex))
    expect(prOnly.length).toBeGreaterThan(0)

    const closed = await runJob({ inputs: { 'volume-path': volume }, event: eventFor('pull_request', { number: 7, action: 'closed' }) })
    expect(closed.status).toBe('success')
    // A closed (or merged) pull request writes nothing and still reads its base, so a publish-on-merge build is warm.
    expect([closed.outputs['cache-from'], closed.outputs['cache-to'], closed.outputs.scope, closed.outputs['cache-hit']]).toEqual([
      expect.stringMatching(/^type=local,src=.*,tag=main$/),
      '',
      '',
      'true'
    ])
    // The suite's volumes are plain folders: the mount-point warning is expected and not about the deletion.
    expect(closed.main.warnings.filter((warning) => !warning.includes('Mount a volume there'))).toEqual([])
    expect(closed.post.warnings).toEqual([])
    expect(closed.main.stdout).toMatch(/deleted\s+pr-7: removed from the store/)
    expect(closed.post.stdout).toMatch(new RegExp(`gc\\s+deleted ${prOnly.length} blobs`))
    const after = readTags(store)
    expect(Object.keys(after)).toEqual(['main'])
    expect(after.main).toEqual(before.main)
    const remaining = new Set(blobNames(store))
    expect(prOnly.filter((hex) => remaining.has(hex))).toEqual([])
    expect([...mainBlobs].filter((hex) => !remaining.has(hex))).toEqual([])
    expect(storeProblems(store, { hash: true }).problems).toEqual([])
    expect(fs.readdirSync(path.join(store, '.staging'))).toEqual([])

    // Closing it again finds nothing and changes nothing.
    const again = await runJob({ inputs: { 'volume-path': volume }, event: eventFor('pull_request', { number: 7, action: 'closed' }) })
    expect(again.main.stdout).toMatch(/deleted\s+pr-7: not in the store/)
    expect(readTags(store)).toEqual(after)
  })

  test('registry: the pr-7 tag is deleted through the API, main keeps its digest; a manifest shared with main is kept', async () => {
    const repository = `closed-${id}`
    open.deleteAfterAll(repository)
    const ref = `${open.url}/${repository}`
    const inputs = { 'cache-mode': 'registry', 'registry-ref': ref }
    const project = writeProject(fresh('closed-registry'), { nonce: `closed-registry-${id}` })
    pruneBuilderCache()
    expect((await buildJob({ volume: tmp, project, event: eventFor('push'), inputs })).job.status).toBe('success')
    writeProject(project, { nonce: `closed-registry-${id}`, bust: { app: 'pr' } })
    expect((await buildJob({ volume: tmp, project, event: eventFor('pull_request', { number: 7 }), inputs })).job.status).toBe('success')
    const main = await digestOf(open.url, repository, 'main')
    const pr7 = await digestOf(open.url, repository, 'pr-7')
    expect(main).toMatch(/^sha256:/)
    expect(pr7).toMatch(/^sha256:/)
    expect(pr7).not.toBe(main)

    const closed = await runJob({ inputs, event: eventFor('pull_request', { number: 7, action: 'closed' }) })
    expect(closed.status).toBe('success')
    expect([closed.outputs['cache-from'], closed.outputs['cache-to']]).toEqual([`type=registry,ref=${ref}:main`, ''])
    expect(closed.main.warnings).toEqual([])
    expect(closed.main.stdout).toContain(`${ref}:pr-7: deleted (manifest ${pr7})`)
    expect(await digestOf(open.url, repository, 'pr-7')).toBeUndefined()
    expect(await digestOf(open.url, repository, 'main')).toBe(main)

    // pr-9 holding main's very manifest (a PR build that changed nothing can export one): deleting it by digest
    // would untag main too, and this registry deletes tags only that way, so both stay.
    expect(await retag(open.url, repository, 'main', 'pr-9')).toBe(201)
    const shared = await runJob({ inputs, event: eventFor('pull_request', { number: 9, action: 'closed' }) })
    expect(shared.status).toBe('success')
    expect(shared.main.warnings).toEqual([expect.stringMatching(new RegExp(`^The cache ${escape(ref)}:pr-9 is kept: it points at the same manifest as main`))])
    expect(await digestOf(open.url, repository, 'main')).toBe(main)
    expect(await digestOf(open.url, repository, 'pr-9')).toBe(main)
  })

  test("the user's tags pushed with pr-7 survive: inline mode deletes nothing, registry mode keeps a manifest other tags point at", async () => {
    const tags = ['pr-7', 'sha-abc1234', 'v1.4.0']
    const project = writeProject(fresh('images'), { nonce: `images-${id}` })
    const closedEvent = eventFor('pull_request', { number: 7, action: 'closed' })
    pruneBuilderCache()
    // One push of the image under the PR's scope and the user's usual tags, as a PR workflow with inline cache does;
    // a repository per mode, so each proves its own case.
    const pushImage = async (repository) => {
      open.deleteAfterAll(repository)
      const ref = `${open.url}/${repository}`
      const push = await buildx(project, {
        cacheTo: ['type=inline'],
        args: ['--output', `type=image,"name=${tags.map((tag) => `${ref}:${tag}`).join(',')}",push=true`]
      })
      for (const tag of tags) run('docker', ['image', 'rm', '-f', `${ref}:${tag}`], { allowFailure: true })
      expect(push.ok).toBe(true)
      const digest = await digestOf(open.url, repository, 'pr-7')
      expect(digest).toMatch(/^sha256:/)
      expect([await digestOf(open.url, repository, 'sha-abc1234'), await digestOf(open.url, repository, 'v1.4.0')]).toEqual([digest, digest])
      return { ref, digest }
    }

    const inlineRepository = `images-inline-${id}`
    const inlineImage = await pushImage(inlineRepository)
    const inline = await runJob({ inputs: { 'cache-mode': 'inline', 'registry-ref': inlineImage.ref }, event: closedEvent })
    expect(inline.status).toBe('success')
    for (const tag of tags) expect(await digestOf(open.url, inlineRepository, tag)).toBe(inlineImage.digest)
    expect(inline.main.warnings).toEqual([])
    expect(inline.main.stdout).toMatch(
      new RegExp(
        `deleted\\s+${escape(inlineImage.ref)}:pr-7: kept; the inline cache lives in the image ${escape(inlineImage.ref)}:pr-7, which the action does not delete`
      )
    )

    const registryRepository = `images-registry-${id}`
    const { ref, digest } = await pushImage(registryRepository)
    const registry = await runJob({ inputs: { 'cache-mode': 'registry', 'registry-ref': ref }, event: closedEvent })
    expect(registry.status).toBe('success')
    expect(await digestOf(open.url, registryRepository, 'sha-abc1234')).toBe(digest)
    expect(await digestOf(open.url, registryRepository, 'v1.4.0')).toBe(digest)
    // Debian's docker-registry deletes by digest only, which would untag the user's image: nothing goes.
    const kept = `${escape(ref)}:pr-7 is kept: it points at the same manifest as sha-abc1234, v1.4.0`
    expect(registry.main.warnings).toEqual([expect.stringMatching(new RegExp(`^The cache ${kept}`))])
    expect(registry.main.stdout).toMatch(new RegExp(`deleted\\s+${escape(ref)}:pr-7: kept, it points at the same manifest as sha-abc1234, v1.4.0`))
  })

  test('a registry that refuses the delete (401 without a login) is a warning, never a failure', async () => {
    const ref = `${locked.url}/refused-${id}`
    const closed = await runJob({
      inputs: { 'cache-mode': 'registry', 'registry-ref': ref },
      env: { DOCKER_CONFIG: dockerConfigWith({}) },
      event: eventFor('pull_request', { number: 7, action: 'closed' })
    })
    expect(closed.status).toBe('success')
    // The deletion, then the lookup of the base it reads: one registry without a login, one warning each.
    expect(closed.main.warnings).toEqual([
      expect.stringMatching(new RegExp(`^The cache ${escape(ref)}:pr-7 was not deleted: .*401`)),
      expect.stringMatching(new RegExp(`^The registry cache ${escape(ref)} could not be looked up: .*401`))
    ])
  })
})

describe('superseded cache manifests', () => {
  test('registry mode: two changing builds of one scope leave one manifest, the previous one deleted by post', async () => {
    // A registry of its own: its storage folder is what is counted.
    const registry = await startRegistry({ port: 5004 })
    try {
      const repository = `superseded-${id}`
      const ref = `${registry.url}/${repository}`
      const inputs = { 'cache-mode': 'registry', 'registry-ref': ref }
      const project = writeProject(fresh('superseded'), { nonce: `superseded-${id}` })
      pruneBuilderCache()
      const first = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs })
      expect(first.job.status).toBe('success')
      const old = await digestOf(registry.url, repository, 'main')
      expect(manifestRevisions(registry.dataDir, repository)).toEqual([old])

      writeProject(project, { nonce: `superseded-${id}`, bust: { app: 'changed' } })
      pruneBuilderCache()
      const second = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs })
      expect(second.job.status).toBe('success')
      const current = await digestOf(registry.url, repository, 'main')
      expect(current).toMatch(/^sha256:/)
      expect(current).not.toBe(old)
      expect(manifestRevisions(registry.dataDir, repository)).toEqual([current])
      expect(second.job.post.warnings).toEqual([])
      expect(second.job.post.stdout).toMatch(new RegExp(`registry export\\s+updated at ${escape(ref)}:main`))
      expect(second.job.post.stdout).toMatch(new RegExp(`superseded\\s+${escape(ref)}:main before this build: deleted \\(manifest ${old}\\)`))
    } finally {
      await registry.stop()
    }
  })
})
