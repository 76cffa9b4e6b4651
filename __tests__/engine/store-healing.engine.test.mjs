// A store damaged the way disks and copies damage it heals itself on the real
// engine: a manifest blob with the right size and the wrong bytes in a scope
// the job does not write, next to an old unreferenced blob. One job's post
// drops the broken scope with a warning, sweeps the blob, and the store checks
// clean; a job reading the broken scope falls through to the next one.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, PROJECT_ROOT } from '../../scripts/lib/runner-emulation.mjs'
import { blobNames, readTags, storeProblems } from '../../scripts/lib/store-oracle.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'store-healing-'))
let counter = 0
const fresh = (name) => path.join(tmp, `${name}-${++counter}`)
const nonce = () => `${Date.now()}-${++counter}`
const DAY = 86400e3
// These jobs never prune builders: the suite must not touch what other jobs on this host run.
const inputs = { 'prune-builders': 'false' }
const cli = (...args) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js'), ...args], { encoding: 'utf8' })
// Whether volume-path is a mounted volume depends on where the suite runs (the machine, a container): that warning is not this suite's.
const storeWarnings = (phase) => phase.warnings.filter((warning) => !warning.startsWith('volume-path '))
const blobPath = (store, digest) => path.join(store, 'blobs', 'sha256', digest.replace(/^sha256:/, ''))

beforeAll(() => ensureEngine())
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** The store holds main alone, every blob checks and is one main references, and the command-line check agrees. */
function expectOnlyMainLeft(volume) {
  const store = path.join(volume, 'acme__app')
  expect(Object.keys(readTags(store))).toEqual(['main'])
  const { problems, reachable } = storeProblems(store, { hash: true })
  expect(problems).toEqual([])
  expect(blobNames(store).sort()).toEqual([...reachable].sort())
  const check = cli('check', '--volume', volume, '--verify-digests')
  expect([check.status, check.stdout.trim()]).toEqual([0, 'acme__app: ok (1 scopes)'])
}

/** A store with scopes `main` and `dev` from real builds; returns the projects that built them. */
async function storeWithTwoScopes(volume) {
  const projects = {}
  for (const branch of ['main', 'dev']) {
    projects[branch] = writeProject(fresh('proj'), {
      nonce: nonce(),
      layers: [
        ['deps', 2],
        ['app', 1]
      ]
    })
    pruneBuilderCache()
    const job = await buildJob({ volume, project: projects[branch], event: eventFor('push', { branch }), inputs })
    expect(job.build.ok).toBe(true)
    expect(job.job.post.warnings).toEqual([])
  }
  expect(Object.keys(readTags(path.join(volume, 'acme__app'))).sort()).toEqual(['dev', 'main'])
  return projects
}

/** Overwrites a manifest blob with other bytes of the same size: what a disk error or a half-copied volume leaves. */
function damageManifest(store, descriptor, content) {
  const file = blobPath(store, descriptor.digest)
  fs.chmodSync(file, 0o644) // stored blobs are read-only; the test plays the disk error
  fs.writeFileSync(file, content.padEnd(descriptor.size, ' ').slice(0, descriptor.size))
  expect(fs.statSync(file).size).toBe(descriptor.size)
}

/** Every descriptor reachable from an index entry (the entry included), read with no help from src/. */
function descriptorsOf(store, root) {
  const found = new Map()
  const visit = (descriptor) => {
    found.set(descriptor.digest, descriptor)
    if (!/manifest|index/.test(descriptor.mediaType ?? '')) return
    const manifest = JSON.parse(fs.readFileSync(blobPath(store, descriptor.digest), 'utf8'))
    for (const child of [...(manifest.manifests ?? []), ...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])]) visit(child)
  }
  visit(root)
  return found
}

