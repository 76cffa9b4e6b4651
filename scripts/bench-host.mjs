// The host budget's cost, side by side with the previous release in one run
// (its committed dist/ from a git worktree at BASELINE_REV, default: the
// release before the host budget): (1) the CLI's gc over 50 repositories'
// stores, 10,000 blobs in all, each run on a fresh copy, with the host budget
// set to half of what they hold (this release evicts across them; the previous
// one collects each store alone); (2) post on a warm local job with those 50
// repositories beside it, within the budget (what every job pays). Alternating
// runs, medians; results in bench/host-results.md. Needs no engine: no build runs.
import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eventFor, PROJECT_ROOT, runJob } from './lib/runner-emulation.mjs'
import { median, seconds } from './lib/stats.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const REPOS = Number(process.env.REPOS ?? 50)
const BLOBS = Number(process.env.BLOBS ?? 10_000)
const BASELINE_REV = process.env.BASELINE_REV ?? '0724fc8'
const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-host-'))
const f = (n, digits = 3) => n.toFixed(digits)
const log = (...args) => console.log(...args)

/** One repository's store: `count` 1 KiB layers in scopes of up to 98, used an hour apart, `main` newest. */
function syntheticStore(volume, repo, count, usedMs) {
  const store = path.join(volume, repo)
  const blobs = path.join(store, 'blobs', 'sha256')
  fs.mkdirSync(blobs, { recursive: true })
  const write = (data, mediaType) => {
    const hex = createHash('sha256').update(data).digest('hex')
    fs.writeFileSync(path.join(blobs, hex), data)
    return { mediaType, digest: `sha256:${hex}`, size: data.length }
  }
  const manifests = []
  const lastUsed = {}
  for (let t = 0, written = 0; written < count; t++) {
    const layers = []
    for (let i = 0; i < 98 && written < count - 2; i++, written++) layers.push(write(randomBytes(1024), 'application/vnd.oci.image.layer.v1.tar+gzip'))
    const config = write(Buffer.from(JSON.stringify({ repo, t })), 'application/vnd.buildkit.cacheconfig.v0')
    const index = write(Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [...layers, config] })), 'application/vnd.oci.image.index.v1+json')
    written += 2
    const tag = t === 0 ? 'main' : `branch-${t}`
    manifests.push({ ...index, annotations: { 'org.opencontainers.image.ref.name': tag } })
    lastUsed[tag] = usedMs - t * 3_600_000
  }
  fs.writeFileSync(path.join(store, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }))
  fs.writeFileSync(path.join(store, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  fs.mkdirSync(path.join(store, '.meta'))
  fs.writeFileSync(path.join(store, '.meta', 'last-used.json'), JSON.stringify(lastUsed))
  // The record every post and gc of this release keeps (the previous release ignores it): a host in its steady state.
  const bytes = fs.readdirSync(blobs).reduce((sum, hex) => sum + fs.statSync(path.join(blobs, hex)).size, 0)
  fs.writeFileSync(path.join(store, '.meta', 'usage.json'), JSON.stringify({ bytes, lastUsedMs: usedMs, defaultBranch: ['main'] }))
}

function template() {
  const volume = path.join(work, 'template')
  for (let i = 0; i < REPOS; i++) syntheticStore(volume, `org__repo-${i}`, Math.floor(BLOBS / REPOS), Date.now() - i * 86_400_000)
  return volume
}

const bytesOf = (volume) => Number(execFileSync('du', ['-sb', volume], { encoding: 'utf8' }).split('\t')[0])

function copyOf(volume, name) {
  const copy = path.join(work, name)
  fs.rmSync(copy, { recursive: true, force: true })
  execFileSync('cp', ['-a', volume, copy])
  return copy
}

function baseline() {
  const root = path.join(work, 'baseline')
  execFileSync('git', ['-C', PROJECT_ROOT, 'worktree', 'add', '--detach', root, BASELINE_REV], { stdio: 'ignore' })
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'))
  return root
}

function gcSeconds(root, volume, extra) {
  const start = process.hrtime.bigint()
  execFileSync(process.execPath, [path.join(root, 'dist', 'cli', 'index.js'), 'gc', '--volume', volume, ...extra], { stdio: 'ignore' })
  return seconds(start)
}

async function postSeconds(root, volume) {
  const job = await runJob({ root, inputs: { 'volume-path': volume, 'prune-builders': 'false', 'repo-name': 'org__repo-0' }, event: eventFor('push') })
  if (job.status !== 'success' || job.outputs['cache-hit'] !== 'true') throw new Error(`bench job failed: ${job.main?.stdout}`)
  return job.post.seconds
}

const volume = template()
const total = bytesOf(volume)
const half = `${Math.floor(total / 2)}B`
const previousRoot = baseline()
const runs = { gcOurs: [], gcPrevious: [], postOurs: [], postPrevious: [] }
try {
  // One warm-up of each, then alternate.
  for (let round = 0; round <= ROUNDS; round++) {
    const ours = gcSeconds(PROJECT_ROOT, copyOf(volume, 'ours'), ['--host-max-size', half])
    const previous = gcSeconds(previousRoot, copyOf(volume, 'previous'), [])
    const postOurs = await postSeconds(PROJECT_ROOT, copyOf(volume, 'post-ours'))
    const postPrevious = await postSeconds(previousRoot, copyOf(volume, 'post-previous'))
    if (round === 0) continue
    runs.gcOurs.push(ours)
    runs.gcPrevious.push(previous)
    runs.postOurs.push(postOurs)
    runs.postPrevious.push(postPrevious)
    log(`round ${round}: gc ${f(ours)} s (previous ${f(previous)} s), post ${f(postOurs)} s (previous ${f(postPrevious)} s)`)
  }
} finally {
  execFileSync('git', ['-C', PROJECT_ROOT, 'worktree', 'remove', '--force', previousRoot], { stdio: 'ignore' })
  fs.rmSync(work, { recursive: true, force: true })
}

const m = (key) => median(runs[key])
const report = [
  '# Host budget: what it costs',
  '',
  `Made by \`node scripts/bench-host.mjs\` (ROUNDS=${ROUNDS}) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, Node ${process.version}; previous release: the committed dist/ at ${BASELINE_REV}, run alternately with this one.`,
  `${REPOS} repositories' stores, ${BLOBS.toLocaleString('en')} blobs and ${(total / 1024 ** 2).toFixed(1)} MiB in all, each scope used an hour before the next, each repository a day before the next.`,
  '',
  '| what | this release s | previous release s |',
  '|---|---|---|',
  `| CLI \`gc --volume\` over every store (this release: with \`--host-max-size ${half}\`, evicting across repositories) | ${f(m('gcOurs'))} | ${f(m('gcPrevious'))} (per store only) |`,
  `| post of a warm local job with the ${REPOS} repositories beside it, within the host budget | ${f(m('postOurs'))} | ${f(m('postPrevious'))} |`,
  '',
  `Target: the host-wide gc within 2 s; the host budget adds under 0.05 s to post (here ${f(m('postOurs') - m('postPrevious'))} s).`,
  ''
].join('\n')
fs.writeFileSync(path.join(PROJECT_ROOT, 'bench', 'host-results.md'), report)
log(report)
