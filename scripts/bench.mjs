// Benchmarks, side by side in one run: the folk recipe (cache-from <dir>,
// cache-to <dir>-new, then rm -rf <dir> && mv <dir>-new <dir>; or exporting in
// place) against the bundled action through the runner emulation. Runs
// alternate folk / ours; medians and ratios go to bench/results.md.
// Layers are random bytes, so compression cannot flatter either side.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchPrune } from './bench-prune.mjs'
import { buildx, diskUsage, ensureEngine, pruneBuilderCache, run, writeProject } from './lib/docker.mjs'
import { buildJob } from './lib/job.mjs'
import { BUILDKIT_IMAGE, newJobContainerEnv, REGISTRY_BASE_IMAGE, removeNode } from './lib/persistent.mjs'
import { eventFor, PROJECT_ROOT, runJob } from './lib/runner-emulation.mjs'
import { machineLine, median, seconds } from './lib/stats.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SIZES_MB = (process.env.SIZES_MB ?? '100,400').split(',').map(Number)
const QUICK = process.env.QUICK === '1' // smaller scenarios 3-6, for a fast look
const ALL_SCENARIOS = 'warm,growth,branches,hooks,prune,persistent,phases'
const SCENARIOS = new Set((process.env.SCENARIOS ?? ALL_SCENARIOS).split(','))
const versions = ensureEngine()
const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-'))
const sections = []
const mb = (bytes) => (bytes / 1024 ** 2).toFixed(0)
const f = (n, digits = 2) => n.toFixed(digits)
const log = (...args) => console.log(...args)

/** Layers adding up to `total` MB (at most 50 MB each), plus a 1 MB tail that each build changes. */
function layersFor(total) {
  const layers = []
  for (let left = total, i = 1; left > 0; left -= 50, i++) layers.push([`l${i}`, Math.min(50, left)])
  return [...layers, ['tail', 1]]
}

async function folkBuild(project, dir) {
  const start = process.hrtime.bigint()
  const cacheFrom = fs.existsSync(path.join(dir, 'index.json')) ? [`type=local,src=${dir}`] : []
  const build = await buildx(project, { cacheFrom, cacheTo: [`type=local,dest=${dir}-new,mode=max,ignore-error=true`] })
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(`${dir}-new`, dir)
  return { ok: build.ok, total: seconds(start), build: build.seconds, export: build.exportSeconds, cached: build.cached }
}

async function oursBuild(project, volume, branch = 'main') {
  const start = process.hrtime.bigint()
  const { job, build } = await buildJob({ volume, project, event: eventFor('push', { branch }), inputs: { 'prune-builders': 'false', 'max-size': '50GiB' } })
  if (job.status !== 'success' || job.post?.code !== 0) throw new Error(`job failed: ${job.main?.stdout}\n${build?.output}`)
  return {
    ok: build.ok,
    total: seconds(start),
    build: build.seconds,
    export: build.exportSeconds,
    cached: build.cached,
    hooks: job.main.seconds + job.post.seconds
  }
}

async function warmBuilds({ sizeMb, ephemeral }) {
  const project = path.join(work, `warm-${sizeMb}-${ephemeral}`)
  const folkDir = path.join(work, `folk-${sizeMb}-${ephemeral}`)
  const volume = path.join(work, `ours-${sizeMb}-${ephemeral}`)
  const id = randomBytes(4).toString('hex')
  writeProject(project, { nonce: id, layers: layersFor(sizeMb), bust: { tail: 'seed' } })
  pruneBuilderCache()
  await folkBuild(project, folkDir)
  await oursBuild(project, volume)
  const runs = { folk: [], ours: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of ['folk', 'ours']) {
      writeProject(project, { nonce: id, layers: layersFor(sizeMb), bust: { tail: `${variant}-${round}` } })
      if (ephemeral) pruneBuilderCache()
      const result = variant === 'folk' ? await folkBuild(project, folkDir) : await oursBuild(project, volume)
      if (!result.ok) throw new Error(`${variant} build failed`)
      runs[variant].push(result)
      log(
        `warm ${sizeMb} MB ${ephemeral ? 'ephemeral' : 'persistent'} ${variant}: total ${f(result.total)} s, build ${f(result.build)} s, export ${f(result.export, 1)} s, cached ${result.cached}`
      )
    }
  }
  const cacheBytes = diskUsage(folkDir)
  fs.rmSync(folkDir, { recursive: true, force: true })
  fs.rmSync(volume, { recursive: true, force: true })
  const m = (variant, key) => median(runs[variant].map((r) => r[key]))
  return {
    sizeMb,
    cacheMb: mb(cacheBytes),
    folk: { total: m('folk', 'total'), export: m('folk', 'export') },
    ours: { total: m('ours', 'total'), export: m('ours', 'export'), hooks: m('ours', 'hooks') }
  }
}

