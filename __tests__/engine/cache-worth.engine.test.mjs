// What the cache is worth, on the real engine with the buildx client under
// test (scripts/test.sh runs this suite with Debian's 0.13 and with sid's):
// a cold job then warm ones, each post's line with the recent build times and
// an estimate of the time saved, held to what the builds measurably took; a
// scope never hit gets the hint, a warm one does not; the host's metrics
// file passes promtool and a real node_exporter serves it.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { BASE_IMAGE, ensureEngine, run } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, PROJECT_ROOT } from '../../scripts/lib/runner-emulation.mjs'
import { testRunEnv } from '../../scripts/lib/test-run.mjs'

const id = randomBytes(3).toString('hex')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-worth-'))
const volume = path.join(work, 'volume')
const textfiles = path.join(work, 'textfiles')
const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js')
/** Where buildx keeps BuildKit's build records (0.2x); 0.13 has no `history` command. */
let historyKept

beforeAll(() => {
  ensureEngine()
  fs.mkdirSync(volume)
  fs.mkdirSync(textfiles)
  historyKept = run('docker', ['buildx', 'history', 'ls', '--format', 'json'], { allowFailure: true }).status === 0
})
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

/** A small project: a slow first step (a sleep costs no CPU on a shared machine), then one that reads it. */
function project(name, nonce, seconds) {
  const dir = path.join(work, `${name}-${id}`)
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'Dockerfile'), [`FROM ${BASE_IMAGE}`, `RUN echo ${nonce} > /n && sleep ${seconds}`, 'RUN cat /n > /m', ''].join('\n'))
  return dir
}

async function job(repo, dir, inputs = {}) {
  const result = await buildJob({ volume, project: dir, event: eventFor('push'), inputs: { 'repo-name': repo, 'prune-builders': 'false', ...inputs } })
  expect(result.job.status).toBe('success')
  expect(result.build.ok).toBe(true)
  return result
}

/** Post's line for the scope, as the log shows it. */
function worthLine(result) {
  const line = /^Cache worth, scope main: .*$/m.exec(result.job.post.stdout)?.[0]
  expect(line).toBeDefined()
  return line
}

const savedSeconds = (line) => {
  const match = /saved ~([0-9.]+) s/.exec(line)
  return match ? Number(match[1]) : undefined
}

