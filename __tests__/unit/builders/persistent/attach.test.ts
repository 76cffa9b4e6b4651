import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { builderContainer } from '../../../../src/builders/buildx-names.js'
import { attachBuilder } from '../../../../src/builders/persistent/attach.js'
import { isCurrentAlready } from '../../../../src/builders/persistent/buildx-config.js'
import { createDigest } from '../../../../src/builders/persistent/buildx-record.js'
import { builderConfig } from '../../../../src/builders/persistent/gc-config.js'
import { parseRecord } from '../../../../src/builders/persistent/record.js'
import { readNodeRecord } from '../../../../src/builders/persistent/records-io.js'
import { silentLogger } from '../../../../src/log.js'
import {
  bootstrap,
  create,
  day,
  fakeDocker,
  instanceJson,
  now,
  options,
  ready,
  record,
  running,
  tempVolume,
  type Scene
} from '../../../../__fixtures__/persistent-builder.js'

describe('attachBuilder', () => {
  // buildx's record is made and the node's state read at once; the bootstrap follows unless the node runs and its BuildKit is recorded.
  test.each([
    ['first job on the host', { known: false, container: false }, 'created', [running, create, bootstrap]],
    ['a new job container, builder running, nothing recorded', { known: false, container: true }, 'attached', [running, create, bootstrap]],
    ['the job container that made it', { known: true, container: true }, 'attached', [running, create, bootstrap]],
    [
      'a stopped node container that will not start',
      { known: true, container: true, running: false, broken: 1 },
      'recreated',
      [
        running,
        create,
        bootstrap,
        running,
        'buildx rm cachekeeper-app',
        'rm -f buildx_buildkit_cachekeeper-app0',
        'volume rm -f buildx_buildkit_cachekeeper-app0_state',
        create,
        bootstrap
      ]
    ],
    [
      'a running node whose bootstrap timed out (busy with another job): tried again, never removed',
      { known: true, container: true, broken: 1 },
      'attached',
      [running, create, bootstrap, running, bootstrap]
    ],
    [
      'another job made the container meanwhile (name conflict): attached to it',
      { known: false, container: false, conflict: true },
      'attached',
      [running, create, bootstrap, bootstrap]
    ]
  ])('%s: %s', async (_label, scene, how, calls) => {
    const volume = tempVolume()
    const docker = fakeDocker(scene)
    const result = await attachBuilder(docker.cli, options(volume), silentLogger)
    expect(result).toEqual(ready(how))
    expect(docker.calls).toEqual(calls)
    const saved = parseRecord(fs.readFileSync(path.join(volume, '.builders', 'cachekeeper-app.json'), 'utf8'))
    expect(saved).toEqual({ name: 'cachekeeper-app', repoName: 'app', lastUsedMs: now, maxAgeMs: 14 * day, driverOpts: ['network=host'], buildkit: 'v0.32.2' })
    fs.rmSync(volume, { recursive: true })
  })

  test.each([
    ['running, its BuildKit recorded: no bootstrap', { known: false, container: true }, 'attached', [running, create]],
    ['stopped, its BuildKit recorded: bootstrapped', { known: true, container: true, running: false }, 'attached', [running, create, bootstrap]],
    ['gone, its BuildKit recorded: bootstrapped (made again)', { known: true, container: false }, 'created', [running, create, bootstrap]]
  ])('a later job, node %s', async (_label, scene, how, calls) => {
    const volume = tempVolume()
    await attachBuilder(fakeDocker().cli, options(volume), silentLogger)
    const docker = fakeDocker(scene)
    const result = await attachBuilder(docker.cli, options(volume, { now: now + 1000 }), silentLogger)
    expect(result).toEqual(ready(how))
    expect(docker.calls).toEqual(calls)
    expect(parseRecord(fs.readFileSync(path.join(volume, '.builders', 'cachekeeper-app.json'), 'utf8'))).toMatchObject({
      lastUsedMs: now + 1000,
      buildkit: 'v0.32.2'
    })
    fs.rmSync(volume, { recursive: true })
  })

  test.each([
    ['create fails', { createFails: true }, /docker buildx create: ERROR: failed to find driver/],
    [
      'a stopped node keeps failing',
      { known: true, container: true, running: false, broken: 2 },
      /docker buildx inspect --bootstrap: ERROR: failed to bootstrap/
    ],
    [
      'a running node keeps failing',
      { known: true, container: true, broken: 2 },
      /buildx_buildkit_cachekeeper-app0 is running .* did not answer \(ERROR: failed to bootstrap: buildkitd exited\); it is left alone/
    ]
  ])('%s: unavailable, never thrown, no record', async (_label, scene, reason) => {
    const volume = tempVolume()
    const docker = fakeDocker(scene)
    const result = await attachBuilder(docker.cli, options(volume), silentLogger)
    expect(result.state).toBe('unavailable')
    expect(result.state === 'unavailable' && result.reason).toMatch(reason)
    expect(fs.existsSync(path.join(volume, '.builders', 'cachekeeper-app.json'))).toBe(false)
    if ((scene as Scene).running !== false) expect(docker.calls.filter((call) => /^(rm|buildx rm|volume rm)\b/.test(call))).toEqual([])
    fs.rmSync(volume, { recursive: true })
  })

  test('a volume path that cannot be written: unavailable, not thrown', async () => {
    const volume = tempVolume()
    fs.writeFileSync(path.join(volume, 'file'), '')
    const result = await attachBuilder(fakeDocker().cli, options(path.join(volume, 'file')), silentLogger)
    expect(result.state).toBe('unavailable')
    fs.rmSync(volume, { recursive: true })
  })

  test.each([
    ['node running, its BuildKit recorded: not a docker call besides the state check', { known: true, container: true }, [running], false],
    ['node stopped: bootstrapped, no create', { known: true, container: true, running: false }, [running, bootstrap], false],
    [
      "node stopped and buildx's record gone after all (bootstrap finds none): made, and current",
      { known: false, container: true, running: false },
      [running, bootstrap, create, bootstrap],
      true
    ]
  ])("this job's buildx folder already holds the builder's record, %s", async (_label, scene, calls, current) => {
    const volume = tempVolume()
    await attachBuilder(fakeDocker().cli, options(volume), silentLogger)
    const docker = fakeDocker(scene)
    const result = await attachBuilder(docker.cli, options(volume, { buildxKnows: true }), silentLogger)
    expect(result).toEqual(ready('attached', current))
    expect(docker.calls).toEqual(calls)
    fs.rmSync(volume, { recursive: true })
  })

  describe("a new buildx configuration (a new job container) and buildx's record kept from the create that made the builder", () => {
    const withBuildxFolder = async (work: (folder: string) => Promise<void>) => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'buildx-'))
      const saved = { BUILDX_CONFIG: process.env.BUILDX_CONFIG, DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONTEXT: process.env.DOCKER_CONTEXT }
      process.env.BUILDX_CONFIG = folder
      delete process.env.DOCKER_HOST
      delete process.env.DOCKER_CONTEXT
      try {
        await work(folder)
      } finally {
        for (const [name, value] of Object.entries(saved))
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        fs.rmSync(folder, { recursive: true, force: true })
      }
    }
    /** The first job: its create writes buildx's record, which attach keeps in the builder's record. */
    const firstJob = async (volume: string) =>
      withBuildxFolder(async () => {
        await attachBuilder(fakeDocker().cli, options(volume), silentLogger)
      })
    const recordOf = (volume: string) => parseRecord(fs.readFileSync(path.join(volume, '.builders', 'cachekeeper-app.json'), 'utf8'))

    test('the create that made the builder is kept with its options', async () => {
      const volume = tempVolume()
      await firstJob(volume)
      expect(recordOf(volume)?.buildx).toEqual({ json: instanceJson('cachekeeper-app'), madeWith: createDigest(['network=host'], undefined) })
      fs.rmSync(volume, { recursive: true })
    })

    test('the same options: written back and made current, no buildx create', async () => {
      const volume = tempVolume()
      await firstJob(volume)
      await withBuildxFolder(async (folder) => {
        const docker = fakeDocker({ known: true, container: true })
        const result = await attachBuilder(docker.cli, options(volume), silentLogger)
        expect(result).toEqual(ready('attached'))
        expect(docker.calls).toEqual([running])
        expect(fs.readFileSync(path.join(folder, 'instances', 'cachekeeper-app'), 'utf8')).toBe(instanceJson('cachekeeper-app'))
        expect(isCurrentAlready('cachekeeper-app', { BUILDX_CONFIG: folder })).toBe(true)
        expect(recordOf(volume)?.buildx?.json).toBe(instanceJson('cachekeeper-app'))
        // buildx's own files are its user's alone, as buildx writes them.
        expect(fs.statSync(path.join(folder, 'instances', 'cachekeeper-app')).mode & 0o777).toBe(0o600)
      })
      fs.rmSync(volume, { recursive: true })
    })

    test.each([
      ['other driver-opts', { driverOpts: ['network=host', 'image=moby/buildkit:v0.33.1'] }, {}],
      ['another buildkitd.toml', { buildkitdConfig: '[worker.oci]\n  gc = false\n' }, {}],
      ["another job's Docker endpoint", {}, { DOCKER_HOST: 'tcp://127.0.0.1:2375' }]
    ])('%s: buildx create runs, as without a record', async (_label, extra, env) => {
      const volume = tempVolume()
      await firstJob(volume)
      await withBuildxFolder(async (folder) => {
        Object.assign(process.env, env)
        const docker = fakeDocker({ known: false, container: true })
        await attachBuilder(docker.cli, options(volume, extra), silentLogger)
        expect(docker.calls.filter((call) => call.startsWith('buildx create'))).toHaveLength(1)
        expect(fs.existsSync(path.join(folder, 'current'))).toBe(false)
      })
      fs.rmSync(volume, { recursive: true })
    })

    /** buildx's record as a planter on the shared volume (or in the node container) rewrites it, madeWith left as this job's inputs make it. */
    const planted = (change: (node: Record<string, unknown>, instance: Record<string, unknown>) => void) => {
      const instance = JSON.parse(instanceJson('cachekeeper-app')) as Record<string, unknown> & { Nodes: Array<Record<string, unknown>> }
      change(instance.Nodes[0], instance)
      return { json: JSON.stringify(instance), madeWith: createDigest(['network=host'], undefined) }
    }
    const plantings: Array<[string, ReturnType<typeof planted>]> = [
      ["the planter's image in driver-opts", planted((node) => (node.DriverOpts = { network: 'host', image: 'evil.example/buildkit:pwn' }))],
      ['an extra buildkitd flag', planted((node) => (node.Flags = ['--allow-insecure-entitlement=network.host', '--oci-worker-snapshotter=native']))],
      ["the planter's buildkitd.toml", planted((node) => (node.Files = { 'buildkitd.toml': Buffer.from('debug = true\n').toString('base64') }))],
      ['another driver', planted((node, instance) => ((instance.Driver = 'remote'), (node.Endpoint = 'tcp://evil.example:1234')))]
    ]

    test.each(plantings)('a volume record with %s is refused: buildx create runs from the inputs', async (_label, buildx) => {
      const volume = tempVolume()
      await firstJob(volume)
      fs.writeFileSync(path.join(volume, '.builders', 'cachekeeper-app.json'), JSON.stringify({ ...recordOf(volume), buildx }))
      await withBuildxFolder(async (folder) => {
        const infos: string[] = []
        const docker = fakeDocker({ known: false, container: true })
        await attachBuilder(docker.cli, options(volume), { ...silentLogger, info: (m) => infos.push(m) })
        expect(docker.calls).toContain(create)
        expect(fs.readFileSync(path.join(folder, 'instances', 'cachekeeper-app'), 'utf8')).toBe(instanceJson('cachekeeper-app'))
        expect(infos.join('\n')).toMatch(/not restored/)
      })
      fs.rmSync(volume, { recursive: true })
    })

    test.each(plantings)('a node-container record with %s is refused: buildx create runs from the inputs', async (_label, buildx) => {
      await withBuildxFolder(async (folder) => {
        // buildx would find whatever was written back: only the check stands between the planted record and the job.
        const docker = fakeDocker({ known: true, container: true })
        const node = { ...record('cachekeeper-app', 0), driverOpts: ['network=host'], buildkit: 'v0.32.2', buildx }
        docker.state.nodeRecords.set(builderContainer('cachekeeper-app'), JSON.stringify(node))
        await attachBuilder(docker.cli, options('', { volumePath: undefined }), silentLogger)
        expect(docker.calls).toContain(create)
        expect(fs.readFileSync(path.join(folder, 'instances', 'cachekeeper-app'), 'utf8')).toBe(instanceJson('cachekeeper-app'))
      })
    })

    test('a node-container record as the create made it is restored (no buildx create)', async () => {
      await withBuildxFolder(async (folder) => {
        const docker = fakeDocker({ known: true, container: true })
        const buildx = { json: instanceJson('cachekeeper-app'), madeWith: createDigest(['network=host'], undefined) }
        docker.state.nodeRecords.set(
          builderContainer('cachekeeper-app'),
          JSON.stringify({ ...record('cachekeeper-app', 0), driverOpts: ['network=host'], buildx })
        )
        await attachBuilder(docker.cli, options('', { volumePath: undefined }), silentLogger)
        expect(docker.calls.filter((call) => call.startsWith('buildx create'))).toEqual([])
        expect(fs.readFileSync(path.join(folder, 'instances', 'cachekeeper-app'), 'utf8')).toBe(instanceJson('cachekeeper-app'))
      })
    })

    test("a record that is not this builder's (hand-edited) is not written", async () => {
      const volume = tempVolume()
      await firstJob(volume)
      const record = recordOf(volume)!
      const file = path.join(volume, '.builders', 'cachekeeper-app.json')
      fs.writeFileSync(file, JSON.stringify({ ...record, buildx: { ...record.buildx, json: instanceJson('cachekeeper-other') } }))
      await withBuildxFolder(async (folder) => {
        const docker = fakeDocker({ known: false, container: true })
        await attachBuilder(docker.cli, options(volume), silentLogger)
        expect(docker.calls).toContain(create)
        expect(fs.readFileSync(path.join(folder, 'instances', 'cachekeeper-app'), 'utf8')).toBe(instanceJson('cachekeeper-app'))
      })
      fs.rmSync(volume, { recursive: true })
    })
  })

  test('an existing builder keeps the driver options it was made with, and the job is told', async () => {
    const volume = tempVolume()
    await attachBuilder(fakeDocker().cli, options(volume), silentLogger)
    const infos: string[] = []
    await attachBuilder(fakeDocker({ container: true }).cli, options(volume, { driverOpts: ['network=bridge'] }), {
      ...silentLogger,
      info: (m) => infos.push(m)
    })
    expect(infos.join('\n')).toMatch(/builder-driver-opts differ .*network=host/)
    expect(parseRecord(fs.readFileSync(path.join(volume, '.builders', 'cachekeeper-app.json'), 'utf8'))?.driverOpts).toEqual(['network=host'])
    fs.rmSync(volume, { recursive: true })
  })
})

