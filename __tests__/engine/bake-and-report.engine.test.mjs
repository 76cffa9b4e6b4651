// Bake targets and post's report on the real engine: the bundled action
// through the runner emulation, a real `docker buildx bake` of two targets
// fed with the action's bake file, and post's table and outputs read back.
// Every warm build runs after `docker buildx prune -af`, so CACHED steps can
// only come from the cache the action points at.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { countTargetSteps, ensureEngine, pruneBuilderCache, writeBakeProject, writeProject } from '../../scripts/lib/docker.mjs'
import { bakeJob, buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, lines } from '../../scripts/lib/runner-emulation.mjs'
import { readTags, storeProblems } from '../../scripts/lib/store-oracle.mjs'
import { useRegistry } from '../lib/registry.mjs'
import { scopeTag } from '../lib/scope-tag.mjs'

const apiMain = scopeTag('main', { target: 'api' })
const workerMain = scopeTag('main', { target: 'worker' })

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bake-report-'))
let counter = 0
const fresh = (name) => path.join(tmp, `${name}-${++counter}`)
const nonce = () => `${Date.now()}-${++counter}`

beforeAll(() => ensureEngine())
const registry = useRegistry({ port: 5000 })
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** The post table's rows as printed to the log: name -> value. */
function postTable(job) {
  const rows = {}
  const start = job.post.stdout.indexOf('Build cache promotion')
  for (const line of job.post.stdout.slice(start).split('\n').slice(1)) {
    const row = /^ {2}(\S.*?) {2,}(.*)$/.exec(line)
    if (!row) break
    rows[row[1]] = row[2]
  }
  return rows
}

/** A cache entry as attributes: buildx 0.13 prints `type=local,src=...`, 0.29 an object. */
function attributes(entries = []) {
  return entries.map((entry) =>
    typeof entry === 'string'
      ? Object.fromEntries(entry.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
      : entry
  )
}

/** Bytes of the blobs under a store's tags (shared blobs once): what cache-size must say. */
function reachableBytes(store) {
  const { problems, reachable } = storeProblems(store)
  expect(problems).toEqual([])
  let bytes = 0
  for (const hex of reachable) bytes += fs.statSync(path.join(store, 'blobs', 'sha256', hex)).size
  return bytes
}

describe('post reports what the cache did', () => {
  test('cold: everything new; warm after a prune: nothing new; one changed layer: only that is new', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const id = nonce()
    const project = writeProject(fresh('proj'), {
      nonce: id,
      layers: [
        ['deps', 6],
        ['app', 2]
      ]
    })
    pruneBuilderCache()
    const cold = await buildJob({ volume, project, event: eventFor('push') })
    expect(cold.build.ok).toBe(true)
    expect(cold.job.post.code).toBe(0)
    expect(cold.job.post.warnings).toEqual([])
    const coldOut = cold.job.post.outputs
    const coldTable = postTable(cold.job)
    console.info('cold post table', coldTable, coldOut)
    expect(Number(coldOut['cache-size'])).toBe(reachableBytes(store))
    expect(Number(coldOut['cache-size'])).toBeGreaterThan(8 * 1024 ** 2)
    // Everything the cold build exported was new to the store.
    expect(coldOut['cache-new-bytes']).toBe(coldOut['cache-size'])
    expect(coldTable['re-used']).toMatch(/^0 blobs, 0B \(0% of the exported cache\)$/)
    expect(coldTable['new (cache miss)']).toMatch(/\(100%\)$/)
    expect(coldTable.store).toMatch(/of 10GiB max-size \(0%\)$/)
    expect(coldTable['scopes kept']).toBe('main')
    expect(coldTable['scopes dropped']).toBe('none')
    // The step summary carries the same table (Gitea shows none; the log keeps it).
    expect(cold.job.post.summary).toContain('re-used')

    pruneBuilderCache()
    const warm = await buildJob({ volume, project, event: eventFor('push') })
    expect(warm.build.cached).toBe(warm.build.steps)
    const warmOut = warm.job.post.outputs
    const warmTable = postTable(warm.job)
    console.info('warm post table', warmTable, warmOut)
    expect(warmOut['cache-new-bytes']).toBe('0')
    expect(warmOut['cache-size']).toBe(coldOut['cache-size'])
    expect(warmTable['re-used']).toMatch(/\(100% of the exported cache\)$/)
    expect(warmTable['new (cache miss)']).toBe('0 blobs, 0B (0%)')

    // Only the app layer (2 MiB of 8) and the steps after it rebuild: a little new, most re-used.
    writeProject(project, {
      nonce: id,
      layers: [
        ['deps', 6],
        ['app', 2]
      ],
      bust: { app: 'changed' }
    })
    pruneBuilderCache()
    const partial = await buildJob({ volume, project, event: eventFor('push') })
    expect(partial.build.cached).toBeGreaterThan(0)
    expect(partial.build.cached).toBeLessThan(partial.build.steps)
    const partialNew = Number(partial.job.post.outputs['cache-new-bytes'])
    console.info('partial post table', postTable(partial.job), partial.job.post.outputs)
    expect(partialNew).toBeGreaterThan(2 * 1024 ** 2)
    expect(partialNew).toBeLessThan(4 * 1024 ** 2)
    expect(postTable(partial.job)['promoted']).toMatch(/^main: \d+ new blobs/)
  })

  test('a failed build exports nothing: the table says so and no bytes are new', async () => {
    const volume = fresh('vol')
    const project = writeProject(fresh('proj'), { nonce: nonce(), fail: true })
    pruneBuilderCache()
    const failed = await buildJob({ volume, project, event: eventFor('push') })
    expect(failed.build.ok).toBe(false)
    expect(failed.job.post.code).toBe(0)
    expect(postTable(failed.job)['re-used / new']).toBe('nothing exported: no cache was exported')
    expect(failed.job.post.outputs['cache-new-bytes']).toBe('0')
    expect(failed.job.post.outputs['cache-size']).toBe('0')
  })
})