function warmTable(title, rows, note) {
  return [
    `## ${title}`,
    '',
    note,
    '',
    '| cache | folk total s | ours total s | total ratio | folk export s | ours export s | export ratio | ours main+post s |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.cacheMb} MB | ${f(r.folk.total)} | ${f(r.ours.total)} | **${f(r.folk.total / r.ours.total, 1)}x** | ${f(r.folk.export, 1)} | ${f(r.ours.export, 1)} | **${r.ours.export > 0 ? f(r.folk.export / r.ours.export, 0) + 'x' : '>' + f(r.folk.export / 0.05, 0) + 'x (ours rounds to 0.0 s)'}** | ${f(r.ours.hooks)} |`
    ),
    ''
  ].join('\n')
}

async function growth() {
  const builds = QUICK ? 4 : 10
  const layerMb = QUICK ? 20 : 50
  const project = path.join(work, 'growth')
  const id = randomBytes(4).toString('hex')
  const inPlace = path.join(work, 'growth-inplace')
  const folkDir = path.join(work, 'growth-folk')
  const volume = path.join(work, 'growth-ours')
  const rows = []
  for (let i = 1; i <= builds; i++) {
    writeProject(project, {
      nonce: id,
      layers: [
        ['base', 10],
        ['changing', layerMb]
      ],
      bust: { changing: i }
    })
    pruneBuilderCache()
    const from = fs.existsSync(path.join(inPlace, 'index.json')) ? [`type=local,src=${inPlace}`] : []
    if (!(await buildx(project, { cacheFrom: from, cacheTo: [`type=local,dest=${inPlace},mode=max`] })).ok) throw new Error('in-place build failed')
    pruneBuilderCache()
    await folkBuild(project, folkDir)
    pruneBuilderCache()
    await oursBuild(project, volume)
    const one = diskUsage(folkDir) // the rotation keeps exactly this build's cache
    rows.push([i, diskUsage(inPlace), diskUsage(folkDir), diskUsage(path.join(volume, 'acme__app')), one])
    log(`growth build ${i}: in-place ${mb(rows.at(-1)[1])} MB, folk ${mb(rows.at(-1)[2])} MB, ours ${mb(rows.at(-1)[3])} MB`)
  }
  const last = rows.at(-1)
  return [
    `## Growth: ${builds} builds, each changing one ${layerMb} MB layer`,
    '',
    'Store size after each build (MB). "one build" is the cache of that build alone (what the rotation keeps).',
    '',
    '| build | in-place export | folk rotation | ours | ours / one build |',
    '|---|---|---|---|---|',
    ...rows.map(([i, a, b, c, one]) => `| ${i} | ${mb(a)} | ${mb(b)} | ${mb(c)} | ${f(c / one)}x |`),
    '',
    `After ${builds} builds: in-place **${f(last[1] / last[4], 1)}x** one build's cache, ours **${f(last[3] / last[4])}x**.`,
    ''
  ].join('\n')
}

