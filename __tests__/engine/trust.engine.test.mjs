// Trust on the real engine: which job may write which scope, tenants that
// never share a store or a builder, and untrusted jobs kept off the
// persistent builder. The bundles run through the runner emulation and their
// outputs go to a real `docker buildx build`; every warm build follows
// `docker buildx prune -af`, so CACHED steps can only come from the store.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { removeNode } from '../../scripts/lib/persistent.mjs'
import { eventFor } from '../../scripts/lib/runner-emulation.mjs'
import { readTags } from '../../scripts/lib/store-oracle.mjs'
import { standInJobContainer } from '../lib/stand-in.mjs'

const id = randomBytes(3).toString('hex')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'))
const madeBuilders = []
let counter = 0
const fresh = (name) => path.join(tmp, `${name}-${++counter}`)
const nonce = () => `${id}-${++counter}`
const mainDigest = (store) => readTags(store).main?.digest

beforeAll(() => {
  ensureEngine()
})
afterAll(() => {
  for (const builder of madeBuilders) removeNode(builder)
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** A push to main that leaves a warm `main` in the store, then a pruned builder cache. */
async function seedMain(volume, project, event = eventFor('push')) {
  pruneBuilderCache()
  const seeded = await buildJob({ volume, project, event })
  expect(seeded.job.status).toBe('success')
  pruneBuilderCache()
  return seeded
}

describe('events that build someone else’s code never write main', () => {
  test.each([
    ['issue_comment on pull request 7', { name: 'issue_comment', payload: { issue: { number: 7, pull_request: {} } } }, 'pr-7'],
    ['workflow_run', { name: 'workflow_run', payload: { workflow_run: { event: 'pull_request', head_branch: 'main' } } }, undefined],
    ['check_suite', { name: 'check_suite', payload: {} }, undefined],
    ['deployment', { name: 'deployment', payload: {} }, undefined]
  ])('%s on the default branch leaves main byte for byte', async (_name, { name, payload }, writes) => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    await seedMain(volume, writeProject(fresh('proj'), { nonce: nonce() }))
    const before = mainDigest(store)
    const repository = { default_branch: 'main', full_name: 'acme/app', name: 'app' }
    // Someone else's change: a different project, built on the default branch's ref.
    const event = { name, ref: 'refs/heads/main', refName: 'main', payload: { ...payload, repository } }
    const foreign = await buildJob({ volume, project: writeProject(fresh('proj'), { nonce: nonce() }), event })
    expect(foreign.job.status).toBe('success')
    expect(foreign.outputs.scope).toBe(writes ?? '')
    expect(foreign.outputs['cache-to']).toEqual(writes ? expect.stringContaining(`tag=${writes},`) : '')
    expect(mainDigest(store)).toBe(before)
    expect(Object.keys(readTags(store)).sort()).toEqual(writes ? ['main', writes].sort() : ['main'])
  })
})

describe('tenants', () => {
  test('org-a/app then org-b/app on one volume with default inputs: two stores, two builders, org-b builds cold', async () => {
    const volume = fresh('vol')
    // A volume that exists: the store keeps the persistent builder's durable copy (without one the builder alone holds the cache).
    fs.mkdirSync(volume, { recursive: true })
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    const owners = [`org-a-${id}`, `org-b-${id}`]
    const jobs = []
    for (const owner of owners) {
      pruneBuilderCache()
      // The persistent builder's buildx create/inspect go to the recording stand-in (no BuildKit image can be pulled here).
      const { env } = standInJobContainer(fresh('stand-in.log'))
      const job = await buildJob({
        volume,
        project,
        event: eventFor('push', { repository: `${owner}/app` }),
        inputs: { 'persistent-builder': 'true' },
        env,
        buildEnv: { ...process.env, ...env }
      })
      if (job.outputs.builder) madeBuilders.push(job.outputs.builder)
      jobs.push(job)
    }
    const [a, b] = jobs
    expect(a.job.status).toBe('success')
    expect(b.job.status).toBe('success')
    expect(a.outputs['cache-dir']).toBe(path.join(volume, `${owners[0]}__app`))
    expect(b.outputs['cache-dir']).toBe(path.join(volume, `${owners[1]}__app`))
    expect(a.outputs.builder).toBe(`cachekeeper-${owners[0]}__app`)
    expect(b.outputs.builder).toBe(`cachekeeper-${owners[1]}__app`)
    expect(b.outputs['cache-hit']).toBe('false')
    expect(b.outputs['restored-scope']).toBe('')
    expect(b.build.cached).toBe(0)
    expect(Object.keys(readTags(path.join(volume, `${owners[0]}__app`)))).toEqual(['main'])
    expect(fs.existsSync(path.join(volume, 'app'))).toBe(false)
  })

  test('a store under the old default name is not read; main says how to adopt it', async () => {
    const volume = fresh('vol')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    await seedMain(volume, project)
    fs.renameSync(path.join(volume, 'acme__app'), path.join(volume, 'app'))
    const job = await buildJob({ volume, project, event: eventFor('push') })
    expect(job.job.status).toBe('success')
    expect(job.build.cached).toBe(0)
    expect(job.job.main.notices).toEqual([expect.stringContaining(`mv ${path.join(volume, 'app')} ${path.join(volume, 'acme__app')}`)])
  })
})

describe('pull requests', () => {
  test('a merged pull request builds warm from main, writes nothing, and pr-7 is gone afterwards', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    await seedMain(volume, project)
    const changed = writeProject(fresh('proj'), { nonce: nonce() })
    const pr = await buildJob({ volume, project: changed, event: eventFor('pull_request', { number: 7, base: 'main' }) })
    expect(pr.outputs.scope).toBe('pr-7')
    expect(Object.keys(readTags(store)).sort()).toEqual(['main', 'pr-7'])
    const before = mainDigest(store)
    pruneBuilderCache()

    const merged = await buildJob({ volume, project, event: eventFor('pull_request', { number: 7, base: 'main', action: 'closed', merged: true }) })
    expect(merged.job.status).toBe('success')
    expect(merged.outputs['restored-scope']).toBe('main')
    expect(merged.outputs['cache-to']).toBe('')
    expect(merged.build.cached).toBe(merged.build.steps)
    expect(merged.build.steps).toBeGreaterThanOrEqual(5)
    expect(merged.job.main.stdout).toMatch(/deleted\s+pr-7: removed from the store/)
    expect(merged.job.post.stdout).toMatch(/deleted\s+pr-7: its blobs reclaimed by gc/)
    expect(Object.keys(readTags(store))).toEqual(['main'])
    expect(mainDigest(store)).toBe(before)
  })

  test('a fork pull request with persistent-builder: true builds on the job’s builder, with the notice, and writes only pr-9', async () => {
    const volume = fresh('vol')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    await seedMain(volume, project)
    const fork = await buildJob({
      volume,
      project,
      event: eventFor('pull_request', { number: 9, base: 'main', fork: 'mallory/app' }),
      inputs: { 'persistent-builder': 'true' }
    })
    expect(fork.job.status).toBe('success')
    expect(fork.outputs.builder).toBe('')
    expect(fork.job.main.notices).toEqual([
      expect.stringMatching(/^The persistent builder is not attached: pull_request from the fork mallory\/app, .*cache mounts/)
    ])
    expect(fork.job.main.stdout).not.toContain('Attaching the persistent builder')
    expect(fork.build.cached).toBe(fork.build.steps)
    expect(fork.outputs.scope).toBe('pr-9')
  })
})

describe('deleted branches', () => {
  test('a delete event removes the branch’s scope from the store; main stays', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const project = writeProject(fresh('proj'), { nonce: nonce() })
    await seedMain(volume, project)
    await seedMain(volume, writeProject(fresh('proj'), { nonce: nonce() }), eventFor('push', { branch: 'feature' }))
    expect(Object.keys(readTags(store)).sort()).toEqual(['feature', 'main'])
    const before = mainDigest(store)
    const deleted = await buildJob({ volume, project, event: eventFor('delete', { branch: 'feature' }) })
    expect(deleted.job.status).toBe('success')
    expect(deleted.outputs.scope).toBe('')
    expect(deleted.job.main.stdout).toMatch(/deleted\s+feature: removed from the store/)
    expect(Object.keys(readTags(store))).toEqual(['main'])
    expect(mainDigest(store)).toBe(before)
  })
})
