// Real-engine helpers shared by the engine-backed tests, the demo and the benchmarks.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export const BASE_IMAGE = process.env.BASE_IMAGE ?? 'cachekeeper-busybox:latest'

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ input?: string, allowFailure?: boolean, env?: NodeJS.ProcessEnv }} [options]
 */
export function run(command, args, { input, allowFailure = false, env } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', input, env, maxBuffer: 64 * 1024 * 1024 })
  if (!allowFailure && result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr || result.error?.message}`)
  }
  return result
}

/** Throws (never skips) when no engine with buildx answers: the engine-backed suites must fail loudly. */
export function ensureEngine(env = process.env) {
  const info = run('docker', ['info', '--format', '{{.ServerVersion}}'], { allowFailure: true, env })
  if (info.status !== 0) {
    throw new Error(
      `No Docker engine is reachable (${(info.stderr || info.error?.message || '').trim()}). ` +
        'Run `bash scripts/engine.sh` (installs Debian docker.io, buildx and the registry, then starts them).'
    )
  }
  const buildx = run('docker', ['buildx', 'version'], { allowFailure: true })
  if (buildx.status !== 0) throw new Error('docker buildx is missing: run `bash scripts/engine.sh`')
  const image = run('docker', ['image', 'inspect', BASE_IMAGE], { allowFailure: true })
  if (image.status !== 0) throw new Error(`base image ${BASE_IMAGE} is missing: run \`bash scripts/engine.sh\``)
  return { engine: info.stdout.trim(), buildx: buildx.stdout.trim() }
}

/** Empties the builder's own cache, so a CACHED step afterwards can only come from an imported cache. */
export function pruneBuilderCache() {
  run('docker', ['buildx', 'prune', '-af'])
}

/**
 * Writes a multi-stage project. `layers` are [name, megabytes] of random
 * (incompressible) data; `nonce` changes every step's cache key, `bust`
 * changes only the step of the named layer, `fail` makes the last step fail.
 * `base` is the FROM image (a docker-container builder reads it from a registry).
 */
export function writeProject(
  dir,
  {
    nonce = 'n0',
    layers = [
      ['deps', 4],
      ['app', 2]
    ],
    bust = {},
    fail = false,
    base = BASE_IMAGE
  } = {}
) {
  fs.mkdirSync(dir, { recursive: true })
  const stages = [`FROM ${base} AS base`, `RUN echo ${nonce} > /nonce`]
  for (const [name, megabytes] of layers) {
    stages.push(`RUN echo ${bust[name] ?? 0} > /${name}.v && dd if=/dev/urandom of=/${name}.bin bs=1M count=${megabytes} 2>/dev/null`)
  }
  stages.push('FROM base AS build', 'RUN cat /*.v > /build.txt && wc -c /*.bin >> /build.txt')
  stages.push(`FROM ${base}`, 'COPY --from=build /build.txt /build.txt', 'RUN cat /build.txt')
  if (fail) stages.push('RUN echo this step fails && false')
  fs.writeFileSync(path.join(dir, 'Dockerfile'), stages.join('\n') + '\n')
  return dir
}

/** Counts the build's cacheable steps (RUN/COPY/ADD) and how many of them were CACHED. */
export function countSteps(output) {
  const steps = new Set()
  const cached = new Set()
  for (const line of output.split('\n')) {
    const step = /^#(\d+) \[[^\]]*\d+\/\d+\] (RUN|COPY|ADD) /.exec(line)
    if (step) steps.add(step[1])
    const hit = /^#(\d+) CACHED/.exec(line)
    if (hit) cached.add(hit[1])
  }
  return { steps: steps.size, cached: [...steps].filter((id) => cached.has(id)).length }
}

/**
 * `docker buildx build` with each cache entry as its own flag, as docker/build-push-action passes them; `env` replaces the client's environment (a job's DOCKER_CONFIG).
 * @param {string} context
 * @param {{ cacheFrom?: string[], cacheTo?: string[], args?: string[], env?: NodeJS.ProcessEnv }} [options]
 */