async function branches() {
  const baseMb = QUICK ? 60 : 300
  const id = randomBytes(4).toString('hex')
  const volume = path.join(work, 'branches-ours')
  let folkTotal = 0
  let oneScope = 0
  const names = ['main', 'dev', 'feature-a', 'feature-b', 'feature-c']
  for (const branch of names) {
    const project = writeProject(path.join(work, `branch-${branch}`), {
      nonce: id,
      layers: [...layersFor(baseMb).slice(0, -1), [`own`, 2]],
      bust: { own: branch }
    })
    const dir = path.join(work, `branches-folk-${branch}`)
    pruneBuilderCache()
    await folkBuild(project, dir)
    folkTotal += diskUsage(dir)
    if (!oneScope) oneScope = diskUsage(dir)
    pruneBuilderCache()
    await oursBuild(project, volume, branch)
    log(`branches: ${branch} done`)
  }
  const ours = diskUsage(path.join(volume, 'acme__app'))
  return [
    `## Branches: five scopes sharing a ${baseMb} MB base`,
    '',
    '| layout | disk MB | vs one scope |',
    '|---|---|---|',
    `| one scope alone | ${mb(oneScope)} | 1.00x |`,
    `| folk: one folder per branch | ${mb(folkTotal)} | ${f(folkTotal / oneScope)}x |`,
    `| ours: one store, five tags | ${mb(ours)} | **${f(ours / oneScope)}x** |`,
    ''
  ].join('\n')
}

/** A synthetic store of `count` blobs (1 KiB each) in tags of up to 100 layers, like a big repo's store. */
function syntheticStore(volume, count) {
  const store = path.join(volume, 'acme__app')
  const blobs = path.join(store, 'blobs', 'sha256')
  fs.mkdirSync(blobs, { recursive: true })
  const write = (data, mediaType) => {
    const hex = createHash('sha256').update(data).digest('hex')
    fs.writeFileSync(path.join(blobs, hex), data)
    return { mediaType, digest: `sha256:${hex}`, size: data.length }
  }
  const manifests = []
  let written = 0
  for (let t = 0; written < count; t++) {
    const layers = []
    for (let i = 0; i < 98 && written < count - 2; i++, written++) layers.push(write(randomBytes(1024), 'application/vnd.oci.image.layer.v1.tar+gzip'))
    const config = write(Buffer.from(JSON.stringify({ t, layers: layers.length })), 'application/vnd.buildkit.cacheconfig.v0')
    const index = write(Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [...layers, config] })), 'application/vnd.oci.image.index.v1+json')
    written += 2
    manifests.push({ ...index, annotations: { 'org.opencontainers.image.ref.name': t === 0 ? 'main' : `branch-${t}` } })
  }
  fs.writeFileSync(path.join(store, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }))
  fs.writeFileSync(path.join(store, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
}

async function hookOverhead() {
  const counts = [10, 1000, 10000]
  const rows = []
  const bare = []
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint()
    await runJob({ inputs: { 'cache-mode': 'off', 'prune-builders': 'false' } })
    bare.push(seconds(start))
  }
  for (const count of counts) {
    const volume = path.join(work, `hooks-${count}`)
    syntheticStore(volume, count)
    const times = []
    for (let i = 0; i < ROUNDS; i++) {
      const job = await runJob({ inputs: { 'volume-path': volume, 'prune-builders': 'false', 'max-size': '50GiB' }, event: eventFor('push') })
      if (job.status !== 'success' || job.outputs['cache-hit'] !== 'true') throw new Error(`hook job failed: ${job.main.stdout}`)
      times.push({ main: job.main.seconds, post: job.post.seconds })
    }
    rows.push({ count, main: median(times.map((t) => t.main)), post: median(times.map((t) => t.post)) })
    log(`hooks ${count} blobs: main ${f(rows.at(-1).main)} s, post ${f(rows.at(-1).post)} s`)
    fs.rmSync(volume, { recursive: true, force: true })
  }
  const total = (r) => r.main + r.post
  const growthPer = (a, b) => ((total(b) - total(a)) / (b.count - a.count)) * 1e6
  return [
    '## Hook overhead: main + post on synthetic stores',
    '',
    `Wall time of the two node processes (median of ${ROUNDS}); each includes node start-up and the bundle's load.`,
    '',
    '| blobs | main s | post s | main + post s |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.count} | ${f(r.main)} | ${f(r.post)} | ${f(total(r))} |`),
    '',
    `Marginal cost: ${f(growthPer(rows[0], rows[1]), 1)} µs per blob from 10 to 1,000, ${f(growthPer(rows[1], rows[2]), 1)} µs per blob from 1,000 to 10,000 (linear when these match).`,
    ''
  ].join('\n')
}

