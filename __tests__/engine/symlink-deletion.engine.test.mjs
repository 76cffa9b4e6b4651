// Deletion outside the volume through a symlinked blobs/: a job that mounts
// the volume can write x/oci-layout, an empty x/index.json and
// x/blobs -> <any host folder>. Before the fix the cron `gc` (the CLI, root on
// the host) deleted every 64-hex file in that folder, `reset --repo x` did the
// same, and post followed a link swapped in while the build ran. Here a host
// folder outside the volume, laid out like containerd's content store, must
// come out of all three byte for byte, each refusal saying why, while a real
// store beside it is still collected and still builds warm.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildx, ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, lines, PROJECT_ROOT, runJob } from '../../scripts/lib/runner-emulation.mjs'
import { blobNames, readTags, storeProblems } from '../../scripts/lib/store-oracle.mjs'
import { testRunEnv } from '../../scripts/lib/test-run.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'symlink-deletion-'))
const volume = path.join(tmp, 'volume')
// Outside the volume: a stand-in for /var/lib/containerd/io.containerd.content.v1.content.
const host = path.join(tmp, 'host')
const hostBlobs = path.join(host, 'content', 'blobs')
const hostSha256 = path.join(hostBlobs, 'sha256')
const HOST_FILES = 8
const REFUSAL = 'is a symlink or not a directory: nothing is deleted or written through it'
const app = 'app'
const appStore = path.join(volume, app)
const project = writeProject(path.join(tmp, 'project'), { nonce: `symlink-deletion-${randomBytes(4).toString('hex')}`, layers: [['deps', 1]] })

// testRunEnv: what the CLI's docker calls may see is only what this test run created.
const cli = (...args) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js'), ...args], { encoding: 'utf8', env: testRunEnv() })
const sha256 = (data) => createHash('sha256').update(data).digest('hex')
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// The runner emulation's work folders (RUNNER_TEMP, state and output files), removed with the rest.
const workFolders = []
const track = (job) => (workFolders.push(job.work), job)

/** Writes a file named by the sha256 of its random content, as a content store does; returns its name. */
function writeBlob(dir, bytes = 4096) {
  const data = randomBytes(bytes)
  const hex = sha256(data)
  fs.writeFileSync(path.join(dir, hex), data)
  return hex
}

/** Every path, type, mode and content hash under a folder (symlinks by target, never followed). */
function fingerprint(dir) {
  const out = []
  const walk = (current) => {
    for (const name of fs.readdirSync(current).sort()) {
      const file = path.join(current, name)
      const stat = fs.lstatSync(file)
      const rel = path.relative(dir, file)
      if (stat.isSymbolicLink()) out.push(`${rel} -> ${fs.readlinkSync(file)}`)
      else if (stat.isDirectory()) {
        out.push(`${rel}/ ${stat.mode}`)
        walk(file)
      } else out.push(`${rel} ${stat.mode} ${stat.size} ${sha256(fs.readFileSync(file))}`)
    }
  }
  walk(dir)
  return out.join('\n')
}

/** The 64-hex files in the host folder whose content still matches its name. */
const intactHostFiles = () =>
  fs.readdirSync(hostSha256).filter((name) => /^[0-9a-f]{64}$/.test(name) && sha256(fs.readFileSync(path.join(hostSha256, name))) === name)