describe('bake targets on the real engine', () => {
  test('local: two targets cold, then warm from the store after a prune, every step of each CACHED', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const project = writeBakeProject(fresh('bake'), { nonce: nonce() })
    pruneBuilderCache()
    const cold = await bakeJob({ volume, project, event: eventFor('push') })
    expect(cold.build.output).not.toMatch(/could not lock/)
    expect(cold.build.ok).toBe(true)
    expect(cold.job.status).toBe('success')
    // buildx itself reads the two files together: our entries land on the user's targets.
    const bakeFile = cold.outputs['bake-file']
    const ours = cold.definition
    for (const target of ['api', 'worker']) {
      expect(cold.printed.target[target].dockerfile).toBe(`Dockerfile.${target}`)
      expect(attributes(cold.printed.target[target]['cache-to'])).toEqual(attributes(ours.target[target]['cache-to']))
      expect(attributes(cold.printed.target[target]['cache-from'])).toEqual(attributes(ours.target[target]['cache-from']))
      expect(ours.target[target]['cache-to']).toEqual([
        expect.stringMatching(
          new RegExp(`^type=local,dest=${store}/\\.staging/[^,]+-${target},tag=${scopeTag('main', { target })},mode=max,ignore-error=true$`)
        )
      ])
    }
    expect(path.dirname(bakeFile)).toBe(cold.job.work) // RUNNER_TEMP
    expect(fs.existsSync(bakeFile)).toBe(false) // post removed it
    expect(cold.outputs.scope).toBe(`${apiMain}\n${workerMain}`)
    expect(cold.outputs['cache-from']).toBe('')
    expect(cold.outputs['cache-hit']).toBe('false')
    for (const target of ['api', 'worker']) expect(countTargetSteps(cold.build.output, target)).toEqual({ steps: 3, cached: 0 })
    expect(Object.keys(readTags(store)).sort()).toEqual([apiMain, workerMain])
    expect(cold.postOutputs['cache-new-bytes']).toBe(cold.postOutputs['cache-size'])
    expect(Number(cold.postOutputs['cache-size'])).toBe(reachableBytes(store))
    const coldTable = postTable(cold.job)
    expect(coldTable[`promoted ${apiMain}`]).toMatch(new RegExp(`^${apiMain}: \\d+ new blobs`))
    expect(coldTable[`promoted ${workerMain}`]).toMatch(new RegExp(`^${workerMain}: \\d+ new blobs`))
    expect(fs.readdirSync(path.join(store, '.staging'))).toEqual([])

    pruneBuilderCache()
    const warm = await bakeJob({ volume, project, event: eventFor('push') })
    expect(warm.build.ok).toBe(true)
    expect(warm.outputs['cache-hit']).toBe('true')
    expect(warm.outputs['restored-scope']).toBe(`${apiMain}\n${workerMain}`)
    for (const target of ['api', 'worker']) expect(countTargetSteps(warm.build.output, target)).toEqual({ steps: 3, cached: 3 })
    expect(warm.postOutputs['cache-new-bytes']).toBe('0')
    expect(warm.postOutputs['cache-size']).toBe(cold.postOutputs['cache-size'])

    // A pull request reads each target's main and writes its own pr scope.
    pruneBuilderCache()
    const pr = await bakeJob({ volume, project, event: eventFor('pull_request', { number: 7, base: 'main' }), inputs: { key: 'app' } })
    expect(pr.build.ok).toBe(true)
    const prTags = ['api', 'worker'].map((target) => scopeTag('pr-7', { key: 'app', target }))
    expect(pr.outputs.scope).toBe(prTags.join('\n'))
    // With a key the scopes are new names: cold, and main's targets stay as they were.
    expect(Object.keys(readTags(store)).sort()).toEqual([apiMain, workerMain, ...prTags].sort())
  })

  test('registry: two targets, each its own cache image, warm after a prune', async () => {
    const repository = `bake-${nonce()}`
    const inputs = { 'cache-mode': 'registry', 'registry-ref': `${registry.url}/${repository}` }
    const project = writeBakeProject(fresh('bake'), { nonce: nonce() })
    pruneBuilderCache()
    const cold = await bakeJob({ volume: tmp, project, event: eventFor('push'), inputs })
    expect(cold.build.ok).toBe(true)
    expect(attributes(cold.printed.target.api['cache-to'])).toEqual(
      attributes([
        `type=registry,ref=${registry.url}/${repository}:${scopeTag('main', { target: 'api' })},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`
      ])
    )
    pruneBuilderCache()
    const warm = await bakeJob({ volume: tmp, project, event: eventFor('push'), inputs })
    expect(warm.build.ok).toBe(true)
    for (const target of ['api', 'worker']) expect(countTargetSteps(warm.build.output, target)).toEqual({ steps: 3, cached: 3 })
    expect(lines(warm.outputs['cache-to'])).toEqual([])
  })
})