/** A Dockerfile whose last step is the 1 MB tail: a warm build re-runs exactly that step. */
function writeTailProject(dir, { nonce, sizeMb, bust }) {
  fs.mkdirSync(dir, { recursive: true })
  const steps = [`FROM ${REGISTRY_BASE_IMAGE}`, `RUN echo ${nonce} > /nonce`]
  for (const [name, megabytes] of layersFor(sizeMb).slice(0, -1)) steps.push(`RUN dd if=/dev/urandom of=/${name}.bin bs=1M count=${megabytes} 2>/dev/null`)
  steps.push(`RUN echo ${bust} > /tail.v && dd if=/dev/urandom of=/tail.bin bs=1M count=1 2>/dev/null`)
  fs.writeFileSync(path.join(dir, 'Dockerfile'), steps.join('\n') + '\n')
  return dir
}

/**
 * The persistent builder against the two setups it replaces, on real
 * docker-container builders (CACHEKEEPER_BUILDKIT_IMAGE): the folk recipe as
 * users run it (a fresh builder per job, cache-from <dir>, cache-to <dir>-new,
 * rm/mv), and the floor (one builder kept, no cache import or export).
 * Each job of ours runs in a new job container (fresh buildx configuration).
 */
async function persistentShape(shape, sizeMb) {
  const id = randomBytes(3).toString('hex')
  const opts = [`image=${BUILDKIT_IMAGE}`, 'network=host']
  const project = path.join(work, `persistent-project-${id}`)
  const write = (bust) => shape.write(project, { nonce: id, sizeMb, bust })
  const made = []
  const newBuilder = (name, env) => {
    made.push(name)
    run('docker', ['buildx', 'create', '--name', name, '--driver', 'docker-container', ...opts.flatMap((o) => ['--driver-opt', o]), '--bootstrap'], { env })
  }
  const folkDir = path.join(work, `persistent-folk-${id}`)
  const volume = path.join(work, `persistent-ours-${id}`)
  const floor = newJobContainerEnv()
  newBuilder(`ckbench-floor-${id}`, { ...process.env, ...floor.env })
  const inspect = run('docker', ['buildx', 'inspect', `ckbench-floor-${id}`], { env: { ...process.env, ...floor.env } }).stdout
  const buildkit = /^(?:Buildkit|BuildKit version):\s*(\S+)/m.exec(inspect)?.[1] ?? 'unknown'

  async function folk(round) {
    const { env } = newJobContainerEnv()
    const builderEnv = { ...process.env, ...env }
    const name = `ckbench-folk-${id}-${round}`
    const start = process.hrtime.bigint()
    newBuilder(name, builderEnv)
    const cacheFrom = fs.existsSync(path.join(folkDir, 'index.json')) ? [`type=local,src=${folkDir}`] : []
    const build = await buildx(project, {
      cacheFrom,
      cacheTo: [`type=local,dest=${folkDir}-new,mode=max,ignore-error=true`],
      args: ['--builder', name],
      env: builderEnv
    })
    fs.rmSync(folkDir, { recursive: true, force: true })
    fs.renameSync(`${folkDir}-new`, folkDir)
    const total = seconds(start)
    // setup-buildx-action removes its builder in its post step: not counted.
    run('docker', ['buildx', 'rm', name], { env: builderEnv, allowFailure: true })
    return { ok: build.ok, total, build: build.seconds, cached: build.cached, steps: build.steps }
  }
  async function ours() {
    const { env } = newJobContainerEnv()
    const start = process.hrtime.bigint()
    const { job, build } = await buildJob({
      volume,
      project,
      event: eventFor('push'),
      inputs: {
        'repo-name': `ckbench-${id}`,
        'persistent-builder': 'true',
        'builder-driver-opts': opts.join('\n'),
        'prune-builders': 'false',
        'max-size': '50GiB'
      },
      env,
      buildEnv: { ...process.env, ...env }
    })
    if (job.status !== 'success' || !job.outputs.builder) throw new Error(`persistent job failed: ${job.main?.stdout}\n${build?.output}`)
    return {
      ok: build.ok,
      total: seconds(start),
      build: build.seconds,
      hooks: (job.pre?.seconds ?? 0) + job.main.seconds + job.post.seconds,
      cached: build.cached,
      steps: build.steps
    }
  }
  async function floorBuild() {
    const start = process.hrtime.bigint()
    const build = await buildx(project, { args: ['--builder', `ckbench-floor-${id}`], env: { ...process.env, ...floor.env } })
    return { ok: build.ok, total: seconds(start), build: build.seconds, cached: build.cached, steps: build.steps }
  }

  const variants = { folk, ours, floor: floorBuild }
  const runs = { folk: [], ours: [], floor: [] }
  try {
    write('seed')
    for (const variant of Object.keys(variants)) await variants[variant](0)
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of Object.keys(variants)) {
        write(`${variant}-${round}`)
        const result = await variants[variant](round)
        if (!result.ok) throw new Error(`${variant} build failed`)
        runs[variant].push(result)
        log(
          `persistent ${shape.label} ${sizeMb} MB ${variant}: total ${f(result.total)} s, build ${f(result.build)} s, cached ${result.cached}/${result.steps}`
        )
      }
    }
  } finally {
    for (const name of made) run('docker', ['buildx', 'rm', name], { env: { ...process.env, ...floor.env }, allowFailure: true })
    for (const name of [...made, `cachekeeper-ckbench-${id}`]) removeNode(name)
  }
  const cacheMb = mb(diskUsage(folkDir))
  const m = (variant, key) => median(runs[variant].map((r) => r[key]))
  const all = (variant, key) => runs[variant].map((r) => f(r[key])).join(', ')
  const row = (label, variant) => `| ${label} | ${f(m(variant, 'build'))} | ${f(m(variant, 'total'))} | ${all(variant, 'build')} |`
  const table = [
    `### ${shape.title} (${cacheMb} MB cache, ${runs.ours[0].steps - runs.ours[0].cached} of ${runs.ours[0].steps} steps re-run)`,
    '',
    '| setup | median build s | median job total s | builds s |',
    '|---|---|---|---|',
    row('folk recipe, fresh builder per job', 'folk'),
    row('this action, persistent builder', 'ours'),
    row('floor: builder kept, no cache import/export', 'floor'),
    '',
    `Warm build: ours **${f(m('folk', 'build') / m('ours', 'build'), 1)}x** faster than the folk recipe, **${f(m('ours', 'build') / m('floor', 'build'), 2)}x** the floor. ` +
      `Job totals (ours with pre + main + post, ${f(m('ours', 'hooks'))} s of node processes): **${f(m('folk', 'total') / m('ours', 'total'), 1)}x** and **${f(m('ours', 'total') / m('floor', 'total'), 2)}x**.`,
    ''
  ]
  return { buildkit, table }
}

