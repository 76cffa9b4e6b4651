// The persistent builder on the real engine, as far as CI can have it: no
// BuildKit image for the docker-container driver can be pulled here, so
// `docker buildx create/inspect/rm` of cachekeeper-* builders go to a
// recording stand-in (__fixtures__/stand-in/docker) that plays buildx
// with real node containers, and builds and the budget prune go to the real
// `default` builder. What is real: the bundles, the engine, the containers
// and volumes, the lock, `docker buildx prune` with this buildx's budget flag,
// and the failure path through the real buildx. The same mode against a real
// BuildKit: persistent-builder-buildkit.engine.test.mjs (session-only).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { builderName, createBuilder, removeQuietly } from '../../scripts/lib/builders.mjs'
import { buildx, ensureEngine, run, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { containerId, newJobContainerEnv, removeNode } from '../../scripts/lib/persistent.mjs'
import { eventFor, runJob } from '../../scripts/lib/runner-emulation.mjs'
import { standInJobContainer } from '../lib/stand-in.mjs'

const id = randomBytes(3).toString('hex')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'persistent-'))
const made = { builders: [], containers: [], volumes: [], dirs: [work] }
const day = 24 * 3600e3

/** Unique per run, so the suite only ever touches builders it made. */
function repo(label) {
  const name = `ckt-${label}-${id}`
  made.builders.push(`cachekeeper-${name}`)
  return name
}

/** A new job container (fresh buildx configuration) whose `docker` is the recording stand-in. */
function standInEnv(log, extra = {}) {
  const { dir, env } = standInJobContainer(log, extra)
  made.dirs.push(dir)
  return env
}

function job({ volume, name, project, log, inputs = {}, env = standInEnv(log) }) {
  // A volume-path that exists is the host's persistent store; one that does not (named `*-absent` here) means none: the builder alone keeps the cache.
  if (!volume.endsWith('-absent')) fs.mkdirSync(volume, { recursive: true })
  return buildJob({
    volume,
    project,
    event: eventFor('push'),
    inputs: { 'repo-name': name, 'persistent-builder': 'true', 'builder-driver-opts': 'network=host', ...inputs },
    env,
    buildEnv: { ...process.env, ...env }
  })
}

/** A persistent volume-path (a folder that exists); without one the builder runs on its own (tests below). */
function volumeDir(label) {
  const dir = path.join(work, label)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

// The suite's volumes are plain folders, not mounts: that warning is expected and not about the builder.
const warnings = (phase) => phase.warnings.filter((warning) => !warning.includes('Mount a volume there'))
const calls = (log) => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [])
const nodes = (name) =>
  run('docker', ['ps', '-a', '--filter', `name=^buildx_buildkit_${name}0$`, '--format', '{{.Names}}'])
    .stdout.split('\n')
    .filter(Boolean)
let budgetFlag

beforeAll(() => {
  ensureEngine()
  const help = run('docker', ['buildx', 'prune', '--help']).stdout
  budgetFlag = help.includes('--reserved-space') ? '--reserved-space' : '--keep-storage'
})

afterAll(() => {
  for (const builder of made.builders) removeNode(builder)
  removeQuietly(made.containers, made.volumes)
  for (const dir of made.dirs) fs.rmSync(dir, { recursive: true, force: true })
})

