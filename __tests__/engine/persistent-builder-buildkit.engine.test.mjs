// The persistent builder against a real docker-container builder running a
// real BuildKit. No such image can be pulled in CI, so this suite runs only
// where CACHEKEEPER_BUILDKIT_IMAGE names one (README: "What the tests prove"
// lists it as a check made outside CI); without it the suite is reported as
// skipped, never as passed. Optional: CACHEKEEPER_BUILDKITD_CONFIG (a
// buildkitd.toml, e.g. for a plain-HTTP registry) and
// CACHEKEEPER_REGISTRY_BASE_IMAGE (the FROM image the builder pulls).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildx, ensureEngine, run, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { BUILDKIT_IMAGE, builderCacheBytes, containerId, newJobContainerEnv, REGISTRY_BASE_IMAGE, removeNode } from '../../scripts/lib/persistent.mjs'
import { eventFor, lines, PROJECT_ROOT, runJob } from '../../scripts/lib/runner-emulation.mjs'
import { testRunEnv } from '../../scripts/lib/test-run.mjs'

const id = randomBytes(3).toString('hex')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'persistent-buildkit-'))
const made = { builders: [], dirs: [work] }
const driverOpts = `image=${BUILDKIT_IMAGE}\nnetwork=host`
// The image here is BuildKit v0.32.2, which main warns about (older than v0.33.1); the first test checks that warning once.
const warnings = (phase) =>
  phase.warnings.filter((warning) => !warning.includes('Mount a volume there') && !warning.startsWith('The persistent builder runs BuildKit v0.32'))

function repo(label) {
  const name = `ckb-${label}-${id}`
  made.builders.push(`cachekeeper-${name}`)
  return name
}

/** A new job container: a fresh docker and buildx configuration, so buildx has no record of any builder. */
function jobContainer() {
  const { dir, env } = newJobContainerEnv()
  made.dirs.push(dir)
  return env
}

/** One job in a new job container; `env` is that container's client environment (its buildx knows the builder afterwards). */
async function job({ volume, name, project, inputs = {} }) {
  const env = jobContainer()
  const buildEnv = { ...process.env, ...env }
  const result = await buildJob({
    volume,
    project,
    event: eventFor('push'),
    inputs: { 'repo-name': name, 'persistent-builder': 'true', 'builder-driver-opts': driverOpts, ...inputs },
    env,
    buildEnv
  })
  return { ...result, env: buildEnv }
}

const node = (builder) => `buildx_buildkit_${builder}0`
const nodes = (builder) =>
  run('docker', ['ps', '-a', '--filter', `name=^${node(builder)}$`, '--format', '{{.Names}}'])
    .stdout.split('\n')
    .filter(Boolean)
const project = (label, options = {}) => writeProject(path.join(work, label), { nonce: `${id}-${label}`, base: REGISTRY_BASE_IMAGE, ...options })

/** FROM scratch (no base image to pull): `count` COPY layers of 5 MB of random bytes each, its own, so no two projects share a byte. */
function scratchProject(label, count) {
  const dir = path.join(work, label)
  fs.mkdirSync(dir, { recursive: true })
  const layers = Array.from({ length: count }, (_, i) => `l${i}.bin`)
  for (const layer of layers) fs.writeFileSync(path.join(dir, layer), randomBytes(5e6))
  fs.writeFileSync(path.join(dir, 'Dockerfile'), ['FROM scratch', ...layers.map((layer) => `COPY ${layer} /`)].join('\n') + '\n')
  return dir
}

/** What a store's blobs hold (volume/<repo>/blobs/sha256), read apart from src/: the store's share of host-max-size. */
function storeBlobBytes(volume, name) {
  const blobs = path.join(volume, name, 'blobs', 'sha256')
  return fs.readdirSync(blobs).reduce((sum, blob) => sum + fs.statSync(path.join(blobs, blob)).size, 0)
}

/** A JSON file on the volume as the action left it (a builder's record, a store's usage record). */
const readJson = (...parts) => JSON.parse(fs.readFileSync(path.join(...parts), 'utf8'))

/** The scope entry `tag` of a store's index.json (volume/<repo>/index.json), read apart from src/. */
function scopeEntry(volume, name, tag = 'main') {
  const index = JSON.parse(fs.readFileSync(path.join(volume, name, 'index.json'), 'utf8'))
  return index.manifests.find((entry) => entry.annotations?.['org.opencontainers.image.ref.name'] === tag)
}

/** Every file of a store (index.json, blobs) with the sha256 of its content: what "untouched" compares. */
function storeFiles(volume, name) {
  const dir = path.join(volume, name)
  const blobs = path.join(dir, 'blobs', 'sha256')
  const files = ['index.json', ...fs.readdirSync(blobs).map((blob) => path.join('blobs', 'sha256', blob))]
  return Object.fromEntries(
    files.sort().map((file) => [
      file,
      createHash('sha256')
        .update(fs.readFileSync(path.join(dir, file)))
        .digest('hex')
    ])
  )
}