async function persistentBuilder() {
  const sizeMb = Number(process.env.PERSISTENT_SIZE_MB ?? 400)
  const shapes = [
    { label: 'tail', title: 'One tail step changed (the last step)', write: (dir, o) => writeTailProject(dir, o) },
    {
      label: 'tail+read',
      title: 'The tail step changed, then steps that read all 400 MB (the warm-build project of the sections above)',
      write: (dir, o) => writeProject(dir, { nonce: o.nonce, layers: layersFor(o.sizeMb), bust: { tail: o.bust }, base: REGISTRY_BASE_IMAGE })
    }
  ]
  const results = []
  for (const shape of shapes) results.push(await persistentShape(shape, sizeMb))
  return [
    '## Persistent builder: warm build against the folk recipe and the floor',
    '',
    `Made by \`SCENARIOS=persistent npm run bench\` (ROUNDS=${ROUNDS}) on ${new Date().toISOString().slice(0, 10)}: ${machineLine(versions)}; docker-container builders of \`${BUILDKIT_IMAGE}\` (BuildKit ${results[0].buildkit}).`,
    'Runs alternate folk / ours / floor, each build changing the 1 MB tail step; medians. Folk: a fresh builder per job (create + bootstrap in its total, removal not), `cache-from <dir>`, `cache-to <dir>-new`, rm/mv. Ours: `persistent-builder: true` through the runner emulation, each job from a new job container (fresh buildx configuration). Floor: one builder kept, no cache import or export. Targets: at least 8x faster than the folk recipe, within 2x of the floor.',
    '',
    ...results.flatMap((r) => r.table)
  ].join('\n')
}

