// Every remote backend string proven by a real build: the bundled action's
// outputs passed to `docker buildx build` against Debian's docker-registry on
// loopback. Warm builds run after `docker buildx prune -af`.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildx, ensureEngine, pruneBuilderCache, run, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, lines, runJob, runtimeToken } from '../../scripts/lib/runner-emulation.mjs'
import { fetchManifest, useRegistry } from '../lib/registry.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backends-'))
const images = []
const id = `${Date.now()}`

beforeAll(() => ensureEngine())
const registry = useRegistry({ port: 5000 })
const refusing = useRegistry({ port: 5001, auth: true })
afterAll(() => {
  for (const image of images) run('docker', ['image', 'rm', '-f', image], { allowFailure: true })
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('registry backend', () => {
  test('cold build pushes an OCI cache manifest; after a prune the warm build is CACHED; a PR reads the branch', async () => {
    const repository = `cache-${id}`
    const inputs = { 'cache-mode': 'registry', 'registry-ref': `${registry.url}/${repository}` }
    const project = writeProject(path.join(tmp, 'registry'), { nonce: id })
    pruneBuilderCache()
    const cold = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs })
    expect(cold.job.status).toBe('success')
    expect(lines(cold.outputs['cache-to'])).toEqual([
      `type=registry,ref=${registry.url}/${repository}:main,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`
    ])
    expect(cold.build.output).toMatch(/writing cache image manifest/)

    const manifest = await fetchManifest(registry.url, repository, 'main')
    expect(manifest.body.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(manifest.body.config.mediaType).toBe('application/vnd.buildkit.cacheconfig.v0')
    expect(manifest.body.layers.length).toBeGreaterThan(0)

    pruneBuilderCache()
    const warm = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs })
    expect(warm.build.cached).toBe(warm.build.steps)

    pruneBuilderCache()
    const pr = await buildJob({ volume: tmp, project, event: eventFor('pull_request', { number: 9, base: 'main' }), inputs })
    expect(lines(pr.outputs['cache-from'])).toEqual([
      `type=registry,ref=${registry.url}/${repository}:pr-9`,
      `type=registry,ref=${registry.url}/${repository}:main`
    ])
    expect(pr.build.ok).toBe(true)
    expect(pr.build.cached).toBe(pr.build.steps)
    expect(await fetchManifest(registry.url, repository, 'pr-9')).toBeDefined()
  })

  test('a registry that refuses the push (401) does not fail the build; the export error is in the log', async () => {
    const inputs = { 'cache-mode': 'registry', 'registry-ref': `${refusing.url}/cache-${id}` }
    const project = writeProject(path.join(tmp, 'refused'), { nonce: `${id}-refused` })
    pruneBuilderCache()
    const job = await buildJob({ volume: tmp, project, event: eventFor('push'), inputs })
    expect(job.build.ok).toBe(true)
    expect(job.job.status).toBe('success')
    expect(job.build.output).toMatch(/401 Unauthorized|unauthorized|authentication required/i)

    // Control: the same build with ignore-error off fails, so the refusal is real.
    const strict = await buildx(project, { cacheTo: lines(job.outputs['cache-to']).map((entry) => entry.replace(',ignore-error=true', '')) })
    expect(strict.ok).toBe(false)
  })
})

describe("the workflow's job-level cache-mode (ACTIONS_CACHE_MODE) binds every backend", () => {
  test.each(['local', 'registry'])('ACTIONS_CACHE_MODE=read with cache-mode %s: warm from what earlier jobs wrote, no cache-to, one log line', async (mode) => {
    const repository = `jobmode-${mode}-${id}`
    const volume = path.join(tmp, `jobmode-${mode}`)
    const inputs = { 'cache-mode': mode, ...(mode === 'registry' ? { 'registry-ref': `${registry.url}/${repository}` } : {}) }
    const project = writeProject(path.join(tmp, `jobmode-project-${mode}`), { nonce: `jobmode-${mode}-${id}` })
    pruneBuilderCache()
    const writer = await buildJob({ volume, project, event: eventFor('push'), inputs })
    expect(writer.build.ok).toBe(true)
    pruneBuilderCache()
    const reader = await buildJob({ volume, project, event: eventFor('push'), inputs, env: { ACTIONS_CACHE_MODE: 'read' } })
    expect(reader.build.ok).toBe(true)
    expect(lines(reader.outputs['cache-to'])).toEqual([])
    expect(lines(reader.outputs['cache-from']).length).toBeGreaterThan(0)
    expect(reader.build.cached).toBe(reader.build.steps)
    const said = reader.job.main.stdout.split('\n').filter((line) => line.startsWith('ACTIONS_CACHE_MODE'))
    expect(said).toEqual([expect.stringMatching(/^ACTIONS_CACHE_MODE is read: this job may only read the cache, so no cache-to is emitted/)])
  })
})