describe('persistent builder on the real engine (buildx create/inspect/rm by a recording stand-in)', () => {
  test('two jobs in a row, each in a new job container: one node container serves both; pre with a tiny builder-max-age keeps it', async () => {
    const name = repo('row')
    const builder = `cachekeeper-${name}`
    const volume = volumeDir('row')
    const project = writeProject(path.join(work, 'row-project'), { nonce: id })
    const log1 = path.join(work, 'row-1.log')

    const first = await job({ volume, name, project, log: log1 })
    expect(first.job.status).toBe('success')
    expect(warnings(first.job.main)).toEqual([])
    expect(first.outputs.builder).toBe(builder)
    expect(first.build.ok).toBe(true)
    const node = containerId(`buildx_buildkit_${builder}0`)
    expect(node).toBeDefined()
    // buildx's record is made beside the node check; the first job bootstraps the node (and records its BuildKit).
    expect(calls(log1).filter((line) => /^buildx (create|inspect|rm)/.test(line))).toEqual([
      expect.stringMatching(new RegExp(`^buildx create --name ${builder} --driver docker-container --driver-opt network=host --buildkitd-config \\S+ --use$`)),
      `buildx inspect --bootstrap ${builder}`
    ])
    expect(calls(log1).some((line) => line.startsWith(`buildx build `) && line.includes(`--builder ${builder}`))).toBe(true)
    // Within builder-max-size: one du, no prune (nor its --help).
    expect(calls(log1)).toContain(`buildx du --builder ${builder}`)
    expect(calls(log1).filter((line) => line.startsWith('buildx prune'))).toEqual([])
    expect(first.job.post.stdout).toContain(`Builder ${builder} within 10GiB: nothing to reclaim`)
    expect(first.job.post.warnings).toEqual([])
    const record = JSON.parse(fs.readFileSync(path.join(volume, '.builders', `${builder}.json`), 'utf8'))
    expect(record).toMatchObject({ name: builder, repoName: name, driverOpts: ['network=host'], maxAgeMs: 14 * day })

    await sleep(1500)
    const log2 = path.join(work, 'row-2.log')
    const second = await job({ volume, name, project, log: log2, inputs: { 'builder-max-age': '1s', 'builder-driver-opts': 'network=bridge' } })
    expect(second.job.status).toBe('success')
    expect(second.outputs.builder).toBe(builder)
    expect(containerId(`buildx_buildkit_${builder}0`)).toBe(node)
    expect(nodes(builder)).toHaveLength(1)
    expect(second.job.pre.stdout).not.toContain(builder)
    expect(second.build.cached).toBe(second.build.steps)
    // The new job container has no buildx record: it makes one; the node runs and its BuildKit is recorded, so no bootstrap.
    expect(calls(log2).filter((line) => /^buildx (create|inspect|rm)/.test(line))).toEqual([
      expect.stringMatching(new RegExp(`^buildx create --name ${builder} --driver docker-container --driver-opt network=bridge --buildkitd-config \\S+ --use$`))
    ])
    // That create made it current (--use): no `buildx use` after it.
    expect(calls(log2).filter((line) => line.startsWith('buildx use'))).toEqual([])
    expect(second.job.main.stdout).toMatch(/builder-driver-opts differ from those the builder was made with \(network=host\)/)
    expect(second.job.main.stdout).toMatch(/how\s+attached/)
  })

  test('two first jobs at once: one node container, both green, one builder name', async () => {
    const name = repo('pair')
    const builder = `cachekeeper-${name}`
    const volume = volumeDir('pair')
    const project = writeProject(path.join(work, 'pair-project'), { nonce: id })
    const [a, b] = await Promise.all([
      job({ volume, name, project, log: path.join(work, 'pair-a.log') }),
      job({ volume, name, project, log: path.join(work, 'pair-b.log') })
    ])
    for (const result of [a, b]) {
      expect(result.job.status).toBe('success')
      expect(warnings(result.job.main)).toEqual([])
      expect(result.outputs.builder).toBe(builder)
    }
    expect(nodes(builder)).toEqual([`buildx_buildkit_${builder}0`])
    expect([a, b].map((r) => (/how\s+(\w+)/.exec(r.job.main.stdout) ?? [])[1]).sort()).toEqual(['attached', 'created'])
  })

  test('without a volume: two jobs in a row, each in a new job container, share one node container that keeps the record; the second build is warm', async () => {
    const name = repo('novol')
    const builder = `cachekeeper-${name}`
    const node = `buildx_buildkit_${builder}0`
    // volume-path does not exist (a job container without the volume mounted).
    const volume = path.join(work, 'novol-absent')
    const project = writeProject(path.join(work, 'novol-project'), { nonce: `${id}-novol` })
    const first = await job({ volume, name, project, log: path.join(work, 'novol-1.log') })
    expect(first.job.status).toBe('success')
    expect(warnings(first.job.main)).toEqual([])
    expect(first.outputs.builder).toBe(builder)
    expect(first.job.main.stdout).toContain('No local cache is exported or imported')
    expect([first.outputs['cache-from'], first.outputs['cache-to']]).toEqual(['', ''])
    expect(first.build.ok).toBe(true)
    const id1 = containerId(node)
    expect(id1).toBeDefined()
    expect(fs.existsSync(volume)).toBe(false)
    // Docker keeps what retirement needs: the record is in the node container.
    const record = JSON.parse(run('docker', ['exec', node, 'cat', '/cachekeeper-builder.json']).stdout)
    expect(record).toMatchObject({ name: builder, repoName: name, buildkit: 'stand-in', maxAgeMs: 14 * day })

    const log2 = path.join(work, 'novol-2.log')
    const second = await job({ volume, name, project, log: log2 })
    expect(second.job.status).toBe('success')
    expect(warnings(second.job.main)).toEqual([])
    expect(second.outputs.builder).toBe(builder)
    expect(containerId(node)).toBe(id1)
    expect(nodes(builder)).toHaveLength(1)
    expect(second.build.steps).toBeGreaterThan(0)
    expect(second.build.cached).toBe(second.build.steps)
    expect(second.job.main.stdout).toMatch(/how\s+attached/)
    // The record read from the node names its BuildKit: the new job container makes buildx's record and skips the bootstrap.
    expect(calls(log2).some((line) => line.startsWith(`cp ${node}:/cachekeeper-builder.json `))).toBe(true)
    // create --use makes it current too: no buildx use follows.
    expect(calls(log2).filter((line) => /^buildx (create|inspect|rm|use)/.test(line))).toEqual([
      expect.stringMatching(new RegExp(`^buildx create --name ${builder} --driver docker-container --driver-opt network=host --buildkitd-config \\S+ --use$`))
    ])
    expect(fs.existsSync(volume)).toBe(false)
  })

  test("without a volume, two first jobs at once: Docker's one-container-per-name rule makes one node container, both green", async () => {
    const name = repo('novolpair')
    const builder = `cachekeeper-${name}`
    const volume = path.join(work, 'novolpair-absent')
    const project = writeProject(path.join(work, 'novolpair-project'), { nonce: `${id}-novolpair` })
    const [a, b] = await Promise.all([
      job({ volume, name, project, log: path.join(work, 'novolpair-a.log') }),
      job({ volume, name, project, log: path.join(work, 'novolpair-b.log') })
    ])
    for (const result of [a, b]) {
      expect(result.job.status).toBe('success')
      expect(warnings(result.job.main)).toEqual([])
      expect(result.outputs.builder).toBe(builder)
      expect(result.build.ok).toBe(true)
    }
    expect(nodes(builder)).toEqual([`buildx_buildkit_${builder}0`])
    // Without the lock, a job whose node check ran before the other's container existed says created even when its bootstrap
    // found that container: which job made it is not knowable here, only that there is one.
    expect([a, b].map((r) => (/how\s+(\w+)/.exec(r.job.main.stdout) ?? [])[1])).toContain('created')
    expect(fs.existsSync(volume)).toBe(false)
  })

  test("a build without --builder lands on the persistent builder: main makes it the job's current builder", async () => {
    const name = repo('current')
    const builder = `cachekeeper-${name}`
    const log = path.join(work, 'current.log')
    const env = standInEnv(log)
    const project = writeProject(path.join(work, 'current-project'), { nonce: `${id}-current` })
    const result = await runJob({
      inputs: { 'volume-path': path.join(work, 'current-absent'), 'repo-name': name, 'persistent-builder': 'true' },
      env,
      event: eventFor('push'),
      // As a workflow step that runs `docker buildx build` itself, in the job container's docker configuration.
      steps: async () => ({ ok: (await buildx(project, { env: { ...process.env, ...env } })).ok })
    })
    expect(result.status).toBe('success')
    expect(warnings(result.main)).toEqual([])
    expect(result.main.stdout).toMatch(/current builder\s+yes/)
    const build = calls(log).findIndex((line) => line.startsWith('buildx build '))
    expect(calls(log)[build]).not.toContain('--builder')
    expect(calls(log)[build + 1]).toBe(`stand-in: build on ${builder}`)
  })

  test('control: two bootstraps of a new builder without the lock collide on the container name', async () => {
    const builder = `cachekeeper-${repo('nolock')}`
    const attempt = async () => {
      const env = { ...process.env, ...standInEnv(path.join(work, 'nolock.log')) }
      run('docker', ['buildx', 'create', '--name', builder, '--driver', 'docker-container'], { env })
      return new Promise((resolve) => spawn('docker', ['buildx', 'inspect', '--bootstrap', builder], { env }).on('close', resolve))
    }
    const codes = await Promise.all([attempt(), attempt()])
    expect(codes.sort()).toEqual([0, 1])
  })

  test('a stopped node container that will not start is recreated; the job stays green', async () => {
    const name = repo('broken')
    const builder = `cachekeeper-${name}`
    // A node that exits at once: the stand-in's bootstrap starts it and finds no /ready in it.
    const broken = createBuilder('exited', `buildx_buildkit_${builder}0`)
    const before = containerId(broken)
    const volume = volumeDir('broken')
    const result = await job({ volume, name, project: writeProject(path.join(work, 'broken-project'), { nonce: id }), log: path.join(work, 'broken.log') })
    expect(result.job.status).toBe('success')
    expect(result.outputs.builder).toBe(builder)
    expect(warnings(result.job.main)).toEqual([expect.stringMatching(new RegExp(`Builder ${builder} did not start .*; recreating it`))])
    expect(containerId(broken)).not.toBe(before)
    expect(calls(path.join(work, 'broken.log'))).toContain(`buildx rm ${builder}`)
  })

  test('a running node container that does not answer is left alone (it may serve another job): a warning, empty builder, the build goes on', async () => {
    const name = repo('busy')
    const builder = `cachekeeper-${name}`
    // Running, but bootstrap never sees it answer: as a node busy with another job's build under load looks.
    const busy = createBuilder('running', `buildx_buildkit_${builder}0`)
    const before = containerId(busy)
    const log = path.join(work, 'busy.log')
    const result = await job({ volume: volumeDir('busy'), name, project: writeProject(path.join(work, 'busy-project'), { nonce: id }), log })
    expect(result.job.status).toBe('success')
    expect(result.outputs.builder ?? '').toBe('')
    expect(warnings(result.job.main)).toEqual([expect.stringMatching(new RegExp(`${builder} is not used for this build: .*is running .*left alone`))])
    expect(containerId(busy)).toBe(before)
    expect(calls(log).filter((line) => /^(buildx rm|rm|volume rm)\b/.test(line))).toEqual([])
  })

  test('no builder can be had (real buildx, an image that cannot be pulled): a warning, empty builder output, the build goes on', async () => {
    const name = repo('missing')
    const { dir, env } = newJobContainerEnv()
    made.dirs.push(dir)
    const result = await job({
      volume: volumeDir('missing'),
      name,
      project: writeProject(path.join(work, 'missing-project'), { nonce: id }),
      env,
      inputs: { 'builder-driver-opts': `image=cachekeeper-missing-${id}:none` }
    })
    expect(result.job.status).toBe('success')
    expect(result.outputs.builder).toBe('')
    expect(warnings(result.job.main).join('\n')).toMatch(new RegExp(`The persistent builder cachekeeper-${name} is not used for this build`))
    expect(result.build.ok).toBe(true)
    expect(result.outputs['cache-to']).not.toBe('')
    expect(result.job.post.warnings).toEqual([])
  })

  // The size bound itself is proven against a real docker-container builder (the session-only suite):
  // the docker driver counts a build's layers as shared with the engine's image store and sizes its
  // cache its own way, so here only the command is proven: accepted, run, and its result reported.
  test(`post runs the budget prune with this buildx's flag for real (docker driver)`, async () => {
    const name = repo('budget')
    const builder = `cachekeeper-${name}`
    const log = path.join(work, 'budget.log')
    const env = standInEnv(log)
    const project = writeProject(path.join(work, 'budget-project'), {
      nonce: `${id}-budget`,
      layers: [
        ['a', 6],
        ['b', 6],
        ['c', 6]
      ]
    })
    // A volume-path that exists: the store then keeps the copy and post's promotion table has the builder cache row.
    fs.mkdirSync(path.join(work, 'budget'), { recursive: true })
    const result = await runJob({
      inputs: { 'volume-path': volumeDir('budget'), 'repo-name': name, 'persistent-builder': 'true', 'builder-max-size': '8MB' },
      env,
      event: eventFor('push'),
      steps: async (outputs) => ({ ok: (await buildx(project, { args: ['--builder', outputs.builder], env: { ...process.env, ...env } })).ok })
    })
    expect(result.status).toBe('success')
    expect(calls(log)).toContain(`buildx prune --builder ${builder} --force --all ${budgetFlag} 8000000`)
    expect(result.post.stdout).toMatch(new RegExp(`Builder ${builder} within 7.6MiB \\(${budgetFlag}\\): \\S+ reclaimed`))
    // Post's table reports the builder's cache as `docker buildx du` measures it after the prune.
    expect(result.post.stdout).toMatch(/^\s+builder cache\s+\d+(\.\d)? ?(B|KiB|MiB|GiB) of 7\.6MiB builder-max-size \(\d+%\)$/m)
    expect(result.post.warnings).toEqual([])
  })

  test('pre removes only recorded builders of this action unused for their max-age; setup-buildx pruning never takes ours', async () => {
    const volume = path.join(work, 'retire')
    const records = path.join(volume, '.builders')
    fs.mkdirSync(records, { recursive: true })
    const old = `cachekeeper-${repo('old')}`
    const fresh = `cachekeeper-${repo('fresh')}`
    const unrecorded = `cachekeeper-${repo('unrecorded')}`
    const setupBuildx = builderName()
    for (const builder of [old, fresh, unrecorded]) createBuilder('running', `buildx_buildkit_${builder}0`)
    createBuilder('running', setupBuildx)
    made.containers.push(setupBuildx)
    made.volumes.push(`${setupBuildx}_state`)
    const write = (builder, idleDays) =>
      fs.writeFileSync(
        path.join(records, `${builder}.json`),
        JSON.stringify({ name: builder, repoName: builder.slice(12), lastUsedMs: Date.now() - idleDays * day, maxAgeMs: 14 * day, driverOpts: [] })
      )
    write(old, 20)
    write(fresh, 1)
    await sleep(1500)
    const result = await runJob({ inputs: { 'volume-path': volume, 'cache-mode': 'off', 'builder-max-age': '1s' }, event: eventFor('push') })
    expect(result.status).toBe('success')
    expect(result.pre.warnings).toEqual([])
    expect(result.pre.stdout).toContain(`removed unused persistent builder ${old}`)
    expect(result.pre.stdout).toContain(`removed container ${setupBuildx}`)
    expect(containerId(`buildx_buildkit_${old}0`)).toBeUndefined()
    expect(run('docker', ['volume', 'inspect', `buildx_buildkit_${old}0_state`], { allowFailure: true }).status).not.toBe(0)
    expect(fs.existsSync(path.join(records, `${old}.json`))).toBe(false)
    for (const builder of [fresh, unrecorded]) {
      expect([builder, containerId(`buildx_buildkit_${builder}0`) !== undefined]).toEqual([builder, true])
      expect(run('docker', ['volume', 'inspect', `buildx_buildkit_${builder}0_state`], { allowFailure: true }).status).toBe(0)
    }
    expect(fs.existsSync(path.join(records, `${fresh}.json`))).toBe(true)
  })
})