/** `::debug::docker <args>: exit N in M ms` lines a phase printed (runner/exec.ts), as [call, ms]. */
function dockerCalls(stdout = '') {
  // A temp folder in the arguments (docker cp of a record) would make each job's call a row of its own.
  return [...stdout.matchAll(/^::debug::docker (.+): exit \d+ in (\d+) ms$/gm)].map((m) => [m[1].replace(/\/tmp\/[\w.-]+\/\S*/g, '<tmp>'), Number(m[2])])
}

/**
 * What a warm job costs besides its build: each phase (node processes, start-up
 * included) and the build with the action's cache flags, beside the floor (the
 * same build on the same builder without cache flags). Persistent: the action's
 * persistent builder, each job from a new job container. Fresh: the docker
 * driver with its cache pruned before each build (a fresh builder per job); its
 * floor is the same build without cache flags, i.e. a cold build.
 */
async function phaseCosts({ sizeMb, persistent }) {
  const id = randomBytes(3).toString('hex')
  const project = path.join(work, `phases-${id}`)
  const volume = path.join(work, `phases-ours-${id}`)
  // A volume-path that exists is the persistent store the builder's copy is kept in (one that does not means none).
  fs.mkdirSync(volume, { recursive: true })
  const opts = [`image=${BUILDKIT_IMAGE}`, 'network=host']
  const repo = `ckbench-${id}`
  const builder = `cachekeeper-${repo}`
  const write = (bust) => writeTailProject(project, { nonce: id, sizeMb, bust })
  const inputs = persistent
    ? { 'repo-name': repo, 'persistent-builder': 'true', 'builder-driver-opts': opts.join('\n'), 'max-size': '50GiB' }
    : { 'max-size': '50GiB' }
  async function ours() {
    // The label keeps pre's pruning to builders this run made (none): the same calls, nobody else's builders touched.
    const label = { BUILDKIT_CACHE_KEEPER_TEST_PRUNE_LABEL: `ckbench-phases-${id}` }
    const { env } = persistent ? newJobContainerEnv(label) : { env: label }
    if (!persistent) pruneBuilderCache()
    const { job, build } = await buildJob({ volume, project, event: eventFor('push'), inputs, env, buildEnv: { ...process.env, ...env } })
    if (job.status !== 'success' || !build?.ok) throw new Error(`phases job failed: ${job.main?.stdout}\n${build?.output}`)
    const calls = ['pre', 'main', 'post'].flatMap((phase) => dockerCalls(job[phase]?.stdout).map(([call, ms]) => [`${phase}: ${call}`, ms]))
    return { pre: job.pre?.seconds ?? 0, main: job.main.seconds, post: job.post.seconds, build: build.seconds, calls }
  }
  // The floor builds on the very builder the jobs use, from a buildx configuration of its own.
  const floorEnv = { ...process.env, ...(persistent ? newJobContainerEnv().env : {}) }
  async function floor() {
    if (!persistent) pruneBuilderCache()
    if (persistent && round0) {
      run('docker', ['buildx', 'create', '--name', builder, '--driver', 'docker-container', ...opts.flatMap((o) => ['--driver-opt', o])], { env: floorEnv })
      round0 = false
    }
    const build = await buildx(project, { args: persistent ? ['--builder', builder] : [], env: floorEnv })
    if (!build.ok) throw new Error('floor build failed')
    return { build: build.seconds }
  }
  let round0 = true
  const runs = { ours: [], floor: [] }
  try {
    write('seed')
    await ours()
    await floor()
    for (let round = 1; round <= ROUNDS; round++) {
      write(`ours-${round}`)
      runs.ours.push(await ours())
      write(`floor-${round}`)
      runs.floor.push(await floor())
      const o = runs.ours.at(-1)
      log(
        `phases ${persistent ? 'persistent' : 'fresh'} ${sizeMb} MB: pre ${f(o.pre)} main ${f(o.main)} build ${f(o.build)} post ${f(o.post)}, floor ${f(runs.floor.at(-1).build)}`
      )
    }
  } finally {
    if (persistent) {
      run('docker', ['buildx', 'rm', builder], { env: floorEnv, allowFailure: true })
      removeNode(builder)
    }
    fs.rmSync(volume, { recursive: true, force: true })
  }
  const m = (key) => median(runs.ours.map((r) => r[key]))
  const byCall = new Map()
  for (const r of runs.ours) for (const [call, ms] of r.calls) byCall.set(call, [...(byCall.get(call) ?? []), ms])
  const calls = [...byCall].map(
    ([call, ms]) => `${call} ${median(ms)} ms${ms.length !== runs.ours.length ? ` (${ms.length}x in ${runs.ours.length} jobs)` : ''}`
  )
  return { sizeMb, persistent, pre: m('pre'), main: m('main'), post: m('post'), build: m('build'), floor: median(runs.floor.map((r) => r.build)), calls }
}

