import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CachePlan } from '../../../src/backends/cache-plan.js'
import { parseInputs, type Backend } from '../../../src/config/inputs.js'
import { removeEndedScope } from '../../../src/phases/ended-scope.js'
import { cacheManifest, startFakeRegistry, type FakeRegistry } from '../../../__fixtures__/fake-registry.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'
import { serve, type Served } from '../../../__fixtures__/registry-server.js'
import { recordingRunner, said, type RecordingRunner } from '../../../__fixtures__/runner.js'

// A closed pull request's event: pr-7 ended, main is the scope the job protects.
const ENDED = 'pr-7'
const D1 = `sha256:${'1'.repeat(64)}`

const planFor = (backend: Backend): CachePlan => ({
  backend,
  scopes: { read: ['main'], defaultBranch: 'main', reason: 'pull request #7 closed', remove: ENDED, writesBranch: false },
  readTags: ['main'],
  messages: []
})

let volume = ''
let registry: FakeRegistry | undefined
let served: Served | undefined
let runner: RecordingRunner

beforeEach(() => {
  volume = fs.mkdtempSync(path.join(os.tmpdir(), 'ended-scope-'))
  runner = recordingRunner({})
})

afterEach(async () => {
  await registry?.close()
  await served?.close()
  registry = undefined
  served = undefined
  fs.rmSync(volume, { recursive: true, force: true })
})

const storeRoot = () => path.join(volume, 'app')
const storeTags = () =>
  (JSON.parse(fs.readFileSync(path.join(storeRoot(), 'index.json'), 'utf8')) as { manifests: Array<{ annotations?: Record<string, string> }> }).manifests.map(
    (entry) => entry.annotations?.['org.opencontainers.image.ref.name']
  )
const blobCount = () => fs.readdirSync(path.join(storeRoot(), 'blobs', 'sha256')).length
const lastUsed = () => JSON.parse(fs.readFileSync(path.join(storeRoot(), '.meta', 'last-used.json'), 'utf8')) as Record<string, number>

/** A store holding `tags`, each with its last-used time. */
function storeWith(...tags: string[]) {
  if (tags.length === 0) return
  for (const tag of tags) writeCacheTag(storeRoot(), tag)
  fs.mkdirSync(path.join(storeRoot(), '.meta'), { recursive: true })
  fs.writeFileSync(path.join(storeRoot(), '.meta', 'last-used.json'), JSON.stringify(Object.fromEntries(tags.map((tag) => [tag, 1_000]))))
}

/** A registry repository 127.0.0.1:<port>/org/cache holding each tag on the manifest its seed makes (one seed, one manifest). */
async function registryWith(tags: Record<string, string>, tagDeletes = false): Promise<FakeRegistry> {
  registry = await startFakeRegistry({ tagDeletes })
  for (const [tag, seed] of Object.entries(tags)) registry.put(tag, cacheManifest(seed, [100]))
  return registry
}

function inputsFor(cacheMode: Backend, extra: Record<string, string> = {}, ref = '127.0.0.1:1/org/cache') {
  const registryModes: string[] = ['registry', 'local+registry', 'inline']
  return parseInputs({
    'cache-mode': cacheMode,
    'repo-name': 'app',
    'volume-path': volume,
    ...(registryModes.includes(cacheMode) ? { 'registry-ref': ref } : {}),
    ...(cacheMode === 's3' ? { 'cache-options': 'bucket=ci-cache,region=eu-west-1' } : {}),
    ...extra
  }).inputs
}

const warnings = () => said(runner, 'warning')

describe('read-only: nothing is deleted, whatever the backend', () => {
  test.each<Backend>(['local', 'local+registry', 'registry', 'inline', 'gha', 's3', 'off'])('%s', async (backend) => {
    storeWith(ENDED, 'main')
    const { host, requests } = await registryWith({ [ENDED]: 'a', main: 'b' })
    const result = await removeEndedScope(inputsFor(backend, { 'read-only': 'true' }, `${host}/org/cache`), planFor(backend), ENDED, runner)
    expect(result).toEqual({ state: { backend }, row: 'pr-7: kept (read-only)' })
    expect(storeTags()).toEqual([ENDED, 'main'])
    expect(requests).toEqual([])
    expect(runner.log).toEqual([])
  })
})

