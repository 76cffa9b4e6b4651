// The host budget on the real engine: five repositories share one volume on a
// small filesystem (a 300 MiB tmpfs) whose caches together do not fit. Every
// build stays green, every post leaves the filesystem its floor (host-min-free,
// 20% by default), the least recently used repository gives way first, and the
// most recently used ones build warm. Needs root for the mount, as the engine does.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, PROJECT_ROOT } from '../../scripts/lib/runner-emulation.mjs'
import { readTags, storeProblems } from '../../scripts/lib/store-oracle.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'host-budget-'))
const volume = path.join(tmp, 'volume')
const MiB = 1024 * 1024
const DISK = 300 * MiB
const FLOOR = DISK * 0.2
const REPOS = ['org__r1', 'org__r2', 'org__r3', 'org__r4', 'org__r5']
const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js')

beforeAll(() => {
  ensureEngine()
  fs.mkdirSync(volume)
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK}`, 'tmpfs', volume])
})
afterAll(() => {
  try {
    execFileSync('umount', [volume])
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
})

const freeBytes = () => {
  const { bavail, bsize } = fs.statfsSync(volume)
  return bavail * bsize
}

/** One job of `repo` on main: ~55 MiB of random layers, its own project so no two repositories share a blob. */
async function job(repo) {
  pruneBuilderCache()
  const project = path.join(tmp, `project-${repo}`)
  if (!fs.existsSync(project)) {
    writeProject(project, {
      nonce: `${repo}-${Date.now()}`,
      layers: [
        ['deps', 35],
        ['app', 20]
      ]
    })
  }
  const result = await buildJob({
    volume,
    project,
    event: eventFor('push', { repository: repo.replace('__', '/') }),
    inputs: { 'repo-name': repo, 'prune-builders': 'false' }
  })
  return { ...result, log: result.job.post.stdout }
}

describe('one host budget over five repositories on a small disk', () => {
  test('every build green; after each post the floor is kept; the least recently used repository is evicted first; recent ones build warm', async () => {
    const seen = []
    let evictions = ''
    for (const repo of REPOS) {
      const { build, job: ran, log } = await job(repo)
      evictions += [...log.matchAll(/^Host budget: evicted .*$/gm)].map((m) => m[0]).join('\n')
      seen.push(`${repo}: ${(freeBytes() / MiB).toFixed(0)} MiB free`)
      expect(build.ok).toBe(true)
      expect(ran.status).toBe('success')
      expect(ran.post.code).toBe(0)
      // The floor holds after every post: the action never leaves the disk fuller than host-min-free allows.
      expect(freeBytes()).toBeGreaterThanOrEqual(FLOOR)
      // What the running job wrote is never what gives way.
      expect(Object.keys(readTags(path.join(volume, repo)))).toEqual(['main'])
      expect(log).toMatch(/host\s+all caches .* of .* host-max-size; volume's disk .* free \(host-min-free 60MiB\)/)
    }
    // Together they passed the floor: the oldest gave way, and only it.
    const kept = REPOS.filter((repo) => Object.keys(readTags(path.join(volume, repo))).length > 0)
    console.log(`after each post: ${seen.join('; ')}\n${evictions}\nkept: ${kept.join(', ')}`)
    expect(kept.length).toBeLessThan(REPOS.length)
    expect(evictions).toContain(`evicted scope main of ${REPOS[0]}`)
    expect(kept).toEqual(REPOS.slice(REPOS.length - kept.length))
    for (const repo of kept) expect(storeProblems(path.join(volume, repo)).problems).toEqual([])

    // The most recently used repository builds warm from the store (the builder's own cache was pruned).
    const warm = await job(REPOS[4])
    expect(warm.build.ok).toBe(true)
    expect(warm.build.cached).toBe(warm.build.steps)
    expect(warm.build.steps).toBeGreaterThan(0)
    // The evicted one builds cold, green, and its post makes room again by the same rule.
    const cold = await job(REPOS[0])
    expect(cold.build.ok).toBe(true)
    expect(cold.build.cached).toBe(0)
    expect(freeBytes()).toBeGreaterThanOrEqual(FLOOR)
    expect(Object.keys(readTags(path.join(volume, REPOS[0])))).toEqual(['main'])
    expect(Object.keys(readTags(path.join(volume, REPOS[4])))).toEqual(['main'])

    // The host at a glance, as an admin's cron or shell sees it.
    const status = JSON.parse(execFileSync(process.execPath, [CLI, 'status', '--host', '--volume', volume, '--json'], { encoding: 'utf8' }))
    expect(status.stores.map((store) => store.repo ?? store.name).sort()).toEqual([...REPOS].sort())
    expect(status.totals).toBeDefined()
    const table = execFileSync(process.execPath, [CLI, 'status', '--host', '--volume', volume], { encoding: 'utf8' })
    expect(table).toMatch(/budget\s+host-min-free\s+60MiB/)
  })
})