async function phases() {
  const rows = []
  for (const sizeMb of SIZES_MB) {
    if (BUILDKIT_IMAGE) rows.push(await phaseCosts({ sizeMb, persistent: true }))
    rows.push(await phaseCosts({ sizeMb, persistent: false }))
  }
  const startup = []
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint()
    run('node', ['-e', '0'])
    startup.push(seconds(start))
  }
  const label = (r) => (r.persistent ? 'persistent builder' : 'fresh builder per job')
  return [
    '## Phases: what a warm job costs besides its build',
    '',
    `Made by \`SCENARIOS=phases npm run bench\` (ROUNDS=${ROUNDS}) on ${new Date().toISOString().slice(0, 10)}: ${machineLine(versions)}${BUILDKIT_IMAGE ? `; persistent: docker-container builder of \`${BUILDKIT_IMAGE}\`` : '; persistent rows need CACHEKEEPER_BUILDKIT_IMAGE'}.`,
    'Each job changes only the last step (a 1 MB tail) and runs pre, main, the build and post through the runner emulation; medians. Persistent: `persistent-builder: true`, each job from a new job container (fresh buildx configuration). Fresh: the docker driver with `docker buildx prune -af` before each build. Floor: the same build on the same builder without cache flags (for the fresh builder that is a cold build).',
    `Targets (persistent): the three phases at most 0.5 s together (\`node -e 0\` alone: ${f(median(startup))} s), the build at most 1.3x the floor.`,
    '',
    '| builder | cache | pre s | main s | post s | phases s | build s | floor s | build / floor |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${label(r)} | ${r.sizeMb} MB | ${f(r.pre)} | ${f(r.main)} | ${f(r.post)} | **${f(r.pre + r.main + r.post)}** | ${f(r.build)} | ${f(r.floor)} | **${f(r.build / r.floor)}x** |`
    ),
    '',
    "Docker calls per phase (median ms; from the phases' debug log):",
    '',
    ...rows.map((r) => `- ${label(r)}, ${r.sizeMb} MB: ${r.calls.join('; ') || 'none'}`),
    ''
  ].join('\n')
}

