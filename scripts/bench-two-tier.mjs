// Two tiers benchmark (cache-mode local+registry) on the real engine with Debian's
// docker-registry on loopback, every job on a fresh builder (docker driver, the
// builder cache pruned before each build, as a new job's builder starts):
//   warm host: local+registry reading its own store, against registry mode alone;
//   new host:  local+registry with a cold store and a warm registry, against no cache anywhere.
// 100 MB of layers (half random, half compressible text), then a 1 MB tail each build changes.
// Rounds alternate the variants; medians and ratios go to bench/results.md between this scenario's markers.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BASE_IMAGE, ensureEngine, pruneBuilderCache } from './lib/docker.mjs'
import { buildJob } from './lib/job.mjs'
import { replaceMarked } from './lib/marked-section.mjs'
import { newJobContainerEnv } from './lib/persistent.mjs'
import { freePort, startRegistry } from './lib/registry.mjs'
import { eventFor, PROJECT_ROOT } from './lib/runner-emulation.mjs'
import { machineLine, median, seconds } from './lib/stats.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const RANDOM_MB = 50
const TEXT_MB = 50
const versions = ensureEngine()
const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-two-tier-'))
const log = (...args) => console.log(...args)
const f = (n, digits = 2) => n.toFixed(digits)

/** 50 MB random, 50 MB of `seq` text (compresses several times over), then the 1 MB tail `tail` names. */
function writeProject(dir, tail) {
  fs.mkdirSync(dir, { recursive: true })
  const steps = [
    `FROM ${BASE_IMAGE}`,
    `RUN echo two-tier-${path.basename(work)} > /nonce`,
    `RUN dd if=/dev/urandom of=/random.bin bs=1M count=${RANDOM_MB} 2>/dev/null`,
    `RUN seq 1 9000000 | head -c ${TEXT_MB * 1024 * 1024} > /text.bin`,
    `RUN echo ${tail} > /tail.v && dd if=/dev/urandom of=/tail.bin bs=1M count=1 2>/dev/null`
  ]
  fs.writeFileSync(path.join(dir, 'Dockerfile'), steps.join('\n') + '\n')
  return dir
}

let tailVersion = 0
/** One job on `host` with a fresh builder; the tail changes first, as a commit would. */
async function job(host, project, inputs) {
  writeProject(project, `tail-${++tailVersion}`)
  pruneBuilderCache()
  const start = process.hrtime.bigint()
  const { job: run, build } = await buildJob({
    volume: host.volume,
    project,
    event: eventFor('push'),
    inputs: { 'prune-builders': 'false', 'max-size': '50GiB', ...inputs },
    env: host.env,
    buildEnv: { ...process.env, ...host.env }
  })
  if (run.status !== 'success' || run.post?.code !== 0 || !build?.ok) throw new Error(`job failed: ${run.main?.stdout}\n${build?.output}`)
  return {
    total: seconds(start),
    build: build.seconds,
    export: build.exportSeconds,
    cached: build.cached,
    steps: build.steps,
    tier: run.outputs['restored-tier'] ?? ''
  }
}

function host(name) {
  const { env } = newJobContainerEnv()
  const volume = path.join(work, name)
  fs.mkdirSync(volume, { recursive: true })
  return { volume, env }
}

const registry = await startRegistry({ port: await freePort(), reuse: false })
const started = Date.now()
try {
  const shared = `${registry.url}/bench/app-cache`
  const registryOnly = `${registry.url}/bench/registry-only`
  const project = path.join(work, 'project')
  const warmHost = host('warm-host')
  const registryHost = host('registry-host')
  log('warming: the warm host (store and registry), registry mode alone')
  await job(warmHost, project, { 'cache-mode': 'local+registry', 'registry-ref': shared })
  await job(registryHost, project, { 'cache-mode': 'registry', 'registry-ref': registryOnly })

  const runs = { twoTier: [], registry: [], newHost: [], cold: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternating within each pair, the order flipped every round.
    const pairs = [
      [
        ['twoTier', () => job(warmHost, project, { 'cache-mode': 'local+registry', 'registry-ref': shared })],
        ['registry', () => job(registryHost, project, { 'cache-mode': 'registry', 'registry-ref': registryOnly })]
      ],
      [
        ['newHost', () => job(host(`new-host-${round}`), project, { 'cache-mode': 'local+registry', 'registry-ref': shared })],
        ['cold', () => job(host(`cold-host-${round}`), project, { 'cache-mode': 'local+registry', 'registry-ref': `${registry.url}/bench/cold-${round}` })]
      ]
    ]
    for (const pair of pairs) {
      for (const [name, run] of round % 2 ? pair : [...pair].reverse()) {
        const result = await run()
        runs[name].push(result)
        log(
          `round ${round} ${name}: job ${f(result.total)} s, build ${f(result.build)} s, ${result.cached}/${result.steps} cached, restored-tier ${result.tier || '-'}`
        )
      }
    }
  }

  const m = (name, key) => median(runs[name].map((r) => r[key]))
  const row = (label, name) =>
    `| ${label} | ${f(m(name, 'total'))} | ${f(m(name, 'build'))} | ${f(m(name, 'export'))} | ${runs[name].map((r) => `${r.cached}/${r.steps}`).join(', ')} | ${[...new Set(runs[name].map((r) => r.tier || '-'))].join(', ')} |`
  const heading = '## Two tiers: local store + registry'
  const section = [
    `\`npm run bench:two-tier\`; ${machineLine(versions)}; Debian docker-registry on loopback. Every job on a fresh builder (docker driver,`,
    `builder cache pruned before each build); ${RANDOM_MB} MB random + ${TEXT_MB} MB compressible text, then a 1 MB tail each build changes;`,
    `medians of ${ROUNDS} alternating runs. "job" is main + build + post as the runner emulation runs them; "build" is \`docker buildx build\` alone.`,
    '',
    '| variant | job s | build s | of it, cache export s | cached steps | restored-tier |',
    '|---|---|---|---|---|---|',
    row('warm host: local+registry (own store)', 'twoTier'),
    row('warm host: registry mode alone', 'registry'),
    row('new host: local+registry (cold store, warm registry)', 'newHost'),
    row('new host: no cache anywhere', 'cold'),
    '',
    `Warm host, registry alone / two tiers: ${f(m('registry', 'total') / m('twoTier', 'total'))}x the job time (${f(m('registry', 'build') / m('twoTier', 'build'))}x the build).`,
    `New host, cold / warm registry: ${f(m('cold', 'total') / m('newHost', 'total'))}x the job time (${f(m('cold', 'build') / m('newHost', 'build'))}x the build).`,
    'The registry here is on loopback and answers as fast as the disk, so a warm host gains nothing from its own store in this run (its build imports from',
    'the snapshot and exports twice, to its store and to the registry); what the store saves is the network to a remote registry. The new-host rows are what',
    'the registry tier is for: a host that never built the project starts warm.',
    `Run took ${f((Date.now() - started) / 60000, 1)} min.`
  ].join('\n')
  const out = path.join(PROJECT_ROOT, 'bench', process.env.BENCH_OUT ?? 'results.md')
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, replaceMarked(fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '# Benchmarks\n', 'bench:two-tier', heading, section))
  log(`\n${heading}\n\n${section}`)
} finally {
  await registry.stop()
  fs.rmSync(work, { recursive: true, force: true })
}