describe('inline backend', () => {
  test('an image pushed with inline cache serves the warm build through our cache-from', async () => {
    const repository = `inline-${id}`
    const inputs = { 'cache-mode': 'inline', 'registry-ref': `${registry.url}/${repository}` }
    const project = writeProject(path.join(tmp, 'inline'), { nonce: `${id}-inline` })
    pruneBuilderCache()
    const job = await runJob({ inputs, event: eventFor('push') })
    expect(lines(job.outputs['cache-to'])).toEqual(['type=inline'])
    const image = `${registry.url}/${repository}:${job.outputs.scope}`
    images.push(image)
    const cold = await buildx(project, {
      cacheTo: lines(job.outputs['cache-to']),
      args: ['--output', `type=image,name=${image},push=true`]
    })
    expect(cold.ok).toBe(true)
    run('docker', ['image', 'rm', '-f', image], { allowFailure: true })
    pruneBuilderCache()

    const warmJob = await runJob({ inputs, event: eventFor('push') })
    expect(lines(warmJob.outputs['cache-from'])).toEqual([`type=registry,ref=${image}`])
    const warm = await buildx(project, { cacheFrom: lines(warmJob.outputs['cache-from']) })
    expect(warm.ok).toBe(true)
    // Inline cache is min mode: the final stage's steps are cached.
    expect(warm.cached).toBeGreaterThanOrEqual(2)
  })
})