/** Replaces each section (`## title` up to the next `## `) of `text` by the new one with the same title, or appends it. */
function mergeSections(text, sections) {
  let result = text.replace(/\n*$/, '\n')
  for (const section of sections) {
    const title = section.split('\n')[0]
    const start = result.indexOf(`${title}\n`)
    if (start < 0) {
      result += `\n${section}`
      continue
    }
    const next = result.indexOf('\n## ', start + title.length)
    result = result.slice(0, start) + section.replace(/\n*$/, '\n') + (next < 0 ? '' : result.slice(next))
  }
  return result
}

const started = Date.now()
log(`work folder ${work}`)
if (SCENARIOS.has('warm')) {
  const ephemeral = []
  const persistent = []
  for (const sizeMb of SIZES_MB) {
    ephemeral.push(await warmBuilds({ sizeMb, ephemeral: true }))
    persistent.push(await warmBuilds({ sizeMb, ephemeral: false }))
  }
  sections.push(
    warmTable(
      'Warm build, ephemeral builder',
      ephemeral,
      `Builder cache pruned before every build (a fresh builder per job); each build changes a 1 MB tail layer. Median of ${ROUNDS}; "total" includes the folk rm/mv and our main + post.`
    )
  )
  sections.push(
    warmTable(
      'Warm build, persistent builder',
      persistent,
      `No prune: the builder keeps its own cache; each build changes a 1 MB tail layer. Median of ${ROUNDS}.`
    )
  )
}
if (SCENARIOS.has('growth')) sections.push(await growth())
if (SCENARIOS.has('branches')) sections.push(await branches())
if (SCENARIOS.has('hooks')) sections.push(await hookOverhead())
if (SCENARIOS.has('prune')) sections.push(await benchPrune({ COUNT: QUICK ? 50 : 200, ROUNDS }))
if (SCENARIOS.has('phases')) sections.push(await phases())
if (SCENARIOS.has('persistent')) {
  if (BUILDKIT_IMAGE) sections.push(await persistentBuilder())
  else {
    log(
      'persistent builder scenario skipped: set CACHEKEEPER_BUILDKIT_IMAGE to a BuildKit image for the docker-container driver (and CACHEKEEPER_BUILDKITD_CONFIG, CACHEKEEPER_REGISTRY_BASE_IMAGE as needed); its earlier figures are kept'
    )
    const previous = path.join(PROJECT_ROOT, 'bench', process.env.BENCH_OUT ?? 'results.md')
    const kept = fs.existsSync(previous) && /\n(## Persistent builder:[\s\S]*?)(?=\n## |$)/.exec(fs.readFileSync(previous, 'utf8'))
    if (kept) sections.push(kept[1])
  }
}

const header = [
  '# Benchmark results',
  '',
  `Made by \`npm run bench\` (ROUNDS=${ROUNDS} SIZES_MB=${SIZES_MB.join(',')} SCENARIOS=${[...SCENARIOS].join(',')}${QUICK ? ' QUICK=1' : ''}) on ${new Date().toISOString().slice(0, 10)} in ${f((Date.now() - started) / 60000, 1)} min.`,
  `Machine: ${machineLine(versions)}.`,
  'Folk recipe: `cache-from: type=local,src=<dir>`, `cache-to: type=local,dest=<dir>-new,mode=max`, then `rm -rf <dir> && mv <dir>-new <dir>`. Ours: the bundled action (main, build, post) through the runner emulation.',
  ''
]
const out = path.join(PROJECT_ROOT, 'bench', process.env.BENCH_OUT ?? 'results.md')
// A run of some scenarios replaces only their sections of an existing report.
const full = [...SCENARIOS].sort().join() === ALL_SCENARIOS.split(',').sort().join() || !fs.existsSync(out)
const report = full ? [...header, ...sections].join('\n') : mergeSections(fs.readFileSync(out, 'utf8'), sections)
fs.mkdirSync(path.join(PROJECT_ROOT, 'bench'), { recursive: true })
fs.writeFileSync(out, report)
fs.rmSync(work, { recursive: true, force: true })
log('\n' + report)