describe('local: the scope leaves index.json, its blobs wait for post', () => {
  test.each<[string, string[], Record<string, string>, { row: string; removedTag?: string; tagsAfter?: string[] }]>([
    [
      'in the store: removed, and post is told to reclaim it',
      [ENDED, 'main'],
      {},
      { row: 'pr-7: removed from the store; post reclaims its blobs', removedTag: ENDED, tagsAfter: ['main'] }
    ],
    ['dry-run: said, not done', [ENDED, 'main'], { 'dry-run': 'true' }, { row: 'pr-7: would be removed (dry-run)', tagsAfter: [ENDED, 'main'] }],
    ['a store without the scope', ['main'], {}, { row: 'pr-7: not in the store', tagsAfter: ['main'] }],
    ['no store at all: nothing is created to find that out', [], {}, { row: 'pr-7: not in the store' }]
  ])('%s', async (_name, tags, extra, expected) => {
    storeWith(...tags)
    const blobsBefore = tags.length > 0 ? blobCount() : 0
    const result = await removeEndedScope(inputsFor('local', extra), planFor('local'), ENDED, runner)
    expect(result).toEqual({ state: { backend: 'local', ...(expected.removedTag ? { removedTag: expected.removedTag } : {}) }, row: expected.row })
    if (expected.tagsAfter) {
      expect(storeTags()).toEqual(expected.tagsAfter)
      // Blobs are GC's to reclaim (post), never main's.
      expect(blobCount()).toBe(blobsBefore)
      expect(Object.keys(lastUsed())).toEqual(expected.removedTag ? ['main'] : tags)
    } else {
      expect(fs.existsSync(storeRoot())).toBe(false)
    }
    expect(warnings()).toEqual([])
  })
})

describe('registry: the tag goes, its manifest only when no other tag holds it', () => {
  const manifestLine = /sha256:[0-9a-f]{64}/.source
  // name, tag -> manifest seed, registry and run, the row after `<ref>:pr-7: `, tags left, the warning's reason (none: no warning)
  test.each<[string, Record<string, string>, { tagDeletes?: boolean; dryRun?: boolean }, string, string[], string | undefined]>([
    ['alone on its manifest: the manifest is deleted', { [ENDED]: 'a', main: 'b' }, {}, `deleted \\(manifest ${manifestLine}\\)$`, ['main'], undefined],
    [
      'dry-run: names the manifest, deletes nothing',
      { [ENDED]: 'a', main: 'b' },
      { dryRun: true },
      `would delete manifest ${manifestLine} \\(dry-run\\)$`,
      [ENDED, 'main'],
      undefined
    ],
    ['not in the registry', { main: 'b' }, {}, 'not in the registry$', ['main'], undefined],
    [
      'main shares its manifest, the registry deletes tags: the tag only',
      { [ENDED]: 'a', main: 'a' },
      { tagDeletes: true },
      'deleted \\(the tag only; other tags share its manifest\\)$',
      ['main'],
      undefined
    ],
    [
      'main shares its manifest, the registry deletes only by digest: kept, and the user is told',
      { [ENDED]: 'a', main: 'a' },
      {},
      'kept, it points at the same manifest as main, and this registry deletes manifests only by digest, which would delete main too$',
      [ENDED, 'main'],
      'it points at the same manifest as main, and this registry deletes manifests only by digest, which would delete main too'
    ],
    [
      'main shares its manifest, dry-run',
      { [ENDED]: 'a', main: 'a' },
      { dryRun: true },
      'would delete the tag only \\(dry-run\\), where the registry allows it; main share its manifest [0-9a-f]{12}$',
      [ENDED, 'main'],
      undefined
    ]
  ])('%s', async (_name, tags, { tagDeletes = false, dryRun = false }, row, left, keptBecause) => {
    const { host, tags: after, requests } = await registryWith(tags, tagDeletes)
    const ref = `${host}/org/cache`
    const result = await removeEndedScope(inputsFor('registry', { 'dry-run': String(dryRun) }, ref), planFor('registry'), ENDED, runner)
    expect(result.state).toEqual({ backend: 'registry' })
    expect(result.row).toMatch(new RegExp(`^${ref}:pr-7: ${row}`))
    expect([...after.keys()].sort()).toEqual([...left].sort())
    if (dryRun) expect(requests.filter((line) => line.startsWith('DELETE'))).toEqual([])
    expect(warnings()).toEqual(keptBecause ? [`The cache ${ref}:pr-7 is kept: ${keptBecause}`] : [])
  })

  test('a registry that cannot be reached: one warning, and main goes on', async () => {
    served = await serve(() => {})
    const ref = `${served.host}/org/cache`
    await served.close()
    served = undefined
    const result = await removeEndedScope(inputsFor('registry', {}, ref), planFor('registry'), ENDED, runner)
    expect(result).toEqual({ state: { backend: 'registry' }, row: `${ref}:pr-7: not deleted, ${ref.split('/')[0]}: ECONNREFUSED` })
    expect(warnings()).toEqual([`The cache ${ref}:pr-7 was not deleted: ${ref.split('/')[0]}: ECONNREFUSED`])
  })

  test('a registry that refuses deletes: the warning names the setting that allows them', async () => {
    served = await serve((request, response) => {
      if (request.method === 'HEAD' && request.url === '/v2/org/cache/manifests/pr-7')
        return void response.writeHead(200, { 'Docker-Content-Digest': D1 }).end()
      if (request.url?.startsWith('/v2/org/cache/tags/list')) return void response.writeHead(200).end(JSON.stringify({ tags: [ENDED] }))
      if (request.method === 'DELETE') return void response.writeHead(405).end('{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}')
      response.writeHead(404).end()
    })
    const ref = `${served.host}/org/cache`
    const result = await removeEndedScope(inputsFor('registry', {}, ref), planFor('registry'), ENDED, runner)
    expect(result.row).toMatch(
      new RegExp(`^${ref}:pr-7: not deleted, the registry does not allow deleting ${D1} \\(405, UNSUPPORTED: .*REGISTRY_STORAGE_DELETE_ENABLED=true`)
    )
    expect(warnings()).toEqual([expect.stringMatching(new RegExp(`^The cache ${ref}:pr-7 was not deleted: .*405`))])
    expect(served.requests).toContain(`DELETE /v2/org/cache/manifests/${D1}`)
  })
})