describe('gha and s3', () => {
  // What act_runner's embedded cache server hands a job (the URL is never contacted here).
  const cacheServer = { ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_CACHE_URL: 'http://127.0.0.1:9/' }
  const withoutRunnerVariables = () => {
    const env = { ...process.env }
    for (const name of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2']) delete env[name]
    return env
  }

  test('buildx drops gha entries silently without the runner variables, and hands them to BuildKit with them (why main refuses)', () => {
    const project = writeProject(path.join(tmp, 'entries-probe'), { nonce: `probe-${id}` })
    const argv = [
      'buildx',
      'build',
      '--progress=plain',
      '--output',
      'type=cacheonly',
      '--cache-from',
      'type=gha,scope=probe',
      '--cache-to',
      'type=gha,scope=probe,mode=max',
      project
    ]
    const dropped = run('docker', argv, { env: withoutRunnerVariables(), allowFailure: true })
    expect(dropped.status).toBe(0)
    expect(dropped.stdout + dropped.stderr).not.toMatch(/importing cache|exporting cache|gha/i)
    const handed = run('docker', argv, { env: { ...withoutRunnerVariables(), ...cacheServer }, allowFailure: true })
    expect(handed.stdout + handed.stderr).toMatch(/GitHub Actions Cache|gha cache/)
  })

  test('a runtime token BuildKit cannot parse never reaches a build: main fails with the cause and the fix; a runner-made token builds green', async () => {
    // What gitea-runner exec hands a job: 24 random hex characters, not a JWT.
    const hexToken = { ACTIONS_RUNTIME_TOKEN: '0123456789abcdef01234567', ACTIONS_CACHE_URL: 'http://127.0.0.1:9/' }
    const job = await runJob({ inputs: { 'cache-mode': 'gha' }, platform: 'gitea', env: hexToken })
    expect(job.status).toBe('failure')
    expect(job.main.errors).toEqual([
      expect.stringMatching(/ACTIONS_RUNTIME_TOKEN is not a JWT .*before ignore-error applies, so the build would fail; use cache-mode 'local'/)
    ])
    expect(job.main.stdout).not.toContain(hexToken.ACTIONS_RUNTIME_TOKEN)
    // Why: the entry main would have emitted fails the build on the real engine, ignore-error=true or not.
    const project = writeProject(path.join(tmp, 'token-probe'), { nonce: `token-${id}` })
    const argv = [
      'buildx',
      'build',
      '--progress=plain',
      '--output',
      'type=cacheonly',
      '--cache-to',
      'type=gha,scope=acme__app-main,mode=max,ignore-error=true',
      project
    ]
    const refused = run('docker', argv, { env: { ...withoutRunnerVariables(), ...hexToken }, allowFailure: true })
    expect(refused.status).not.toBe(0)
    expect(refused.stdout + refused.stderr).toMatch(/failed to configure gha cache exporter: .*invalid number of segments/)
    // A token of the shape runners mint passes main, and its entries keep the build green: the unreachable server only fails the export, which ignore-error covers.
    const ok = await runJob({ inputs: { 'cache-mode': 'gha' }, platform: 'gitea', env: cacheServer })
    expect(ok.status).toBe('success')
    const built = run(
      'docker',
      [
        'buildx',
        'build',
        '--progress=plain',
        '--output',
        'type=cacheonly',
        ...lines(ok.outputs['cache-to']).flatMap((entry) => ['--cache-to', entry]),
        project
      ],
      {
        env: { ...withoutRunnerVariables(), ...cacheServer },
        allowFailure: true
      }
    )
    expect(built.stdout + built.stderr).not.toMatch(/failed to configure gha cache/)
    expect(built.status).toBe(0)
  })

  test('gha where the runner serves no cache fails main with the reason and the fix, on every platform', async () => {
    for (const platform of ['gitea', 'forgejo', 'github-self-hosted']) {
      const job = await runJob({ inputs: { 'cache-mode': 'gha' }, platform })
      expect(job.status).toBe('failure')
      expect(job.main.errors).toEqual([
        expect.stringMatching(
          /cache-mode 'gha' needs the runner's cache service, but ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL are not set.*'local'.*'registry'/
        )
      ])
    }
  })

  test('gha on Gitea and Forgejo runners with a cache server: the entries and one notice naming the URL', async () => {
    for (const platform of ['gitea', 'forgejo']) {
      const job = await runJob({ inputs: { 'cache-mode': 'gha' }, platform, env: cacheServer })
      expect(job.status).toBe('success')
      expect(lines(job.outputs['cache-from'])).toEqual(['type=gha,scope=acme__app-main'])
      expect(lines(job.outputs['cache-to'])).toEqual(['type=gha,scope=acme__app-main,mode=max,ignore-error=true'])
      expect(job.main.notices).toEqual([
        expect.stringMatching(/cache server at http:\/\/127\.0\.0\.1:9\/: the BuildKit builder must be able to reach that URL/)
      ])
    }
  })

  test('gha on a GitHub-hosted runner carries the scope, without a notice', async () => {
    const job = await runJob({ inputs: { 'cache-mode': 'gha' }, platform: 'github-hosted', event: eventFor('pull_request', { number: 4 }) })
    expect(job.status).toBe('success')
    expect(lines(job.outputs['cache-from'])).toEqual(['type=gha,scope=acme__app-pr-4', 'type=gha,scope=acme__app-main'])
    expect(lines(job.outputs['cache-to'])).toEqual(['type=gha,scope=acme__app-pr-4,mode=max,ignore-error=true'])
    expect(job.main.notices).toEqual([])
  })

  test.each([
    ['none', [], [], /ACTIONS_CACHE_MODE is none/],
    ['read', ['type=gha,scope=acme__app-main'], [], /ACTIONS_CACHE_MODE is read/],
    ['write-only', [], ['type=gha,scope=acme__app-main,mode=max,ignore-error=true'], /ACTIONS_CACHE_MODE is write-only/],
    ['write', ['type=gha,scope=acme__app-main'], ['type=gha,scope=acme__app-main,mode=max,ignore-error=true'], undefined]
  ])('ACTIONS_CACHE_MODE=%s on a GitHub-hosted runner', async (mode, cacheFrom, cacheTo, info) => {
    const job = await runJob({ inputs: { 'cache-mode': 'gha' }, platform: 'github-hosted', env: { ACTIONS_CACHE_MODE: mode } })
    expect(job.status).toBe('success')
    expect(lines(job.outputs['cache-from'])).toEqual(cacheFrom)
    expect(lines(job.outputs['cache-to'])).toEqual(cacheTo)
    const said = job.main.stdout.split('\n').filter((line) => line.startsWith('ACTIONS_CACHE_MODE'))
    if (info) expect(said).toEqual([expect.stringMatching(info)])
    else expect(said).toEqual([])
  })

  test('s3 strings (no S3 server is reachable here), credentials never printed', async () => {
    const job = await runJob({
      inputs: {
        'cache-mode': 's3',
        'cache-options': 'bucket=ci,region=us-east-1,endpoint_url=http://127.0.0.1:9000,use_path_style=true,secret_access_key=SECRET-VALUE-123'
      },
      env: { AWS_SECRET_ACCESS_KEY: 'SECRET-VALUE-456' }
    })
    expect(lines(job.outputs['cache-to'])).toEqual([
      'type=s3,name=acme__app-main,mode=max,ignore-error=true,bucket=ci,region=us-east-1,endpoint_url=http://127.0.0.1:9000,use_path_style=true,secret_access_key=SECRET-VALUE-123'
    ])
    const log = job.main.stdout + job.post.stdout
    expect(log).not.toMatch(/SECRET-VALUE-456/)
    // Registered with the runner as a secret, so it is masked wherever a later step prints cache-to.
    expect(log).toContain('::add-mask::SECRET-VALUE-123')
    expect(log.replace('::add-mask::SECRET-VALUE-123', '')).not.toContain('SECRET-VALUE-123')
  })
})