describe('without a persistent volume (Docker keeps the lock and the record)', () => {
  test('a first job creates the builder with its GC config, takes no lock file and records its use in the node container', async () => {
    const docker = fakeDocker()
    const config = builderConfig(undefined, 2e9).text
    const result = await attachBuilder(docker.cli, options('', { volumePath: undefined, buildkitdConfig: config }), silentLogger)
    expect(result).toMatchObject({ state: 'ready', how: 'created' })
    const made = docker.calls.find((call) => call.startsWith('buildx create')) ?? ''
    expect(made).toMatch(/--driver-opt network=host --buildkitd-config \S+buildkitd\.toml --use$/)
    // buildx keeps its own copy: the temp file is gone after create.
    expect(fs.existsSync(made.split(' ').at(-2) ?? '')).toBe(false)
    expect(parseRecord(docker.state.nodeRecords.get('buildx_buildkit_cachekeeper-app0') ?? '')).toMatchObject({ name: 'cachekeeper-app', lastUsedMs: now })
    expect(await readNodeRecord(docker.cli, 'cachekeeper-app')).toMatchObject({ repoName: 'app', driverOpts: ['network=host'] })
  })

  test('attach returns the record it wrote, BuildKit included, for post to write back: the next job then skips the bootstrap', async () => {
    const docker = fakeDocker()
    const result = await attachBuilder(docker.cli, options('', { volumePath: undefined }), silentLogger)
    expect(result).toMatchObject({ state: 'ready', record: { name: 'cachekeeper-app', buildkit: 'v0.32.2', driverOpts: ['network=host'] } })
    const volume = tempVolume()
    const withVolume = await attachBuilder(fakeDocker().cli, options(volume), silentLogger)
    expect(withVolume).toMatchObject({ state: 'ready', record: { buildkit: 'v0.32.2' } })
    fs.rmSync(volume, { recursive: true })
  })

  test('a bootstrap that loses the race for the container name attaches to the winner', async () => {
    const docker = fakeDocker({ known: true, conflict: true })
    expect(await attachBuilder(docker.cli, options('', { volumePath: undefined }), silentLogger)).toMatchObject({ state: 'ready', how: 'attached' })
    expect(docker.calls.filter((call) => /^(rm|buildx rm|volume rm)\b/.test(call))).toEqual([])
  })
})