describe('local+registry: both tiers, one row', () => {
  test.each<[string, boolean, string, { removedTag?: string }]>([
    [
      'the host drops it, the registry deletes it',
      false,
      `pr-7: removed from the store; post reclaims its blobs; registry REF:pr-7: deleted \\(manifest sha256:[0-9a-f]{64}\\)$`,
      { removedTag: ENDED }
    ],
    [
      'dry-run: both said, neither done',
      true,
      `pr-7: would be removed \\(dry-run\\); registry REF:pr-7: would delete manifest sha256:[0-9a-f]{64} \\(dry-run\\)$`,
      {}
    ]
  ])('%s', async (_name, dryRun, row, removed) => {
    storeWith(ENDED, 'main')
    const { host, tags } = await registryWith({ [ENDED]: 'a', main: 'b' })
    const ref = `${host}/org/cache`
    const result = await removeEndedScope(inputsFor('local+registry', { 'dry-run': String(dryRun) }, ref), planFor('local+registry'), ENDED, runner)
    // Only removedTag of the state matters to main (post's GC reclaims that scope's blobs).
    expect(result.state.removedTag).toBe(removed.removedTag)
    expect(result.row).toMatch(new RegExp(`^${row.replace('REF', ref)}`))
    expect(storeTags()).toEqual(dryRun ? [ENDED, 'main'] : ['main'])
    expect([...tags.keys()]).toEqual(dryRun ? [ENDED, 'main'] : ['main'])
  })

  test('a scope only the host held: the registry row says so', async () => {
    storeWith(ENDED)
    const { host } = await registryWith({ main: 'b' })
    const result = await removeEndedScope(inputsFor('local+registry', {}, `${host}/org/cache`), planFor('local+registry'), ENDED, runner)
    expect(result.state.removedTag).toBe(ENDED)
    expect(result.row).toBe(`pr-7: removed from the store; post reclaims its blobs; registry ${host}/org/cache:pr-7: not in the registry`)
    expect(warnings()).toEqual([])
  })
})

describe('backends the action does not delete from', () => {
  test('inline: the cache is the image, which stays; the registry is not even asked', async () => {
    const { host, tags, requests } = await registryWith({ [ENDED]: 'a' })
    const ref = `${host}/org/cache`
    const result = await removeEndedScope(inputsFor('inline', {}, ref), planFor('inline'), ENDED, runner)
    const row = `${ref}:pr-7: kept; the inline cache lives in the image ${ref}:pr-7, which the action does not delete (your own image cleanup decides)`
    expect(result).toEqual({ state: { backend: 'inline' }, row })
    expect(runner.log).toEqual([{ level: 'info', text: `Nothing deleted from the registry: ${row}` }])
    expect(requests).toEqual([])
    expect([...tags.keys()]).toEqual([ENDED])
  })

  test.each<Backend>(['gha', 's3', 'off'])('%s: left to the backend to expire', async (backend) => {
    storeWith(ENDED)
    const result = await removeEndedScope(inputsFor(backend), planFor(backend), ENDED, runner)
    expect(result).toEqual({ state: { backend }, row: `pr-7: cache-mode ${backend} keeps it until the backend expires it` })
    expect(storeTags()).toEqual([ENDED])
    expect(runner.log).toEqual([])
  })
})