export function buildx(context, { cacheFrom = [], cacheTo = [], args = [], env } = {}) {
  const argv = ['buildx', 'build', '--progress=plain', '--output', 'type=cacheonly', ...args]
  for (const entry of cacheFrom) argv.push('--cache-from', entry)
  for (const entry of cacheTo) argv.push('--cache-to', entry)
  argv.push(context)
  return new Promise((resolve) => {
    const started = process.hrtime.bigint()
    const child = spawn('docker', argv, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      resolve({ ok: code === 0, code, output, seconds, exportSeconds: exportSeconds(output), ...countSteps(output) })
    })
  })
}

/** Seconds BuildKit reports for the cache export step (`#N exporting cache ...` ... `#N DONE x.ys`). */
export function exportSeconds(output) {
  const step = /^#(\d+) exporting cache/m.exec(output)
  if (!step) return 0
  const done = new RegExp(`^#${step[1]} DONE ([0-9.]+)s`, 'm').exec(output)
  return done ? Number(done[1]) : 0
}

/** Total bytes of regular files under a folder (what the cache costs on disk; hard links counted once). */
export function diskUsage(dir) {
  const seen = new Set()
  let bytes = 0
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const file = path.join(current, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.isFile()) {
        const stat = fs.statSync(file)
        if (!seen.has(stat.ino)) bytes += stat.size
        seen.add(stat.ino)
      }
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return bytes
}

/** Steps of one bake target (`#N [target k/n] RUN ...`) and how many of them were CACHED. */
export function countTargetSteps(output, target) {
  const steps = new Set()
  const cached = new Set()
  const step = new RegExp(`^#(\\d+) \\[${target} [^\\]]*\\d+/\\d+\\] (RUN|COPY|ADD) `)
  for (const line of output.split('\n')) {
    const match = step.exec(line)
    if (match) steps.add(match[1])
    const hit = /^#(\d+) CACHED/.exec(line)
    if (hit) cached.add(hit[1])
  }
  return { steps: steps.size, cached: [...steps].filter((id) => cached.has(id)).length }
}

/**
 * Writes a bake project: one Dockerfile per target, each with its own steps
 * (a nonce per target, so no step is shared between them), and a
 * docker-bake.hcl whose targets export nothing but their cache.
 */
export function writeBakeProject(dir, { nonce = 'n0', targets = ['api', 'worker'], megabytes = 2 } = {}) {
  fs.mkdirSync(dir, { recursive: true })
  const hcl = [`group "default" {\n  targets = [${targets.map((t) => `"${t}"`).join(', ')}]\n}`]
  for (const target of targets) {
    const dockerfile = [
      `FROM ${BASE_IMAGE}`,
      `RUN echo ${nonce}-${target} > /nonce && dd if=/dev/urandom of=/${target}.bin bs=1M count=${megabytes} 2>/dev/null`,
      `RUN wc -c /${target}.bin > /${target}.txt`,
      `RUN cat /nonce /${target}.txt`
    ]
    fs.writeFileSync(path.join(dir, `Dockerfile.${target}`), dockerfile.join('\n') + '\n')
    hcl.push(`target "${target}" {\n  dockerfile = "Dockerfile.${target}"\n  output = ["type=cacheonly"]\n}`)
  }
  fs.writeFileSync(path.join(dir, 'docker-bake.hcl'), hcl.join('\n') + '\n')
  return dir
}

let bakeHasAllow
/**
 * Whether this buildx client's bake takes `--allow` (0.29 does, and refuses a
 * local cache folder outside the working directory without `fs=`; 0.13 has no such flag).
 */
export function bakeTakesAllow() {
  bakeHasAllow ??= /--allow\b/.test(run('docker', ['buildx', 'bake', '--help']).stdout)
  return bakeHasAllow
}

/**
 * `docker buildx bake` in the project folder with the given files, as docker/bake-action runs it.
 * @param {string} dir
 * @param {{ files?: string[], targets?: string[], args?: string[] }} [options]
 */
export function bake(dir, { files = ['docker-bake.hcl'], targets = [], args = [] } = {}) {
  const argv = ['buildx', 'bake', '--progress=plain', ...files.flatMap((file) => ['-f', file]), ...args, ...targets]
  return new Promise((resolve) => {
    const child = spawn('docker', argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let stdout = ''
    child.stdout.on('data', (chunk) => ((output += chunk), (stdout += chunk)))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ ok: code === 0, code, output, stdout }))
  })
}
