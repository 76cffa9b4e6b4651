import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CachePlan } from '../../../src/backends/cache-plan.js'
import { parseInputs } from '../../../src/config/inputs.js'
import { shortDigest } from '../../../src/oci/manifest.js'
import { checkRegistryExport, lookUpRegistryCache } from '../../../src/phases/registry-cache.js'
import type { JobState } from '../../../src/runner/state.js'
import { cacheManifest, startFakeRegistry, type FakeRegistry } from '../../../__fixtures__/fake-registry.js'
import { serve, type Handler, type Served } from '../../../__fixtures__/registry-server.js'
import { recordingRunner, said, type RecordingRunner } from '../../../__fixtures__/runner.js'

const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`

// The job's Docker config, so no test reads the login of whoever runs it: empty unless a test writes one.
let dockerConfig = ''
const savedDockerConfig = process.env.DOCKER_CONFIG
beforeAll(() => {
  dockerConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-cache-docker-'))
  process.env.DOCKER_CONFIG = dockerConfig
})
afterAll(() => {
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG
  else process.env.DOCKER_CONFIG = savedDockerConfig
  fs.rmSync(dockerConfig, { recursive: true, force: true })
})

let registry: FakeRegistry | undefined
let served: Served | undefined
let runner: RecordingRunner
beforeEach(() => {
  runner = recordingRunner({})
  fs.rmSync(path.join(dockerConfig, 'config.json'), { force: true })
})
afterEach(async () => {
  await registry?.close()
  await served?.close()
  registry = undefined
  served = undefined
})

/** A registry repository 127.0.0.1:<port>/org/cache holding each tag on the manifest its seed makes. */
async function registryWith(tags: Record<string, string>, options: Parameters<typeof startFakeRegistry>[0] = {}): Promise<FakeRegistry> {
  registry = await startFakeRegistry(options)
  for (const [tag, seed] of Object.entries(tags)) registry.put(tag, cacheManifest(seed, [100]))
  return registry
}

/** A registry on 127.0.0.1 answering with `handler`. */
async function servedBy(handler: Handler): Promise<Served> {
  served = await serve(handler)
  return served
}

/** The host of a port nothing listens on any more: the connection is refused at once. */
async function closedHost(): Promise<string> {
  const gone = await serve(() => {})
  await gone.close()
  return gone.host
}

const inputsFor = (ref: string, extra: Record<string, string> = {}) =>
  parseInputs({ 'cache-mode': 'registry', 'registry-ref': ref, 'repo-name': 'app', ...extra }).inputs

const planOf = (writeTag: string | undefined, readTags: string[]): CachePlan => ({
  backend: 'registry',
  scopes: { write: writeTag, read: readTags, defaultBranch: 'main', reason: 'test', writesBranch: writeTag === 'main' },
  ...(writeTag ? { writeTag } : {}),
  readTags,
  messages: []
})

const logOf = (level: 'info' | 'warning') => said(runner, level)

describe('lookUpRegistryCache: which listed scope the registry holds, and the written tag before the build', () => {
  // name, tag -> manifest seed, the plan's write and read tags, inputs, restored, writeDigest ('<tag>' for that tag's digest), info line, tags asked
  test.each<[string, Record<string, string>, [string | undefined, string[]], Record<string, string>, string, string | undefined, string, string[]]>([
    ['warm on the scope it writes', { main: 'a' }, ['main', ['main']], {}, 'main', '<main>', 'Registry cache found: REF:main', ['main']],
    [
      'a pull request warm from its base: its own tag absent before',
      { main: 'a' },
      ['pr-7', ['main']],
      {},
      'main',
      '',
      'Registry cache found: REF:main',
      ['pr-7', 'main']
    ],
    [
      'cold: the build runs without a cache',
      { other: 'a' },
      ['pr-7', ['pr-7', 'main']],
      {},
      '',
      '',
      'No scope of pr-7, main exists in REF yet: the build runs cold',
      ['pr-7', 'main']
    ],
    [
      'read-only: no written tag, no digest for post',
      { main: 'a' },
      [undefined, ['develop', 'main']],
      { 'read-only': 'true' },
      'main',
      undefined,
      'Registry cache found: REF:main',
      ['develop', 'main']
    ],
    [
      'the written scope found first ends the walk',
      { 'pr-7': 'b', main: 'a' },
      ['pr-7', ['main']],
      {},
      'pr-7',
      '<pr-7>',
      'Registry cache found: REF:pr-7',
      ['pr-7']
    ],
    [
      'dry-run and registry-insecure travel to post',
      { main: 'a' },
      ['main', ['main']],
      { 'dry-run': 'true', 'registry-insecure': 'true' },
      'main',
      '<main>',
      'Registry cache found: REF:main',
      ['main']
    ]
  ])('%s', async (_name, tags, [writeTag, readTags], extra, restored, writeDigest, info, asked) => {
    const { host, tags: held, requests } = await registryWith(tags)
    const ref = `${host}/org/cache`
    const inputs = inputsFor(ref, extra)
    const found = await lookUpRegistryCache(inputs, planOf(writeTag, readTags), runner)
    const digest = writeDigest?.startsWith('<') ? held.get(writeDigest.slice(1, -1)) : writeDigest
    expect(found).toEqual({
      restoredTag: restored,
      state: {
        ref,
        insecure: inputs.registryInsecure,
        ...(inputs.dryRun ? { dryRun: true } : {}),
        ...(digest !== undefined ? { writeDigest: digest } : {})
      }
    })
    expect(logOf('info')).toEqual([info.replace('REF', ref)])
    expect(logOf('warning')).toEqual([])
    expect(requests).toEqual(asked.map((tag) => `HEAD /v2/org/cache/manifests/${tag}`))
  })

  test('a registry that wants a login: the job Docker config answers it, and the password is masked', async () => {
    const { host } = await registryWith({ main: 'a' }, { login: { username: 'ci', password: 'registry-password' } })
    const file = path.join(dockerConfig, 'config.json')
    fs.writeFileSync(file, JSON.stringify({ auths: { [host]: { auth: Buffer.from('ci:registry-password').toString('base64') } } }))
    const found = await lookUpRegistryCache(inputsFor(`${host}/org/cache`), planOf('main', ['main']), runner)
    expect(found.restoredTag).toBe('main')
    expect(runner.secrets).toEqual(['registry-password'])
    expect(logOf('info')).toEqual([`Registry credentials for ${host}: from ${file}`, `Registry cache found: ${host}/org/cache:main`])
  })

  // Every way the registry cannot be asked ends in one warning and a cold, unknown lookup: never a thrown error, never a failed job.
  test.each<[string, () => Promise<string>, RegExp]>([
    ['unreachable', closedHost, /: 127\.0\.0\.1:\d+: ECONNREFUSED\. /],
    [
      'answering 500',
      async () => (await servedBy((_request, response) => void response.writeHead(500).end())).host,
      /: the registry answered 500 when reading pr-7\. /
    ],
    [
      'no login for a registry that wants one',
      async () => (await registryWith({ main: 'a' }, { login: { username: 'ci', password: 'secret' } })).host,
      /: the registry refused reading pr-7 \(401\): no credentials for 127\.0\.0\.1:\d+ in the Docker config\. /
    ],
    [
      'a login challenge whose token address is no URL: not answered, the read refused',
      async () => (await servedBy((_request, response) => void response.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="not a url"' }).end())).host,
      /the registry refused reading pr-7 \(401\)/
    ]
  ])('%s: one warning, restored-scope empty, the written digest unknown', async (_name, start, problem) => {
    const host = await start()
    const ref = `${host}/org/cache`
    const found = await lookUpRegistryCache(inputsFor(ref), planOf('pr-7', ['main']), runner)
    expect(found).toEqual({ restoredTag: '', state: { ref, insecure: false } })
    const [warning, ...more] = logOf('warning')
    expect(more).toEqual([])
    expect(warning).toMatch(new RegExp(`^The registry cache ${ref} could not be looked up`))
    expect(warning).toMatch(problem)
    expect(warning).toMatch(/restored-scope stays empty and cache-hit false; the build still uses the cache if its builder can reach the registry$/)
    expect(logOf('info').filter((line) => line.startsWith('Registry cache found') || line.startsWith('No scope'))).toEqual([])
  })
})

describe("checkRegistryExport: did this job's export arrive, and the manifest it superseded", () => {
  const stateFor = (ref: string, writeDigest: string | undefined, dryRun = false): JobState => ({
    backend: 'registry',
    writeTag: 'main',
    registry: { ref, insecure: false, ...(writeDigest !== undefined ? { writeDigest } : {}), ...(dryRun ? { dryRun } : {}) }
  })

  test.each<[string, JobState]>([
    ['no registry in the state (local mode)', { backend: 'local', writeTag: 'main' }],
    ['no written tag (a read-only job)', { backend: 'registry', registry: { ref: '127.0.0.1:1/org/cache', insecure: false, writeDigest: D1 } }]
  ])('%s: nothing to check, nothing asked', async (_name, state) => {
    expect(await checkRegistryExport(state, runner)).toEqual([])
    expect(runner.log).toEqual([])
  })

  // The manifest main saw under main, and the one the build left there.
  const OLD = 'before'
  const NEW = 'after'

  test.each<[string, string | undefined, { newExport?: boolean; others?: Record<string, string>; dryRun?: boolean }, string, string | undefined, boolean]>([
    ['written: the tag is new', '', {}, 'written at REF:main (NEW)', undefined, false],
    [
      'unchanged: the same manifest, nothing superseded',
      '<new>',
      {},
      'unchanged at REF:main (NEW): nothing new to export, or the export failed (the build log tells which)',
      undefined,
      false
    ],
    ['present: main could not look, so nothing is superseded', undefined, {}, 'present at REF:main (NEW)', undefined, false],
    ['updated: the superseded manifest is deleted', '<old>', {}, 'updated at REF:main (NEW)', 'REF:main before this build: deleted (manifest OLD)', true],
    [
      'updated, another tag holds the old manifest: kept without a warning',
      '<old>',
      { others: { 'v1.4.0': OLD } },
      'updated at REF:main (NEW)',
      'REF:main before this build: kept, v1.4.0 still point at it',
      false
    ],
    [
      'updated, dry-run: named, not deleted',
      '<old>',
      { dryRun: true },
      'updated at REF:main (NEW)',
      'REF:main before this build: would delete manifest OLD (dry-run)',
      false
    ]
  ])('%s', async (_name, before, { others = {}, dryRun = false }, exportRow, supersededRow, deleted) => {
    const fake = await registryWith({ main: OLD, ...others })
    const oldDigest = fake.tags.get('main') ?? ''
    fake.put('main', cacheManifest(NEW, [100]))
    const newDigest = fake.tags.get('main') ?? ''
    const ref = `${fake.host}/org/cache`
    const writeDigest = before === '<old>' ? oldDigest : before === '<new>' ? newDigest : before
    const words = (text: string) => text.replace('REF', ref).replace('NEW', shortDigest(newDigest)).replace('OLD', oldDigest)

    const rows = await checkRegistryExport(stateFor(ref, writeDigest, dryRun), runner)

    expect(rows).toEqual([['registry export', words(exportRow)], ...(supersededRow ? [['superseded', words(supersededRow)]] : [])])
    expect(logOf('info')).toEqual([`Cache export: ${words(exportRow)}`, ...(supersededRow ? [`Superseded manifest: ${words(supersededRow)}`] : [])])
    expect(logOf('warning')).toEqual([])
    expect(fake.manifests.has(oldDigest)).toBe(!deleted)
    expect(fake.manifests.has(newDigest)).toBe(true)
    expect(fake.requests.filter((line) => line.startsWith('DELETE'))).toEqual(deleted ? [`DELETE /v2/org/cache/manifests/${oldDigest}`] : [])
  })

  test('nothing arrived: a warning that the next build runs cold', async () => {
    const { host } = await registryWith({ other: 'a' })
    const ref = `${host}/org/cache`
    expect(await checkRegistryExport(stateFor(ref, ''), runner)).toEqual([['registry export', `missing: no cache arrived at ${ref}:main`]])
    expect(logOf('warning')).toEqual([expect.stringMatching(new RegExp(`^No cache arrived at ${ref}:main: .*The next build with this scope runs cold$`))])
    expect(logOf('info')).toEqual([])
  })

  test('a registry that cannot be reached: not checked, one warning, nothing superseded', async () => {
    const host = await closedHost()
    const ref = `${host}/org/cache`
    expect(await checkRegistryExport(stateFor(ref, D1), runner)).toEqual([['registry export', `not checked: ${host}: ECONNREFUSED`]])
    expect(logOf('warning')).toEqual([expect.stringMatching(new RegExp(`^The cache export to ${ref}:main could not be checked \\(${host}: ECONNREFUSED\\)`))])
  })

  test('a limit already spent: no request is sent, and the row names the limit', async () => {
    const { host, requests } = await registryWith({ main: 'a' })
    const ref = `${host}/org/cache`
    const rows = await checkRegistryExport(stateFor(ref, D1), runner, 0)
    expect(rows).toEqual([['registry export', `not checked: ${host}: the registry work of this step passed its limit of 0 s, so the rest of it is skipped`]])
    expect(logOf('warning')).toHaveLength(1)
    expect(requests).toEqual([])
  })

  /** A registry where the build moved main from D1 to D2, answering `list` to the tag list and `deletes` to a delete. */
  const movedTag =
    ({ list = 200, deletes = 202 }: { list?: number; deletes?: number }): Handler =>
    (request, response) => {
      const url = request.url ?? ''
      if (request.method === 'HEAD' && url === '/v2/org/cache/manifests/main') return void response.writeHead(200, { 'Docker-Content-Digest': D2 }).end()
      if (url.startsWith('/v2/org/cache/tags/list')) return void response.writeHead(list).end(list === 200 ? JSON.stringify({ tags: ['main'] }) : undefined)
      if (request.method === 'DELETE')
        return void response.writeHead(deletes).end(deletes === 405 ? '{"errors":[{"code":"UNSUPPORTED","message":"unsupported"}]}' : undefined)
      response.writeHead(404).end()
    }

  test.each<[string, Handler, string, RegExp]>([
    [
      'the registry refuses deletes: the warning names the setting that allows them',
      movedTag({ deletes: 405 }),
      `not deleted, the registry does not allow deleting ${D1} (405, UNSUPPORTED: unsupported; deletes may be disabled); a distribution registry`,
      /^The cache .*:main before this build was not deleted: .*REGISTRY_STORAGE_DELETE_ENABLED=true/
    ],
    [
      'the tag list fails: the manifest is kept, never deleted on a guess',
      movedTag({ list: 500 }),
      'kept, the tags that may share its manifest could not be checked (the registry answered 500 when listing the tags of org/cache)',
      /^The cache .*:main before this build is kept: the tags that may share its manifest could not be checked/
    ]
  ])('%s', async (_name, handler, supersededRow, warning) => {
    const { host, requests } = await servedBy(handler)
    const ref = `${host}/org/cache`
    const rows = await checkRegistryExport(stateFor(ref, D1), runner)
    expect(rows).toEqual([
      ['registry export', `updated at ${ref}:main (${shortDigest(D2)})`],
      ['superseded', expect.stringContaining(`${ref}:main before this build: ${supersededRow}`)]
    ])
    expect(logOf('warning')).toEqual([expect.stringMatching(warning)])
    expect(requests.filter((line) => line.startsWith('DELETE'))).toEqual(supersededRow.startsWith('kept') ? [] : [`DELETE /v2/org/cache/manifests/${D1}`])
  })
})