/** A store a job could plant: oci-layout, an index with no scope, and `link` (relative to the store) pointing at `target`. */
function plantStore(repo, link, target) {
  const store = path.join(volume, repo)
  fs.mkdirSync(path.dirname(path.join(store, link)), { recursive: true })
  fs.writeFileSync(path.join(store, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  fs.writeFileSync(path.join(store, 'index.json'), '{"schemaVersion":2,"manifests":[]}')
  fs.symlinkSync(target, path.join(store, link))
  return store
}

let hostBefore
let x
let y
beforeAll(async () => {
  ensureEngine()
  fs.mkdirSync(hostSha256, { recursive: true })
  for (let i = 0; i < HOST_FILES; i++) writeBlob(hostSha256)
  fs.mkdirSync(path.join(host, 'content', 'ingest'))
  fs.writeFileSync(path.join(host, 'not-a-blob.txt'), 'keep me')
  hostBefore = fingerprint(host)
  expect(intactHostFiles()).toHaveLength(HOST_FILES)
  // What a job that mounts the volume can write: x/blobs -> the host folder; y/blobs/sha256 -> its sha256/.
  x = plantStore('x', 'blobs', hostBlobs)
  y = plantStore('y', path.join('blobs', 'sha256'), hostSha256)

  // A real repository beside the planted stores: one push to main, built for real.
  pruneBuilderCache()
  const seeded = await buildJob({ volume, project, event: eventFor('push'), inputs: { 'repo-name': app, 'prune-builders': 'false' } })
  track(seeded.job)
  expect(seeded.job.status).toBe('success')
  expect(seeded.build.ok).toBe(true)
  expect(Object.keys(readTags(appStore))).toEqual(['main'])
})
afterAll(() => {
  for (const dir of [tmp, ...workFolders]) fs.rmSync(dir, { recursive: true, force: true })
})

describe('a store whose blobs/ leads out of the volume', () => {
  test('cron gc over the volume deletes nothing through blobs -> host or blobs/sha256 -> host, says why, and still collects the real store', () => {
    // Something the real store's gc must delete, so a gc that deletes nothing at all fails here.
    const stray = writeBlob(path.join(appStore, 'blobs', 'sha256'))
    const appBlobs = blobNames(appStore).filter((name) => name !== stray)
    expect(storeProblems(appStore).reachable.size).toBe(appBlobs.length)

    // As the README's cron line runs it: every store under the volume.
    const gc = cli('gc', '--volume', volume)
    expect(gc.status).toBe(1)
    expect(gc.stdout).toContain(`x: drop no scope; gc aborted: ${path.join(x, 'blobs')} ${REFUSAL}`)
    expect(gc.stdout).toContain(`y: drop no scope; gc aborted: ${path.join(y, 'blobs', 'sha256')} ${REFUSAL}`)
    expect(gc.stderr).toContain(`warning: Garbage collection aborted: ${path.join(x, 'blobs')} ${REFUSAL}`)
    expect(gc.stdout).toMatch(new RegExp(`^${app}: drop no scope; gc deleted 1 blobs \\(4(\\.0)?KiB\\); keeps ${appBlobs.length} blobs`, 'm'))

    expect(fingerprint(host)).toBe(hostBefore)
    expect(intactHostFiles()).toHaveLength(HOST_FILES)
    expect(fs.readlinkSync(path.join(x, 'blobs'))).toBe(hostBlobs)
    expect(blobNames(appStore).sort()).toEqual(appBlobs.sort())
    expect(cli('check', '--volume', volume, '--repo', app, '--verify-digests').status).toBe(0)
    console.log(
      `gc: host folder ${HOST_FILES} files before, ${intactHostFiles().length} after (blobs and blobs/sha256 links refused); ${app}: stray blob swept, ${appBlobs.length} kept`
    )
  })

  test.each([
    ['x', 'blobs'],
    ['y', 'blobs/sha256']
  ])('reset --repo %s (%s a link) deletes nothing in the host folder and says why', (repo, link) => {
    const reset = cli('reset', '--volume', volume, '--repo', repo)
    expect(reset.status).toBe(1)
    expect(reset.stdout).toContain(`${repo}: dropped no scope; gc aborted: ${path.join(volume, repo, link)} ${REFUSAL}`)
    expect(reset.stderr).toContain(`warning: Garbage collection aborted: ${path.join(volume, repo, link)} ${REFUSAL}`)
    expect(fingerprint(host)).toBe(hostBefore)
    expect(intactHostFiles()).toHaveLength(HOST_FILES)
  })
})

describe('a link swapped in while the build runs', () => {
  test("post refuses the store's blobs/sha256 swapped for a link to the host folder and exits 0; with the real folder back the store builds warm again", async () => {
    const storeSha256 = path.join(appStore, 'blobs', 'sha256')
    const aside = path.join(volume, 'sha256-aside')
    const mainBlobs = [...storeProblems(appStore).reachable]
    expect(mainBlobs.length).toBeGreaterThan(0)
    let build
    let realBefore
    pruneBuilderCache()
    // A new scope, so post has an export to promote: the build reads main and writes topic.
    const job = await runJob({
      inputs: { 'volume-path': volume, 'repo-name': app, 'prune-builders': 'false' },
      event: eventFor('push', { branch: 'topic' }),
      steps: async (outputs) => {
        build = await buildx(project, { cacheFrom: lines(outputs['cache-from']), cacheTo: lines(outputs['cache-to']) })
        // After the build, before post: the real folder moves aside inside the volume and a link to the host folder takes its place.
        realBefore = fingerprint(storeSha256)
        fs.renameSync(storeSha256, aside)
        fs.symlinkSync(hostSha256, storeSha256)
        return { ok: build.ok }
      }
    })
    track(job)
    expect(job.status).toBe('success')
    expect(build.ok).toBe(true)
    expect(build.cached).toBe(build.steps)
    expect(job.outputs['cache-to']).toContain('tag=topic,')

    // Post never fails a job; it names the refusal, for the promotion and for the sweep.
    expect(job.post.code).toBe(0)
    expect(job.post.stdout).toMatch(new RegExp(`promoted +nothing: ${escape(storeSha256)} ${escape(REFUSAL)}`))
    expect(job.post.warnings).toContainEqual(`Garbage collection aborted: ${storeSha256} ${REFUSAL}`)
    expect(fingerprint(host)).toBe(hostBefore)
    expect(intactHostFiles()).toHaveLength(HOST_FILES)
    // Nothing went into or out of the real folder either, and the job's snapshot is gone.
    expect(fingerprint(aside)).toBe(realBefore)
    expect(fs.readdirSync(path.join(appStore, '.staging'))).toEqual([])

    // The real folder back: every blob main referenced is there with its content, and the store checks clean.
    fs.unlinkSync(storeSha256)
    fs.renameSync(aside, storeSha256)
    for (const hex of mainBlobs) expect([hex, sha256(fs.readFileSync(path.join(storeSha256, hex)))]).toEqual([hex, hex])
    expect(cli('check', '--volume', volume, '--repo', app, '--verify-digests').status).toBe(0)

    // Post's GC checks the scopes through the swapped-in path, where main's blobs are missing, so it may drop main from
    // index.json as broken (no blob is lost: they are all above). The next push to main is promoted into the real
    // folder whether it built warm or cold, and the one after builds warm from the store alone.
    pruneBuilderCache()
    const next = await buildJob({ volume, project, event: eventFor('push'), inputs: { 'repo-name': app, 'prune-builders': 'false' } })
    track(next.job)
    expect(next.job.status).toBe('success')
    expect(next.build.ok).toBe(true)
    expect(next.job.post.warnings).toEqual([])
    expect(Object.keys(readTags(appStore))).toContain('main')
    pruneBuilderCache()
    const warm = await buildJob({ volume, project, event: eventFor('push'), inputs: { 'repo-name': app, 'prune-builders': 'false' } })
    track(warm.job)
    expect(warm.job.status).toBe('success')
    expect(warm.build.steps).toBeGreaterThan(0)
    expect(warm.build.cached).toBe(warm.build.steps)
    expect(cli('check', '--volume', volume, '--repo', app, '--verify-digests').status).toBe(0)
    expect(fingerprint(host)).toBe(hostBefore)
    console.log(
      `post: host folder ${HOST_FILES} files before, ${intactHostFiles().length} after; scopes after post: ${JSON.stringify(job.post.stdout.match(/scopes (kept|dropped) .*/g))}; next job ${next.build.cached}/${next.build.steps} CACHED, the one after ${warm.build.cached}/${warm.build.steps}`
    )
  })
})