describe(`what the cache is worth (buildx ${run('docker', ['buildx', 'version']).stdout.split(' ')[1]})`, () => {
  const warmRepo = `acme__worth-warm-${id}`
  const warm = []

  test('a cold job then three warm ones: the line shows the history and an estimate within 25% of what the builds measurably saved', async () => {
    const dir = project('warm', id, 3)
    const cold = await job(warmRepo, dir)
    expect(worthLine(cold)).toMatch(/, ran cold: the reference for the next jobs; last 1 job ▁, hit 0 of 1 \(0%\)$/)
    for (let i = 0; i < 3; i++) warm.push(await job(warmRepo, dir))
    const lines = warm.map(worthLine)
    console.log([`cold build ${cold.build.seconds.toFixed(2)} s`, ...warm.map((w, i) => `warm ${w.build.seconds.toFixed(2)} s: ${lines[i]}`)].join('\n'))
    expect(lines[2]).toMatch(/; last 4 jobs █[▁▂▃]{3} [0-9.]+ s–[0-9.]+ s, hit 3 of 4 \(75%\)$/)
    for (const [i, line] of lines.entries()) {
      expect(line).toMatch(
        historyKept
          ? /^Cache worth, scope main: build [0-9.]+ s, \d+ of \d+ steps cached, /
          : /^Cache worth, scope main: [0-9.]+ s from the cache step to its post, hit, /
      )
      if (!historyKept) expect(line).not.toMatch(/steps cached/)
      const saved = savedSeconds(line)
      // 0.13: a figure from the fallback (main to post) or the word unknown, never a number from nowhere.
      if (saved === undefined) {
        expect(historyKept).toBe(false)
        expect(line).toContain('time saved unknown')
        continue
      }
      const measured = cold.build.seconds - warm[i].build.seconds
      expect(Math.abs(saved - measured)).toBeLessThanOrEqual(0.25 * measured)
    }
  })

  test('a scope never hit across five jobs gets the hint, once; the warm scope, five jobs in, does not', async () => {
    const repo = `acme__worth-cold-${id}`
    const results = []
    for (let i = 0; i < 5; i++) results.push(await job(repo, project('never', `${id}-${i}-${randomBytes(4).toString('hex')}`, 1)))
    const hints = results.map((result) => result.job.post.notices.filter((notice) => notice.includes('not paying off')))
    expect(hints.slice(0, 4)).toEqual([[], [], [], []])
    expect(hints[4]).toEqual([
      expect.stringMatching(/^The build cache is not paying off: scope main was never hit in its last 5 jobs, each exporting ~.* anew\./)
    ])
    expect(hints[4][0]).toMatch(/mode: min.*read-only: true for pull requests.*another backend/)
    expect(worthLine(results[4])).toMatch(/hit 0 of 5 \(0%\)$/)

    // The warm scope's fifth job also rewrites the host's metrics file (the metrics-file input).
    const fifth = await job(warmRepo, project('warm', id, 3), { 'metrics-file': path.join(textfiles, 'buildkit-cache-keeper.prom') })
    expect(fifth.job.post.notices.filter((notice) => notice.includes('not paying off'))).toEqual([])
    expect(worthLine(fifth)).toMatch(/hit 4 of 5 \(80%\)$/)
    expect(fs.readFileSync(path.join(textfiles, 'buildkit-cache-keeper.prom'), 'utf8')).toContain(`buildkit_cache_keeper_builds_total{repo="${warmRepo}"} 5`)
  })

  test("the CLI's metrics file passes promtool, and a real node_exporter serves its figures", async () => {
    const file = path.join(textfiles, 'buildkit-cache-keeper.prom')
    const cli = spawnSync(process.execPath, [CLI, 'metrics', '--volume', volume, '--output', file], { encoding: 'utf8', env: testRunEnv() })
    expect(cli.status).toBe(0)
    expect(fs.readdirSync(textfiles)).toEqual(['buildkit-cache-keeper.prom'])
    const text = fs.readFileSync(file, 'utf8')
    // Fails, never skips, when the tool is missing: scripts/engine.sh installs Debian's prometheus package.
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    expect({ status: check.status, output: `${check.stdout}${check.stderr}${check.error?.message ?? ''}` }).toEqual({ status: 0, output: '' })

    const port = await freePort()
    const exporter = spawn('prometheus-node-exporter', [
      `--web.listen-address=127.0.0.1:${port}`,
      `--collector.textfile.directory=${textfiles}`,
      '--collector.disable-defaults',
      '--collector.textfile'
    ])
    let stderr = ''
    exporter.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise((resolve) => exporter.on('close', resolve))
    try {
      const served = await scrape(`http://127.0.0.1:${port}/metrics`, exited)
      expect({ served: served !== undefined, stderr: served === undefined ? stderr : '' }).toEqual({ served: true, stderr: '' })
      for (const repo of [warmRepo, `acme__worth-cold-${id}`]) {
        for (const name of ['builds_total', 'cache_hits_total', 'time_saved_seconds', 'store_bytes', 'store_scopes']) {
          const line = new RegExp(`^buildkit_cache_keeper_${name}\\{repo="${repo}"\\} (\\S+)$`, 'm')
          expect(served).toMatch(line)
          expect(Number(line.exec(served)[1])).toBeCloseTo(Number(line.exec(text)[1]))
        }
      }
      expect(served).toMatch(new RegExp(`^buildkit_cache_keeper_builds_total\\{repo="${warmRepo}"\\} 5$`, 'm'))
      expect(served).toMatch(new RegExp(`^buildkit_cache_keeper_cache_hits_total\\{repo="acme__worth-cold-${id}"\\} 0$`, 'm'))
      expect(served).toMatch(new RegExp(`^buildkit_cache_keeper_volume_free_bytes\\{path="${volume}"\\} \\S+$`, 'm'))
      expect(served).toMatch(/^node_textfile_scrape_error 0$/m)
    } finally {
      exporter.kill('SIGTERM')
      await exited
    }
  })
})

/** A port nothing listens on now (the exporter binds it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** The exporter's page once it answers; undefined when it exits first or does not answer within 10 s. */
async function scrape(url, exited) {
  let gone = false
  void exited.then(() => (gone = true))
  for (let i = 0; i < 100 && !gone; i++) {
    try {
      const response = await fetch(url)
      if (response.ok) return await response.text()
    } catch {
      // Not listening yet.
    }
    await sleep(100)
  }
  return undefined
}