/** The "#N ..." ids of the build's steps whose line matches `pattern`, and whether any of them is CACHED. */
function stepCached(output, pattern) {
  const ids = output
    .split('\n')
    .map((line) => /^#(\d+) (.*)$/.exec(line))
    .filter((match) => match && pattern.test(match[2]))
    .map((match) => match[1])
  return { found: ids.length > 0, cached: ids.some((step) => new RegExp(`^#${step} CACHED`, 'm').test(output)) }
}

/** The buildx client's minor version (0.13 has no build history, 0.29 has: README "How warm was it?"). */
function clientMinor(env) {
  const match = / v?0\.(\d+)\.\d+/.exec(run('docker', ['buildx', 'version'], { env }).stdout)
  if (!match) throw new Error('no buildx version')
  return Number(match[1])
}

/** The current builder of a buildx configuration, as `docker buildx ls` marks it (`name*`). */
function currentBuilder(env) {
  const match = /^(\S+?)\s*\*/m.exec(run('docker', ['buildx', 'ls'], { env }).stdout)
  if (!match) throw new Error('no current builder in docker buildx ls')
  return match[1]
}

/** The bundled command-line tool, as an admin runs it on the runner host. */
const cli = (args, env) =>
  run(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js'), ...args], { env: testRunEnv({ ...process.env, ...env }), allowFailure: true })

const suite = BUILDKIT_IMAGE ? describe : describe.skip

beforeAll(() => {
  if (BUILDKIT_IMAGE) ensureEngine()
})

afterAll(() => {
  for (const builder of made.builders) removeNode(builder)
  for (const dir of made.dirs) fs.rmSync(dir, { recursive: true, force: true })
})

suite(`session-only: a real docker-container builder (CACHEKEEPER_BUILDKIT_IMAGE=${BUILDKIT_IMAGE || 'unset'})`, () => {
  test('two jobs in a row, each in a new job container: the same container serves both, the second build is warm, pre with a tiny builder-max-age keeps it; a removed builder comes back warm from the store', async () => {
    const name = repo('row')
    const builder = `cachekeeper-${name}`
    const volume = path.join(work, 'row')
    const dir = project('row')

    const first = await job({ volume, name, project: dir })
    expect(first.job.status).toBe('success')
    expect(warnings(first.job.main)).toEqual([])
    expect(first.job.main.warnings).toContainEqual(expect.stringMatching(/^The persistent builder runs BuildKit v0\.32\.2, older than v0\.33\.1: /))
    expect(first.outputs.builder).toBe(builder)
    expect(first.job.main.stdout).toMatch(/how\s+created/)
    expect(first.job.main.stdout).toMatch(/^::debug::docker buildx create --name: exit 0/m)
    expect(first.build.ok).toBe(true)
    expect(first.build.cached).toBe(0)
    const container = containerId(node(builder))
    expect(container).toBeDefined()

    await sleep(1500)
    const second = await job({ volume, name, project: dir, inputs: { 'builder-max-age': '1s' } })
    expect(second.job.status).toBe('success')
    expect(second.job.pre.code).toBe(0)
    expect(second.job.pre.stdout).not.toContain(builder)
    expect(second.job.main.stdout).toMatch(/how\s+attached/)
    // Its new buildx configuration gets the record the first job's create wrote: no create, and the build lands on it.
    expect(second.job.main.stdout).not.toMatch(/^::debug::docker buildx create/m)
    expect(containerId(node(builder))).toBe(container)
    expect(second.build.steps).toBeGreaterThan(0)
    expect(second.build.cached).toBe(second.build.steps)
    console.log(
      `persistent builder: first build ${first.build.seconds.toFixed(2)} s, second (new job container, same builder) ${second.build.seconds.toFixed(2)} s, ${second.build.cached}/${second.build.steps} CACHED`
    )

    // The builder is gone (a host reboot with a wiped engine, a manual rm): the next job makes it again and reads the store.
    removeNode(builder)
    const third = await job({ volume, name, project: dir })
    expect(third.job.status).toBe('success')
    expect(third.job.main.stdout).toMatch(/how\s+created/)
    expect(containerId(node(builder))).not.toBe(container)
    expect(third.outputs['cache-hit']).toBe('true')
    expect(third.build.cached).toBe(third.build.steps)
  })

  test('two first jobs at once: one builder container, both jobs green', async () => {
    const name = repo('pair')
    const builder = `cachekeeper-${name}`
    const volume = path.join(work, 'pair')
    const dir = project('pair')
    const [a, b] = await Promise.all([job({ volume, name, project: dir }), job({ volume, name, project: dir })])
    for (const result of [a, b]) {
      expect(result.job.status).toBe('success')
      expect(warnings(result.job.main)).toEqual([])
      expect(result.outputs.builder).toBe(builder)
      expect(result.build.ok).toBe(true)
    }
    expect(nodes(builder)).toEqual([node(builder)])
    expect([a, b].map((r) => (/how\s+(\w+)/.exec(r.job.main.stdout) ?? [])[1]).sort()).toEqual(['attached', 'created'])
  })

  test("the builder's cache stays within builder-max-size after post", async () => {
    const name = repo('budget')
    const volume = path.join(work, 'budget')
    const dir = project('budget', {
      layers: [
        ['a', 15],
        ['b', 15],
        ['c', 15]
      ]
    })
    const env = jobContainer()
    let before = 0
    const result = await runJob({
      inputs: { 'volume-path': volume, 'repo-name': name, 'persistent-builder': 'true', 'builder-driver-opts': driverOpts, 'builder-max-size': '20MB' },
      env,
      event: eventFor('push'),
      steps: async (outputs) => {
        const build = await buildx(dir, { args: ['--builder', outputs.builder], env: { ...process.env, ...env } })
        before = builderCacheBytes(outputs.builder, { ...process.env, ...env })
        return { ok: build.ok }
      }
    })
    expect(result.status).toBe('success')
    expect(result.post.warnings).toEqual([])
    const after = builderCacheBytes(`cachekeeper-${name}`, { ...process.env, ...env })
    console.log(`builder cache before post ${(before / 1e6).toFixed(1)} MB, after ${(after / 1e6).toFixed(1)} MB (builder-max-size 20MB)`)
    expect(before).toBeGreaterThan(45e6)
    expect(after).toBeLessThanOrEqual(20e6)
  })

  test('a cache mount lasts across jobs: the step re-runs in a new job container and finds it filled; post then keeps the builder, mount included, within builder-max-size', async () => {
    const name = repo('mount')
    const builder = `cachekeeper-${name}`
    const volume = path.join(work, 'mount')
    fs.mkdirSync(volume)
    const dir = path.join(work, 'mount-project')
    fs.mkdirSync(dir, { recursive: true })
    // The RUN's cache key takes RUN_ID, changed per job: it runs every time; only the mount can carry /cache/data over.
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      [
        `FROM ${REGISTRY_BASE_IMAGE} AS work`,
        'ARG RUN_ID',
        `RUN --mount=type=cache,target=/cache,id=ck-${id} echo "$RUN_ID" > /run-id && ` +
          'if [ -f /cache/data ]; then echo hit > /result; else head -c 20000000 /dev/urandom > /cache/data && echo miss > /result; fi && ' +
          'wc -c < /cache/data >> /result',
        'FROM scratch',
        'COPY --from=work /result /run-id /'
      ].join('\n') + '\n'
    )
    const mountJob = async (runId, inputs = {}) => {
      const env = jobContainer()
      const buildEnv = { ...process.env, ...env }
      const out = path.join(work, `mount-out-${runId}`)
      let build
      let before
      const result = await runJob({
        inputs: { 'volume-path': volume, 'repo-name': name, 'persistent-builder': 'true', 'builder-driver-opts': driverOpts, ...inputs },
        env,
        event: eventFor('push'),
        steps: async (outputs) => {
          const args = ['--builder', outputs.builder, '--build-arg', `RUN_ID=${runId}`, '--output', `type=local,dest=${out}`]
          build = await buildx(dir, { cacheFrom: lines(outputs['cache-from']), cacheTo: lines(outputs['cache-to']), args, env: buildEnv })
          before = builderCacheBytes(outputs.builder, buildEnv)
          return { ok: build.ok }
        }
      })
      const read = (file) => (fs.existsSync(path.join(out, file)) ? fs.readFileSync(path.join(out, file), 'utf8').split('\n').filter(Boolean) : [])
      return { result, build, before, after: builderCacheBytes(builder, buildEnv), image: read('result'), runId: read('run-id')[0], env: buildEnv }
    }
    const mountStep = /\[work \d+\/\d+\] RUN --mount=type=cache/

    const first = await mountJob(`${id}-1`)
    expect(first.result.status).toBe('success')
    expect(first.build.ok).toBe(true)
    expect(first.runId).toBe(`${id}-1`)
    expect(first.image).toEqual(['miss', '20000000'])

    const container = containerId(node(builder))
    const second = await mountJob(`${id}-2`, { 'builder-max-size': '5MB' })
    expect(second.result.status).toBe('success')
    expect(second.result.main.stdout).toMatch(/how\s+attached/)
    expect(containerId(node(builder))).toBe(container)
    expect(second.build.ok).toBe(true)
    expect(stepCached(second.build.output, mountStep)).toEqual({ found: true, cached: false })
    expect(second.runId).toBe(`${id}-2`)
    expect(second.image).toEqual(['hit', '20000000'])

    // The budget: 5MB is below what the builder holds with the 20 MB mount; post prunes, the mount goes with the rest.
    expect(second.result.post.warnings).toEqual([])
    console.log(
      `cache mount: 20.0 MB kept from job 1 to job 2 (${second.image[0]}); builder cache before post ${(second.before / 1e6).toFixed(1)} MB, after ${(second.after / 1e6).toFixed(1)} MB (builder-max-size 5MB)`
    )
    expect(second.before).toBeGreaterThan(20e6)
    expect(second.after).toBeLessThanOrEqual(5e6)
  })

  test('fresh-build for repository A: no step cached, its scope replaced and promoted; B, its builder and its store untouched, and B stays warm', async () => {
    // One volume for both repositories, as a runner host shares it (main uses no store where volume-path does not exist).
    const volume = path.join(work, 'fresh')
    fs.mkdirSync(volume)
    const [a, b] = [repo('fresh-a'), repo('fresh-b')]
    const [dirA, dirB] = [project('fresh-a'), project('fresh-b')]
    const firsts = {}
    for (const [name, dir] of [
      [a, dirA],
      [b, dirB]
    ]) {
      const first = await job({ volume, name, project: dir })
      expect(first.job.status).toBe('success')
      expect(first.build.ok).toBe(true)
      expect(scopeEntry(volume, name)).toBeDefined()
      firsts[name] = first
    }
    const entryA = scopeEntry(volume, a)
    const filesB = storeFiles(volume, b)
    const indexB = fs.readFileSync(path.join(volume, b, 'index.json'))
    const containerB = containerId(node(`cachekeeper-${b}`))
    expect(containerB).toBeDefined()
    const cacheB = builderCacheBytes(`cachekeeper-${b}`, firsts[b].env)

    const fresh = await job({ volume, name: a, project: dirA, inputs: { 'fresh-build': 'true' } })
    expect(fresh.job.status).toBe('success')
    expect(fresh.job.main.warnings.filter((w) => w.startsWith('fresh-build'))).toEqual([])
    expect(fresh.job.main.stdout).toMatch(/fresh-build\s+cache cleared/)
    expect(fresh.outputs['cache-from']).toBe('')
    expect(lines(fresh.outputs['cache-to'])).toHaveLength(1)
    expect(fresh.build.ok).toBe(true)
    expect(fresh.build.steps).toBeGreaterThan(0)
    expect(fresh.build.cached).toBe(0)
    expect(fresh.build.output).not.toMatch(/^#\d+ CACHED/m)
    const replaced = scopeEntry(volume, a)
    expect(replaced.digest).not.toBe(entryA.digest)
    // Promoted: post says so, the new manifest is in the store's blobs and every blob it names is there.
    expect(fresh.job.post.stdout).toMatch(/^\s*promoted\s+main: [1-9]\d* new blobs/m)
    const manifest = JSON.parse(fs.readFileSync(path.join(volume, a, 'blobs', 'sha256', replaced.digest.replace('sha256:', '')), 'utf8'))
    for (const child of [...(manifest.manifests ?? []), ...(manifest.layers ?? []), ...(manifest.config ? [manifest.config] : [])]) {
      expect(fs.statSync(path.join(volume, a, 'blobs', 'sha256', child.digest.replace('sha256:', ''))).size).toBe(child.size)
    }

    expect(containerId(node(`cachekeeper-${b}`))).toBe(containerB)
    expect(fs.readFileSync(path.join(volume, b, 'index.json')).equals(indexB)).toBe(true)
    expect(storeFiles(volume, b)).toEqual(filesB)
    expect(builderCacheBytes(`cachekeeper-${b}`, firsts[b].env)).toBe(cacheB)

    const warmB = await job({ volume, name: b, project: dirB })
    expect(warmB.job.status).toBe('success')
    expect(warmB.job.main.stdout).toMatch(/how\s+attached/)
    expect(containerId(node(`cachekeeper-${b}`))).toBe(containerB)
    expect(warmB.build.steps).toBeGreaterThan(0)
    expect(warmB.build.cached).toBe(warmB.build.steps)
    console.log(
      `fresh-build: A ${fresh.build.cached}/${fresh.build.steps} CACHED, scope main ${entryA.digest.slice(7, 19)} -> ${replaced.digest.slice(7, 19)}; B afterwards ${warmB.build.cached}/${warmB.build.steps} CACHED, ${Object.keys(filesB).length} store files unchanged`
    )
  })

  test("post reports each build's cached steps (row and steps-cached output) where buildx keeps build history, and nothing where it does not", async () => {
    const name = repo('steps')
    const volume = path.join(work, 'steps')
    const dir = project('steps')
    const cold = await job({ volume, name, project: dir })
    const warm = await job({ volume, name, project: dir })
    for (const result of [cold, warm]) {
      expect(result.job.status).toBe('success')
      expect(result.build.ok).toBe(true)
    }
    expect(warm.build.cached).toBe(warm.build.steps)
    const minor = clientMinor({ ...process.env, ...jobContainer() })
    if (minor >= 29) {
      const parse = (result) => {
        const output = /^(\d+)\/(\d+)$/.exec(result.job.post.outputs['steps-cached'] ?? '')
        expect(output).not.toBeNull()
        const [cached, total] = [Number(output[1]), Number(output[2])]
        expect(result.job.post.stdout).toContain('Persistent builder steps')
        expect(result.job.post.stdout).toMatch(new RegExp(`^\\s*build 1\\b.*\\s${cached} of ${total} steps cached$`, 'm'))
        return { cached, total }
      }
      const [before, after] = [parse(cold), parse(warm)]
      console.log(
        `steps-cached (buildx 0.${minor}): cold ${before.cached}/${before.total}, warm ${after.cached}/${after.total}; CACHED in the log ${cold.build.cached}/${cold.build.steps}, ${warm.build.cached}/${warm.build.steps}`
      )
      // BuildKit counts every vertex of the build (context, metadata, the cache export of a job that writes the store), so M is not the log's step count;
      // the cached ones are exactly the log's CACHED steps.
      const cachedInLog = (output) => new Set([...output.matchAll(/^#(\d+) CACHED/gm)].map((match) => match[1])).size
      expect(before.cached).toBe(0)
      expect(before.cached).toBe(cachedInLog(cold.build.output))
      expect(after.cached).toBe(cachedInLog(warm.build.output))
      expect(after.cached).toBeGreaterThanOrEqual(warm.build.steps)
      expect(after.total).toBeGreaterThan(after.cached)
    } else {
      for (const result of [cold, warm]) {
        expect(result.job.post.outputs['steps-cached']).toBeUndefined()
        expect(result.job.post.stdout).not.toContain('Persistent builder steps')
        expect(result.job.post.stdout).not.toMatch(/steps cached/)
      }
      console.log(`steps-cached (buildx 0.${minor}): no row, no output; CACHED in the log ${warm.build.cached}/${warm.build.steps}`)
    }
  })

  test("host-min-free: the builder's own GC policy carries the floor; past it BuildKit prunes its cache below the reserve by itself, before post; with the default 20% it keeps it", async () => {
    // No store (volume-path does not exist): post's host pass then has nothing to evict, so only BuildKit's own GC can shrink the builder.
    const volume = path.join(work, 'floor-no-volume')
    const maxSize = 100e6
    const reserve = maxSize / 10
    // The free share BuildKit's GC sees: statfs of its root in the node container (Docker's disk), free blocks as it counts them (Bfree: total - used).
    const freeShare = (builder) => {
      const [, total, used] = run('docker', ['exec', node(builder), 'df', '-P', '-k', '/var/lib/buildkit'])
        .stdout.trim()
        .split('\n')
        .pop()
        .split(/\s+/)
      return (Number(total) - Number(used)) / Number(total)
    }
    const context = (label, files) => {
      const dir = path.join(work, `floor-${label}`)
      fs.mkdirSync(dir, { recursive: true })
      for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content)
      return dir
    }
    // FROM scratch: no base image to pull. Six COPY layers of 5 MB each, and the context that holds them: about 60 MB of cache in records of 5 MB and less.
    const layers = ['a', 'b', 'c', 'd', 'e', 'f']
    const bigFiles = Object.fromEntries(layers.map((layer) => [`${layer}.bin`, randomBytes(5e6)]))
    const bigDockerfile = ['FROM scratch', ...layers.map((layer) => `COPY ${layer}.bin /`)].join('\n') + '\n'
    const gcJob = async (label, floor) => {
      const name = repo(label)
      const big = context(`${label}-big`, { Dockerfile: bigDockerfile, ...bigFiles })
      const tiny = context(`${label}-tiny`, { Dockerfile: 'FROM scratch\nCOPY tiny.txt /\n', 'tiny.txt': `${id}-${label}` })
      const env = { ...process.env, ...jobContainer() }
      const seen = { samples: [] }
      const inputs = { 'volume-path': volume, 'repo-name': name, 'persistent-builder': 'true', 'builder-driver-opts': driverOpts, 'builder-max-size': '100MB' }
      const result = await runJob({
        inputs: { ...inputs, ...(floor ? { 'host-min-free': floor } : {}) },
        env,
        event: eventFor('push'),
        steps: async (outputs) => {
          seen.config = run('docker', ['exec', node(outputs.builder), 'cat', '/etc/buildkit/buildkitd.toml']).stdout
          // What BuildKit made of it: buildx 0.13 prints the policy's reserve as "Keep Bytes" (the same field), later ones as "Reserved space".
          seen.inspect = run('docker', ['buildx', 'inspect', outputs.builder], { env }).stdout
          seen.freeShare = freeShare(outputs.builder)
          const build = await buildx(big, { args: ['--builder', outputs.builder], env })
          seen.before = builderCacheBytes(outputs.builder, env)
          // BuildKit runs its GC a second after each build, at most once a minute (control.go throttledGC): a tiny build asks for one
          // now that the big one's records are released, and it runs within 61 s. Post has not run yet: only BuildKit prunes meanwhile.
          const asked = await buildx(tiny, { args: ['--builder', outputs.builder], env })
          const started = Date.now()
          while (Date.now() - started < 75e3) {
            await sleep(2000)
            const bytes = builderCacheBytes(outputs.builder, env)
            seen.samples.push(`${Math.round((Date.now() - started) / 1000)}s ${(bytes / 1e6).toFixed(1)}`)
            if (floor && bytes <= reserve) break
          }
          seen.after = builderCacheBytes(outputs.builder, env)
          seen.seconds = (Date.now() - started) / 1000
          return { ok: build.ok && asked.ok }
        }
      })
      return { ...seen, result }
    }

    const [floored, control] = await Promise.all([gcJob('floor', '99%'), gcJob('nofloor')])
    for (const { result } of [floored, control]) {
      expect(result.status).toBe('success')
      expect(warnings(result.main)).toEqual([])
    }
    expect(floored.result.main.stdout).toContain('and 99% of its disk free (buildkitd GC policy)')
    expect(control.result.main.stdout).toContain('and 20% of its disk free (buildkitd GC policy)')
    for (const [job, floor] of [
      [floored, '"99%"'],
      [control, '"20%"']
    ]) {
      for (const setting of ['all = true', `keepBytes = ${maxSize}`, `maxUsedSpace = ${maxSize}`, `reservedSpace = ${reserve}`, `minFreeSpace = ${floor}`])
        expect(job.config).toMatch(new RegExp(`^\\s*${setting}$`, 'm'))
      // BuildKit took reservedSpace (10 MB) as the policy's reserve, not keepBytes (100 MB): the floor can act.
      expect(job.inspect).toMatch(/^\s*(?:Keep Bytes|Reserved space):\s*9\.537MiB$/m)
      // Both builders start past the reserve and within builder-max-size: only the floor can take them down.
      expect(job.before).toBeGreaterThan(50e6)
      expect(job.before).toBeLessThan(maxSize)
    }
    // The disk is below the 99% floor and above the default 20% one (else the control proves nothing).
    expect(floored.freeShare).toBeLessThan(0.98)
    expect(control.freeShare).toBeGreaterThan(0.21)
    const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`
    console.log(
      `host-min-free: Docker's disk ${(floored.freeShare * 100).toFixed(0)}% free (as BuildKit counts it). Floor 99%: builder cache ${mb(floored.before)} -> ${mb(floored.after)} ` +
        `${floored.seconds.toFixed(0)} s after the last build, by BuildKit's own GC (reserve ${mb(reserve)}; du in MB: ${floored.samples.join(', ')}). ` +
        `Default 20%: ${mb(control.before)} -> ${mb(control.after)} after ${control.seconds.toFixed(0)} s`
    )
    expect(floored.after).toBeLessThanOrEqual(reserve)
    // The control keeps its cache (the tiny build adds a few bytes).
    expect(control.after).toBeGreaterThanOrEqual(control.before * 0.99)
  })

  test("reset --builder from a host whose buildx has no record of the builder: A's whole cache pruned (its next job has no step cached), the host's current builder unchanged; B's builder keeps its cache and B's next job is warm", async () => {
    // No store (volume-path does not exist): only the builders carry the cache, so a CACHED step can only come from one.
    const volume = path.join(work, 'reset-no-volume')
    const [a, b] = [repo('reset-a'), repo('reset-b')]
    const [builderA, builderB] = [`cachekeeper-${a}`, `cachekeeper-${b}`]
    const [dirA, dirB] = [project('reset-a'), project('reset-b')]
    const firsts = {}
    for (const [name, dir] of [
      [a, dirA],
      [b, dirB]
    ]) {
      const first = await job({ volume, name, project: dir })
      expect(first.job.status).toBe('success')
      expect(first.outputs['cache-from']).toBe('')
      expect(first.build.ok).toBe(true)
      firsts[name] = first
    }
    expect(fs.existsSync(volume)).toBe(false)
    const [containerA, containerB] = [containerId(node(builderA)), containerId(node(builderB))]
    expect(containerA).toBeDefined()
    expect(containerB).toBeDefined()
    const cacheA = builderCacheBytes(builderA, firsts[a].env)
    const cacheB = builderCacheBytes(builderB, firsts[b].env)
    expect(cacheA).toBeGreaterThan(5e6)
    expect(cacheB).toBeGreaterThan(5e6)

    // The runner host: a buildx configuration that never saw either builder, its current builder the default one.
    const host = jobContainer()
    run('docker', ['buildx', 'use', 'default'], { env: { ...process.env, ...host } })
    const currentFile = path.join(host.BUILDX_CONFIG, 'current')
    const current = fs.readFileSync(currentFile)
    const outerCurrent = currentBuilder(process.env)
    expect(currentBuilder({ ...process.env, ...host })).toBe('default')

    const dry = cli(['reset', '--volume', volume, '--repo', a, '--builder', '--dry-run'], host)
    expect([dry.status, dry.stderr]).toEqual([0, ''])
    expect(dry.stdout).toContain(`builder ${builderA}: would prune its whole cache`)
    expect(builderCacheBytes(builderA, firsts[a].env)).toBe(cacheA)

    const reset = cli(['reset', '--volume', volume, '--repo', a, '--builder'], host)
    expect([reset.status, reset.stderr]).toEqual([0, ''])
    expect(reset.stdout).toContain(`${a}: no store at ${path.join(volume, a)}; only the builder is reset`)
    expect(reset.stdout).toMatch(new RegExp(`^builder ${builderA}: pruned its whole cache`, 'm'))
    // Pruned in place: the same container, its cache gone; buildx's record made on the host, which still builds on its own default.
    expect(containerId(node(builderA))).toBe(containerA)
    const afterA = builderCacheBytes(builderA, firsts[a].env)
    expect(afterA).toBeLessThan(cacheA / 10)
    expect(fs.existsSync(path.join(host.BUILDX_CONFIG, 'instances', builderA))).toBe(true)
    expect(fs.existsSync(path.join(host.BUILDX_CONFIG, 'instances', builderB))).toBe(false)
    expect(fs.readFileSync(currentFile).equals(current)).toBe(true)
    expect(currentBuilder({ ...process.env, ...host })).toBe('default')
    expect(currentBuilder(process.env)).toBe(outerCurrent)
    // B: same container, same cache.
    expect(containerId(node(builderB))).toBe(containerB)
    expect(builderCacheBytes(builderB, firsts[b].env)).toBe(cacheB)

    const coldA = await job({ volume, name: a, project: dirA })
    expect(coldA.job.status).toBe('success')
    expect(coldA.job.main.stdout).toMatch(/how\s+attached/)
    expect(containerId(node(builderA))).toBe(containerA)
    expect(coldA.build.ok).toBe(true)
    expect(coldA.build.steps).toBeGreaterThan(0)
    expect(coldA.build.cached).toBe(0)
    expect(coldA.build.output).not.toMatch(/^#\d+ CACHED/m)

    const warmB = await job({ volume, name: b, project: dirB })
    expect(warmB.job.status).toBe('success')
    expect(warmB.job.main.stdout).toMatch(/how\s+attached/)
    expect(containerId(node(builderB))).toBe(containerB)
    expect(warmB.build.steps).toBeGreaterThan(0)
    expect(warmB.build.cached).toBe(warmB.build.steps)
    console.log(
      `reset --builder: ${builderA} cache ${(cacheA / 1e6).toFixed(1)} MB -> ${(afterA / 1e6).toFixed(1)} MB (${/pruned its whole cache \((.*)\)$/m.exec(reset.stdout)?.[1] ?? 'no total'}); next A job ${coldA.build.cached}/${coldA.build.steps} CACHED; ${builderB} kept ${(cacheB / 1e6).toFixed(1)} MB, next B job ${warmB.build.cached}/${warmB.build.steps} CACHED`
    )
  })

  test('host-max-size: three persistent builders whose caches together exceed it; after post their sum is within it, the least recently used pruned first, the builder the job builds on untouched', async () => {
    // One volume (a real folder) with a store per repository: post runs its host pass only in local modes with a store, after its own
    // promotion, and host-max-size covers the stores and the builders alike, so what is kept within it is both: the stores' blobs plus
    // each builder's cache as `docker buildx du` totals it. host-min-free 1% in every job keeps the floor out of it: each builder's GC
    // policy gets that floor at creation (BuildKit prunes nothing by itself), and only host-max-size makes post evict.
    const volume = path.join(work, 'host-budget')
    fs.mkdirSync(volume)
    const labels = ['host-a', 'host-b', 'host-c']
    const names = labels.map((label) => repo(label))
    const builders = names.map((name) => `cachekeeper-${name}`)
    const [builderA, builderB, builderC] = builders
    const dirs = labels.map((label) => scratchProject(`${label}-project`, 6))
    const inputs = { 'builder-max-size': '1GiB', 'host-min-free': '1%' }
    const record = (builder) => readJson(volume, '.builders', `${builder}.json`)
    // A, then B, then C: A is the least recently used. Each first job measures its new builder in post (no measurement recorded yet: budgetCheckDue).
    const envs = {}
    for (const [i, name] of names.entries()) {
      const first = await job({ volume, name, project: dirs[i], inputs })
      expect(first.job.status).toBe('success')
      expect(first.build.ok).toBe(true)
      expect(warnings(first.job.post)).toEqual([])
      expect(record(builders[i]).cacheBytes).toBeGreaterThan(30e6)
      envs[builders[i]] = first.env
    }
    const records = Object.fromEntries(builders.map((builder) => [builder, record(builder)]))
    expect(records[builderA].lastUsedMs).toBeLessThan(records[builderB].lastUsedMs)
    expect(records[builderB].lastUsedMs).toBeLessThan(records[builderC].lastUsedMs)
    // What post's host pass counts: each store's usage record and each builder's recorded cache; host-max-size is half of A's builder below it.
    // The 4th job's build adds to C what its record does not say (a new job container's buildx uploads the context again: a new
    // snapshot in the builder); the host pass measures C afresh once past the budget, so A must give way for that too, and alone can.
    const recordedStores = names.reduce((sum, name) => sum + readJson(volume, name, '.meta', 'usage.json').bytes, 0)
    const recordedBuilders = builders.reduce((sum, builder) => sum + records[builder].cacheBytes, 0)
    const over = Math.round(records[builderA].cacheBytes / 2)
    const hostMax = recordedStores + recordedBuilders - over

    // A 4th job, C's again: its build lands on builder C (nothing new: every step cached), then post keeps the host within hostMax.
    const env = jobContainer()
    const buildEnv = { ...process.env, ...env }
    const du = (builder) => builderCacheBytes(builder, envs[builder])
    const before = {}
    let build
    const fourth = await runJob({
      inputs: {
        'volume-path': volume,
        'repo-name': names[2],
        'persistent-builder': 'true',
        'builder-driver-opts': driverOpts,
        ...inputs,
        'host-max-size': `${hostMax}B`
      },
      env,
      event: eventFor('push'),
      steps: async (outputs) => {
        build = await buildx(dirs[2], {
          cacheFrom: lines(outputs['cache-from']),
          cacheTo: lines(outputs['cache-to']),
          args: ['--builder', outputs.builder],
          env: buildEnv
        })
        for (const builder of builders) before[builder] = du(builder)
        return { ok: build.ok }
      }
    })
    const after = Object.fromEntries(builders.map((builder) => [builder, du(builder)]))
    const stores = names.reduce((sum, name) => sum + storeBlobBytes(volume, name), 0)
    const log = fourth.post.stdout
    const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`
    console.log(
      `host budget: host-max-size ${hostMax}B (${mb(hostMax)}; recorded stores ${mb(recordedStores)} + builders ${mb(recordedBuilders)}, less ${mb(over)}). ` +
        `du before/after post: ${builders.map((builder, i) => `${'ABC'[i]} ${mb(before[builder])} -> ${mb(after[builder])} (recorded ${mb(records[builder].cacheBytes)})`).join(', ')}; ` +
        `stores ${mb(stores)}; stores + builders after ${mb(stores + Object.values(after).reduce((sum, bytes) => sum + bytes, 0))}.\n` +
        [...log.matchAll(/^(?:Host budget: .*|\s*host\s+all caches .*)$/gm)].map((match) => match[0].trim()).join('\n')
    )
    expect(fourth.status).toBe('success')
    expect(build.ok).toBe(true)
    expect(build.cached).toBe(build.steps)
    // C's store is held only to what the disk could give it (host-max-size here): what the others hold is the host pass's to weigh, not C's.
    expect(warnings(fourth.post)).toEqual([])
    expect(log).toMatch(/^max-size \S+ is held to \S+: host-max-size and host-min-free on the volume's disk leave no more$/m)
    // Before post the host was past its budget: the real figure, not only the records.
    const beforeTotal = stores + builders.reduce((sum, builder) => sum + before[builder], 0)
    expect(beforeTotal).toBeGreaterThan(hostMax)
    // After post: stores and builders together within host-max-size.
    expect(stores + builders.reduce((sum, builder) => sum + after[builder], 0)).toBeLessThanOrEqual(hostMax)
    // Least recently used first: A pruned (down to what the plan asked), B never reached; C, the builder the job builds on, untouched.
    expect(log).toMatch(new RegExp(`^Host budget: pruned builder ${builderA} from \\S+ to \\S+$`, 'm'))
    expect(log).not.toMatch(new RegExp(`pruned builder (?:${builderB}|${builderC})`))
    expect(log).not.toMatch(/^Host budget: evicted scope/m)
    expect(after[builderA]).toBeLessThan(before[builderA])
    // Down to what the plan asked: A's record less the overage, C counted as the host pass measured it (and recorded it).
    expect(record(builderC).cacheBytes).toBe(before[builderC])
    expect(before[builderC]).toBeGreaterThan(records[builderC].cacheBytes)
    expect(after[builderA]).toBeLessThanOrEqual(records[builderA].cacheBytes - over - (before[builderC] - records[builderC].cacheBytes))
    expect(after[builderB]).toBe(before[builderB])
    expect(after[builderC]).toBe(before[builderC])
    // A's record holds what the prune left; being pruned is not being used: its last use stays.
    expect(record(builderA).cacheBytes).toBe(after[builderA])
    expect(record(builderA).lastUsedMs).toBe(records[builderA].lastUsedMs)
  })
})