describe('stored content is read-only and verified by its digest', () => {
  test('a layer of the right size with the wrong bytes: check --verify-digests finds it, drops the scope, GC deletes it, the next build is warm from another scope', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const projects = await storeWithTwoScopes(volume)
    // A write through a snapshot's hard link would be a write into the store: every stored blob is read-only.
    expect(blobNames(store).filter((name) => (fs.statSync(path.join(store, 'blobs', 'sha256', name)).mode & 0o777) !== 0o444)).toEqual([])

    const tags = readTags(store)
    const mainBlobs = descriptorsOf(store, tags.main)
    const layer = [...descriptorsOf(store, tags.dev).values()].find((d) => /layer/.test(d.mediaType ?? '') && !mainBlobs.has(d.digest))
    expect(layer).toBeDefined()
    const file = blobPath(store, layer.digest)
    fs.chmodSync(file, 0o644)
    fs.writeFileSync(file, randomBytes(layer.size))
    // Main's own checks stat blobs (no hashing): only the digest check can find this.
    expect(cli('check', '--volume', volume).status).toBe(0)

    const dry = cli('check', '--volume', volume, '--verify-digests', '--dry-run')
    expect(dry.status).toBe(1)
    expect(dry.stdout).toContain(`dev: blob ${layer.digest} does not match its content`)
    expect(dry.stdout).toMatch(/would drop dev; gc would delete \d+ blobs/)
    expect(fs.existsSync(file)).toBe(true)
    expect(Object.keys(readTags(store)).sort()).toEqual(['dev', 'main'])

    const repair = cli('check', '--volume', volume, '--verify-digests')
    expect(repair.status).toBe(1)
    expect(repair.stdout).toContain(`dev: blob ${layer.digest} does not match its content`)
    expect(repair.stdout).toMatch(/ drop dev; gc deleted \d+ blobs/)
    expect(repair.stderr).toContain(`warning: Dropping scope dev from the store: blob ${layer.digest} does not match its content`)
    expect(fs.existsSync(file)).toBe(false)
    expectOnlyMainLeft(volume)

    // A pull request into dev reads pr-1, then dev (gone), then main.
    pruneBuilderCache()
    const job = await buildJob({ volume, project: projects.main, event: eventFor('pull_request', { number: 1, base: 'dev' }), inputs })
    expect(storeWarnings(job.job.main)).toEqual([])
    expect(job.outputs['restored-scope']).toBe('main')
    expect(job.build.ok).toBe(true)
    expect(job.build.cached).toBe(job.build.steps)
    expect(job.job.post.warnings).toEqual([])
    expect(storeProblems(store, { hash: true }).problems).toEqual([])
  })
})

describe('a store with a broken manifest heals itself', () => {
  test('garbage manifest in another scope and an old unreferenced blob: after one post the blob is gone, the scope dropped with a warning, check passes, the next build is warm', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const projects = await storeWithTwoScopes(volume)
    const dev = readTags(store).dev
    damageManifest(store, dev, 'x'.repeat(dev.size))
    const orphanData = randomBytes(4096)
    const orphan = createHash('sha256').update(orphanData).digest('hex')
    fs.writeFileSync(path.join(store, 'blobs', 'sha256', orphan), orphanData)
    const monthAgo = (Date.now() - 30 * DAY) / 1000
    fs.utimesSync(path.join(store, 'blobs', 'sha256', orphan), monthAgo, monthAgo)
    expect(cli('check', '--volume', volume).status).toBe(1)

    // One job on main (it neither reads nor writes dev).
    pruneBuilderCache()
    const job = await buildJob({ volume, project: projects.main, event: eventFor('push'), inputs })
    expect(job.build.ok).toBe(true)
    expect(job.build.cached).toBe(job.build.steps)
    expect(storeWarnings(job.job.main)).toEqual([])
    expect(job.job.post.code).toBe(0)
    expect(job.job.post.warnings).toEqual([`Dropping scope dev from the store: manifest ${dev.digest} does not match its digest`])
    expect(job.job.post.stdout).toMatch(/deleted \d+ blobs/)

    expect(blobNames(store)).not.toContain(orphan)
    // Every blob left is one main references: dev's own blobs went with it.
    expectOnlyMainLeft(volume)

    pruneBuilderCache()
    const next = await buildJob({ volume, project: projects.main, event: eventFor('push'), inputs })
    expect(next.build.ok).toBe(true)
    expect(next.outputs['restored-scope']).toBe('main')
    expect(next.build.cached).toBe(next.build.steps)
    expect(next.job.post.warnings).toEqual([])
  })

  test('a job whose first scope has a manifest of the right size that is other valid JSON skips it with a warning and builds warm from the next', async () => {
    const volume = fresh('vol')
    const store = path.join(volume, 'acme__app')
    const projects = await storeWithTwoScopes(volume)
    const dev = readTags(store).dev
    damageManifest(store, dev, '{"schemaVersion":2,"manifests":[]}')

    // A pull request into dev reads pr-1, then dev, then main.
    pruneBuilderCache()
    const job = await buildJob({ volume, project: projects.main, event: eventFor('pull_request', { number: 1, base: 'dev' }), inputs })
    expect(storeWarnings(job.job.main)).toEqual([`Scope dev is not used: manifest ${dev.digest} does not match its digest`])
    expect(job.outputs['restored-scope']).toBe('main')
    expect(job.outputs['cache-from']).not.toContain('tag=dev')
    expect(job.build.ok).toBe(true)
    expect(job.build.cached).toBe(job.build.steps)
    expect(job.job.post.warnings).toEqual([`Dropping scope dev from the store: manifest ${dev.digest} does not match its digest`])
    expect(Object.keys(readTags(store)).sort()).toEqual(['main', 'pr-1'])
    expect(storeProblems(store, { hash: true }).problems).toEqual([])
  })
})
