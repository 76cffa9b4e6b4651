import { buildkitWarning, remoteCacheAdvice } from '../../src/builders/persistent/advice.js'
import { describe, expect, test } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { attachBuilder } from '../../src/builders/persistent/attach.js'
import { keepWithinBudget, pruneNeeded } from '../../src/builders/persistent/budget.js'
import { budgetFlag, clearCacheArgs, createArgs, inspectArgs, pruneArgs, useArgs } from '../../src/builders/persistent/buildx-args.js'
import {
  buildxConfigDir,
  buildxKnows,
  currentBuilderName,
  defaultEndpoint,
  isCurrentAlready,
  isCurrentBuilder
} from '../../src/builders/persistent/buildx-config.js'
import { isNameConflict, parseDuTotal, parseHistory, parseInspect } from '../../src/builders/persistent/buildx-output.js'
import { builderConfig, gcConfig, gcReserveBytes, minFreeSpaceValue } from '../../src/builders/persistent/gc-config.js'
import { builderContainer, builderStateVolume } from '../../src/builders/buildx-names.js'
import { builderOfNode, isPersistentBuilder, persistentBuilderName } from '../../src/builders/persistent/name.js'
import { builderRecord, readNodeRecord, touchRecord, writeNodeRecord } from '../../src/builders/persistent/records-io.js'
import { retireUnusedBuilders, retireUnusedNodeBuilders } from '../../src/builders/persistent/retire.js'
import {
  BUDGET_CHECK_INTERVAL_MS,
  budgetCheckDue,
  nodeRecordDue,
  NODE_RECORD_INTERVAL_MS,
  driverOptsNote,
  parseRecord,
  unusedBuilders,
  type BuilderRecord
} from '../../src/builders/persistent/record.js'
import { createDigest, driverOptsMap, restorableInstance, tomlEntries, type CreateInputs } from '../../src/builders/persistent/buildx-record.js'
import type { Backend } from '../../src/config/inputs.js'
import type { DockerCli } from '../../src/docker-cli.js'
import type { DiskSpace } from '../../src/config/disk-space.js'
import { isBuilderContainer } from '../../src/builders/select.js'
import { withDirLock } from '../../src/lock/dir-lock.js'
import { silentLogger } from '../../src/log.js'

/**
 * buildx 0.13.1's rewrite of builderConfig(undefined, 2 GiB) (the free-space floor included), as `docker buildx create
 * --buildkitd-config` kept it in instances/cachekeeper-app: Nodes[0].Files['buildkitd.toml'], byte for byte.
 */
const FLOOR_CONFIG_KEPT = Buffer.from(
  'Clt3b3JrZXJdCgogIFt3b3JrZXIub2NpXQogICAgZ2MgPSB0cnVlCiAgICBnY2tlZXBzdG9yYWdlID0gMjE0NzQ4MzY0OAoKICAgIFtbd29ya2VyLm9jaS5nY3BvbGljeV1dCiAgICAgIGFsbCA9IHRydWUKICAgICAga2VlcEJ5dGVzID0gMjE0NzQ4MzY0OAogICAgICBtYXhVc2VkU3BhY2UgPSAyMTQ3NDgzNjQ4CiAgICAgIG1pbkZyZWVTcGFjZSA9ICIyMCUiCiAgICAgIHJlc2VydmVkU3BhY2UgPSAyMTQ3NDgzNjQK',
  'base64'
).toString()

// buildx's own rule for instance names (store.ValidateName), and docker's for container names.
const BUILDX_NAME = /^[a-zA-Z][a-zA-Z0-9._-]*$/
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/

describe('persistentBuilderName', () => {
  test.each([
    ['app', 'cachekeeper-app'],
    ['my-app_2', 'cachekeeper-my-app_2'],
    ['builder-1', 'cachekeeper-builder-1']
  ])('%s -> %s (kept as is)', (repo, expected) => expect(persistentBuilderName(repo)).toBe(expected))

  test.each(['App', 'my.repo', 'a.b', 'a-b.', '_x', 'x'.repeat(100), '__', '1.0', 'A-'.repeat(30), 'builder-0000000a-aaaa-bbbb-cccc-000000000001'])(
    '%s: valid for buildx and docker, ours, not setup-buildx',
    (repo) => {
      const name = persistentBuilderName(repo)
      expect(name).toMatch(BUILDX_NAME)
      expect(name).toBe(name.toLowerCase())
      expect(builderStateVolume(name)).toMatch(CONTAINER_NAME)
      expect(isPersistentBuilder(name)).toBe(true)
      expect(isBuilderContainer(builderContainer(name))).toBe(false)
    }
  )

  test('repositories whose names clean up alike still get different builders', () => {
    const names = ['App', 'app.', 'a.pp', 'a-pp', 'a_pp', 'x'.repeat(60), 'x'.repeat(61)].map(persistentBuilderName)
    expect(new Set(names).size).toBe(names.length)
  })
})

describe('isPersistentBuilder', () => {
  test.each([
    ['cachekeeper-app', true],
    ['cachekeeper-', false],
    ['cachekeeper-App', false],
    ['cachekeeper-../x', false],
    ['builder-0000000a-aaaa-bbbb-cccc-000000000001', false],
    ['mybuilder', false]
  ])('%s -> %s', (name, expected) => expect(isPersistentBuilder(name)).toBe(expected))
})

describe("buildx's own records, read instead of asked", () => {
  test.each<[NodeJS.ProcessEnv, string]>([
    [{}, '/home/u/.docker/buildx'],
    [{ DOCKER_CONFIG: '/job/docker' }, '/job/docker/buildx'],
    [{ DOCKER_CONFIG: '/job/docker', BUILDX_CONFIG: '/job/buildx' }, '/job/buildx']
  ])('the buildx folder for %j', (env, dir) => expect(buildxConfigDir(env, '/home/u')).toBe(dir))

  test.each<[NodeJS.ProcessEnv, string | undefined]>([
    [{}, 'unix:///var/run/docker.sock'],
    [{ DOCKER_HOST: 'tcp://docker:2376' }, 'tcp://docker:2376'],
    [{ DOCKER_CONTEXT: 'remote' }, undefined]
  ])('the endpoint buildx keys the current builder by, for %j', (env, endpoint) => expect(defaultEndpoint(env)).toBe(endpoint))

  const sock = 'unix:///var/run/docker.sock'
  test.each<[string, string | undefined, string | undefined, boolean]>([
    ['names it for this endpoint', '{"Key":"unix:///var/run/docker.sock","Name":"cachekeeper-app","Global":false}', sock, true],
    ['names it for every endpoint', '{"Key":"tcp://other:2376","Name":"cachekeeper-app","Global":true}', sock, true],
    ['names the default builder', '{"Key":"unix:///var/run/docker.sock","Name":"","Global":false}', sock, false],
    ['names it for another endpoint', '{"Key":"tcp://other:2376","Name":"cachekeeper-app","Global":false}', sock, false],
    ['names it, but a docker context decides the endpoint', '{"Key":"unix:///var/run/docker.sock","Name":"cachekeeper-app"}', undefined, false],
    ['names another builder', '{"Key":"unix:///var/run/docker.sock","Name":"cachekeeper-other"}', sock, false],
    ['is absent', undefined, sock, false],
    ['is torn', '{"Key":"unix', sock, false]
  ])("buildx's current file %s: current %s", (_label, file, endpoint, current) => expect(isCurrentBuilder(file, 'cachekeeper-app', endpoint)).toBe(current))
})

describe("restorableInstance: only what this job's own create would make is written back", () => {
  // Records `docker buildx create` 0.13.1 wrote (instances/cachekeeper-app), from the GC config and from a config of the user's own.
  const fixture = (file: string) => fs.readFileSync(path.join('__fixtures__', 'buildx', '0.13.1', file), 'utf8')
  const gc = builderConfig(undefined, 2147483648).text
  const own = builderConfig(fixture('buildkitd-own.toml'), 2147483648).text
  const sock = 'unix:///var/run/docker.sock'
  const wanted: CreateInputs = { name: 'cachekeeper-app', endpoint: sock, driverOpts: ['network=host'], buildkitdConfig: gc }
  const ownWanted: CreateInputs = { ...wanted, driverOpts: ['image=moby/buildkit:v0.33.1', 'network=host'], buildkitdConfig: own }
  type Instance = { Name: unknown; Driver: unknown; Dynamic?: unknown; Nodes: Array<Record<string, unknown>> }
  const toml = (text: string) => ({ 'buildkitd.toml': Buffer.from(text).toString('base64') })
  /**
   * The GC-config record with `change` made to it (its node, and the whole record). The fixture was made by an older
   * release, without the free-space floor: its buildkitd.toml is the one buildx 0.13.1 keeps for today's (FLOOR_CONFIG_KEPT).
   */
  const gcRecord = (change: (node: Record<string, unknown>, instance: Instance) => void = () => {}) => {
    const instance = JSON.parse(fixture('instance-gc-config.json')) as Instance
    instance.Nodes[0].Files = toml(FLOOR_CONFIG_KEPT)
    change(instance.Nodes[0], instance)
    return JSON.stringify(instance)
  }
  const keptToml = FLOOR_CONFIG_KEPT
  const bare = JSON.stringify({
    Name: 'cachekeeper-app',
    Driver: 'docker-container',
    Nodes: [{ Name: 'cachekeeper-app0', Endpoint: sock, Platforms: null, DriverOpts: null, Flags: null, Files: null }],
    Dynamic: false
  })
  const bareWanted: CreateInputs = { ...wanted, driverOpts: [], buildkitdConfig: undefined }

  test.each<[string, string, CreateInputs, true | RegExp]>([
    ['the create with the GC config (buildx 0.13.1)', gcRecord(), wanted, true],
    // Its container keeps the old policy even so: a create on an existing node reuses it (attachBuilder), until it is made again.
    [
      "the create with an older release's GC config, without the free-space floor (buildx 0.13.1)",
      fixture('instance-gc-config.json'),
      wanted,
      /buildkitd\.toml/
    ],
    ["the create with an image and the user's own config (buildx 0.13.1)", fixture('instance-own-config.json'), ownWanted, true],
    ['no driver-opts, no config (buildx writes null)', bare, bareWanted, true],
    ['no flag (buildx 0.14+ when the config grants network.host)', gcRecord((node) => (node.Flags = null)), wanted, true],
    [
      'driver-opts given as one CSV option',
      fixture('instance-own-config.json'),
      { ...ownWanted, driverOpts: ['network=host,image=moby/buildkit:v0.33.1'] },
      true
    ],
    ['another image in driver-opts', gcRecord((node) => (node.DriverOpts = { network: 'host', image: 'evil.example/buildkit:pwn' })), wanted, /driver-opts/],
    [
      'a driver-opt the inputs do not give',
      gcRecord((node) => (node.DriverOpts = { network: 'host', 'env.BUILDKIT_STEP_LOG_MAX_SIZE': '1' })),
      wanted,
      /driver-opts/
    ],
    ['a driver-opt missing', gcRecord((node) => (node.DriverOpts = null)), wanted, /driver-opts/],
    ['an extra buildkitd flag', gcRecord((node) => (node.Flags = ['--allow-insecure-entitlement=network.host', '--debug'])), wanted, /flags/],
    ['another buildkitd flag', gcRecord((node) => (node.Flags = ['--config=/tmp/evil.toml'])), wanted, /flags/],
    ['another buildkitd.toml', gcRecord((node) => (node.Files = toml(keptToml.replaceAll('2147483648', '1')))), wanted, /buildkitd\.toml/],
    ['an empty GC policy added to it', gcRecord((node) => (node.Files = toml(keptToml + '\n    [[worker.oci.gcpolicy]]\n'))), wanted, /buildkitd\.toml/],
    ['a file beside buildkitd.toml', gcRecord((node) => (node.Files = { ...toml(keptToml), 'certs/x/ca.pem': 'eA==' })), wanted, /files/],
    ['a buildkitd.toml though the inputs give none', gcRecord(), { ...wanted, buildkitdConfig: undefined }, /files/],
    ['no buildkitd.toml though the inputs give one', gcRecord((node) => (node.Files = null)), wanted, /files/],
    ['another builder name', gcRecord((_node, instance) => (instance.Name = 'cachekeeper-other')), wanted, /names builder/],
    ['another node name', gcRecord((node) => (node.Name = 'cachekeeper-other0')), wanted, /node/],
    [
      'a second node',
      gcRecord((node, instance) => instance.Nodes.push({ ...node, Name: 'cachekeeper-app1', Endpoint: 'tcp://evil.example:2375' })),
      wanted,
      /one node/
    ],
    ['another driver', gcRecord((_node, instance) => (instance.Driver = 'remote')), wanted, /driver "remote"/],
    ['another endpoint', gcRecord((node) => (node.Endpoint = 'tcp://evil.example:2375')), wanted, /endpoint/],
    ['a dynamic builder', gcRecord((_node, instance) => (instance.Dynamic = true)), wanted, /dynamic/],
    ['platforms', gcRecord((node) => (node.Platforms = [{ architecture: 'amd64', os: 'linux' }])), wanted, /platforms/],
    ['a field buildx 0.13-0.36 does not write', gcRecord((node) => (node.Env = ['X=1'])), wanted, /not a node/],
    ['malformed JSON', '{"Name":"cachekeeper-app",', wanted, /not JSON/],
    ['JSON that is no record', '[]', wanted, /not a builder record/]
  ])('%s', (_label, json, inputs, expected) => {
    // madeWith as this job's inputs make it: a planter can compute it too, so the JSON itself is what is checked.
    const result = restorableInstance({ json, madeWith: createDigest(inputs.driverOpts, inputs.buildkitdConfig) }, inputs)
    if (expected === true) expect(result).toEqual({ ok: true, json })
    else expect(result).toEqual({ ok: false, reason: expect.stringMatching(expected) })
  })

  test('a record made with other inputs (madeWith), or none at all, is not restored', () => {
    const json = gcRecord()
    expect(restorableInstance({ json, madeWith: createDigest(['network=bridge'], gc) }, wanted)).toEqual({
      ok: false,
      reason: expect.stringMatching(/made with/)
    })
    expect(restorableInstance(undefined, wanted)).toEqual({ ok: false, reason: 'none kept' })
  })
})

describe('tomlEntries: a buildkitd.toml compared setting by setting', () => {
  const fixture = (file: string) => fs.readFileSync(path.join('__fixtures__', 'buildx', '0.13.1', file), 'utf8')
  const keptBy = (file: string) =>
    Buffer.from((JSON.parse(fixture(file)) as { Nodes: Array<{ Files: Record<string, string> }> }).Nodes[0].Files['buildkitd.toml'], 'base64').toString()

  test.each([
    ["the GC config and buildx 0.13.1's rewrite of it", builderConfig(undefined, 2147483648).text, FLOOR_CONFIG_KEPT],
    [
      "an older release's GC config (no floor) and buildx 0.13.1's rewrite of it",
      '[worker.oci]\n  gc = true\n  gckeepstorage = 2147483648\n\n[[worker.oci.gcpolicy]]\n  all = true\n  keepBytes = 2147483648\n',
      keptBy('instance-gc-config.json')
    ],
    ["a config of the user's own and buildx 0.13.1's rewrite of it", fixture('buildkitd-own.toml'), keptBy('instance-own-config.json')],
    ['literal and basic strings, a comment, a dotted key', "[a]\nb = 'x' # note\nc.d = [1, 2,]\n", '[a]\n  b = "x"\n\n[a.c]\n  d = [1, 2]\n']
  ])('%s: the same settings', (_label, given, kept) => {
    expect(tomlEntries(given)).toBeDefined()
    expect(tomlEntries(kept)).toEqual(tomlEntries(given))
  })

  test.each([
    ['another value', 'gc = true\n', 'gc = false\n'],
    ['a setting moved to another table', '[a]\nx = 1\n', '[b]\nx = 1\n'],
    ['a setting moved to another GC policy', '[[p]]\nx = 1\n[[p]]\ny = 2\n', '[[p]]\nx = 1\ny = 2\n[[p]]\n'],
    ['a string against a number', 'x = "1"\n', 'x = 1\n']
  ])('%s: different', (_label, a, b) => expect(tomlEntries(a)).not.toEqual(tomlEntries(b)))

  test.each([
    ['an escape', 'x = "a\\"b"\n'],
    ['a multi-line string', 'x = """\na\n"""\n'],
    ['an inline table', 'x = { a = 1 }\n'],
    ['a float', 'x = 1.5\n'],
    ['a date', 'x = 1979-05-27\n'],
    ['a multi-line array', 'x = [\n  1,\n]\n'],
    ['a string with a comma in an array', 'x = ["a,b"]\n'],
    ['a broken header', '[a]]\n'],
    ['a line that is no setting', 'just words\n']
  ])('%s: not read, so never taken as the same', (_label, text) => expect(tomlEntries(text)).toBeUndefined())
})

describe('driverOptsMap: builder-driver-opts as buildx stores them', () => {
  test.each<[string[], Record<string, string> | undefined]>([
    [[], {}],
    [['network=host'], { network: 'host' }],
    [['network=host,image=x'], { network: 'host', image: 'x' }],
    [['env.A=1', 'env.A=2'], { 'env.A': '2' }],
    [['image=r.example/b:v1=x'], { image: 'r.example/b:v1=x' }],
    [['env.A=a,b'], undefined],
    [['"env.A=a,b"'], undefined]
  ])('%j -> %j', (opts, map) => expect(driverOptsMap(opts)).toEqual(map))
})

describe('budgetCheckDue: whether post measures the builder cache this job', () => {
  const now = Date.parse('2026-11-23T12:00:00Z')
  const max = 10 * 1024 ** 3
  const fresh = { budgetCheckedMs: now - 60e3, cacheBytes: max / 2 }
  test.each<[string, { budgetCheckedMs?: number; cacheBytes?: number } | undefined, boolean]>([
    ['measured a minute ago at half the budget: not due', fresh, false],
    ['never measured', undefined, true],
    ['no size recorded', { budgetCheckedMs: now - 60e3 }, true],
    ['measured just under the interval ago', { ...fresh, budgetCheckedMs: now - BUDGET_CHECK_INTERVAL_MS + 1 }, false],
    ['measured the interval ago', { ...fresh, budgetCheckedMs: now - BUDGET_CHECK_INTERVAL_MS }, true],
    ['last found past 90% of the budget', { ...fresh, cacheBytes: max * 0.95 }, true],
    ['measured in the future (another clock)', { ...fresh, budgetCheckedMs: now + 60e3 }, true]
  ])('%s: %s', (_label, record, due) => expect(budgetCheckDue(record, max, now)).toBe(due))
})

describe("buildx's folder of this job, read", () => {
  test('its record of the builder, and which builder is current, with no docker call', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildx-'))
    const env = { BUILDX_CONFIG: dir }
    try {
      expect([buildxKnows('cachekeeper-app', env), currentBuilderName(env), isCurrentAlready('cachekeeper-app', env)]).toEqual([false, undefined, false])
      fs.mkdirSync(path.join(dir, 'instances'))
      fs.writeFileSync(path.join(dir, 'instances', 'cachekeeper-app'), '{}')
      fs.writeFileSync(path.join(dir, 'current'), '{"Key":"unix:///var/run/docker.sock","Name":"","Global":false}')
      expect([buildxKnows('cachekeeper-app', env), currentBuilderName(env), isCurrentAlready('cachekeeper-app', env)]).toEqual([true, undefined, false])
      fs.writeFileSync(path.join(dir, 'current'), '{"Key":"unix:///var/run/docker.sock","Name":"cachekeeper-app","Global":false}')
      expect([currentBuilderName(env), isCurrentAlready('cachekeeper-app', env)]).toEqual(['cachekeeper-app', true])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('argv', () => {
  test.each<[string, string[]]>([
    [JSON.stringify(createArgs('cachekeeper-app', [])), ['buildx', 'create', '--name', 'cachekeeper-app', '--driver', 'docker-container', '--use']],
    [
      JSON.stringify(createArgs('cachekeeper-app', ['image=r.example/moby/buildkit:v0.32.2', 'network=host'])),
      [
        'buildx',
        'create',
        '--name',
        'cachekeeper-app',
        '--driver',
        'docker-container',
        '--driver-opt',
        'image=r.example/moby/buildkit:v0.32.2',
        '--driver-opt',
        'network=host',
        '--use'
      ]
    ],
    [JSON.stringify(inspectArgs('cachekeeper-app', true)), ['buildx', 'inspect', '--bootstrap', 'cachekeeper-app']],
    [JSON.stringify(inspectArgs('cachekeeper-app', false)), ['buildx', 'inspect', 'cachekeeper-app']],
    [
      JSON.stringify(pruneArgs('cachekeeper-app', 10 * 1024 ** 3, '--keep-storage')),
      ['buildx', 'prune', '--builder', 'cachekeeper-app', '--force', '--all', '--keep-storage', '10737418240']
    ],
    [
      JSON.stringify(pruneArgs('cachekeeper-app', 1.5e6 + 0.5, '--reserved-space')),
      ['buildx', 'prune', '--builder', 'cachekeeper-app', '--force', '--all', '--reserved-space', '1500000']
    ]
  ])('%s', (actual, expected) => expect(JSON.parse(actual)).toEqual(expected))

  test('container and volume names follow buildx', () => {
    expect([builderContainer('cachekeeper-app'), builderStateVolume('cachekeeper-app')]).toEqual([
      'buildx_buildkit_cachekeeper-app0',
      'buildx_buildkit_cachekeeper-app0_state'
    ])
  })
})

describe('budgetFlag', () => {
  // Excerpts of `docker buildx prune --help` from Debian's buildx 0.13 and 0.29.
  const old = 'Options:\n  -a, --all                  Include internal/frontend images\n      --keep-storage bytes   Amount of disk space to keep for cache\n'
  const current =
    'Options:\n      --max-used-space bytes   Maximum amount of disk space allowed to\n      --min-free-space bytes   Target amount of free disk space after pruning\n      --reserved-space bytes   Amount of disk space always allowed to\n'
  test.each([
    ['buildx 0.13', old, '--keep-storage'],
    ['buildx 0.29', current, '--reserved-space'],
    ['no help text at all', '', '--keep-storage']
  ])('%s -> %s', (_label, help, expected) => expect(budgetFlag(help)).toBe(expected))
})

describe('parseDuTotal', () => {
  // The tail of `docker buildx du`, the same in buildx 0.13 and 0.29.
  test.each([
    ['Reclaimable:\t1.089MB\nTotal:\t\t1.089MB\n', 1_089_000],
    ['Total:\t\t24.58kB', 24_580],
    ['Total:\t0B', 0],
    ['Total:\t\t1.5GB\n', 1_500_000_000],
    ['ID\tRECLAIMABLE\tSIZE\n', undefined],
    ['Total:\tlots', undefined]
  ])('%j -> %s', (stdout, expected) => expect(parseDuTotal(stdout)).toBe(expected))
})

describe('parseInspect', () => {
  test.each([
    [
      'buildx 0.13',
      'Name:          cachekeeper-app\nDriver:        docker-container\n\nNodes:\nName:      cachekeeper-app0\nStatus:    running\nBuildkit:  v0.32.2\n',
      { driver: 'docker-container', status: 'running', buildkit: 'v0.32.2' }
    ],
    [
      'buildx 0.29',
      'Name:          cachekeeper-app\nDriver:        docker-container\nNodes:\nName:                  cachekeeper-app0\nStatus:                running\nBuildKit version:      v0.32.2\n',
      { driver: 'docker-container', status: 'running', buildkit: 'v0.32.2' }
    ],
    [
      'not started',
      'Name:   x\nDriver: docker-container\n\nNodes:\nName:   x0\nStatus: inactive\n',
      { driver: 'docker-container', status: 'inactive', buildkit: undefined }
    ],
    ['nothing', '', { driver: undefined, status: undefined, buildkit: undefined }]
  ])('%s', (_label, stdout, expected) => expect(parseInspect(stdout)).toEqual(expected))
})

describe('remoteCacheAdvice', () => {
  test.each<[string | undefined, Backend, boolean]>([
    ['v0.34.1', 'registry', true],
    ['v0.34.1', 'gha', true],
    ['v0.34.1', 'local+registry', true],
    ['v0.34.1', 'local', false],
    ['v0.35.0', 'registry', false],
    ['v0.36.0-rc1', 'gha', false],
    ['v0.35.0-rc2', 'gha', true],
    [undefined, 'registry', false]
  ])('BuildKit %s exporting %s: advice %s', (version, backend, advised) => {
    const advice = remoteCacheAdvice(version, backend)
    expect(advice !== undefined).toBe(advised)
    if (advice) expect(advice).toMatch(/v0\.35\.0 or later is recommended .*#7351.*#7364.*#7374/)
  })
})

describe('buildkitWarning', () => {
  test.each([
    ['v0.12.5', true],
    ['v0.32.2', true],
    ['v0.33.0', true],
    ['v0.33.1-rc1', true],
    ['v0.33.1', false],
    ['v0.33.2', false],
    ['v0.34.0-rc1', false],
    ['v1.0.0', false],
    ['0.13.2', true],
    ['stand-in', false],
    ['', false],
    [undefined, false]
  ])('%s -> warning %s', (version, warned) => {
    const warning = buildkitWarning(version)
    expect(warning !== undefined).toBe(warned)
    if (warning) expect(warning).toMatch(/older than v0\.33\.1: .*GHSA-p3rc-w3hc-pqvv.*moby\/buildkit#7047/)
  })
})

describe('isNameConflict', () => {
  test.each([
    [
      'ERROR: Error response from daemon: Conflict. The container name "/buildx_buildkit_cachekeeper-app0" is already in use by container "4f2c". You have to remove (or rename) that container to be able to reuse that name.',
      true
    ],
    ['ERROR: failed to bootstrap: container name "/buildx_buildkit_cachekeeper-app0" is already in use', true],
    ['ERROR: failed to bootstrap: buildkitd exited', false],
    ['ERROR: no builder "cachekeeper-app" found', false]
  ])('%s -> %s', (error, expected) => expect(isNameConflict(error)).toBe(expected))
})

const now = Date.parse('2026-11-25T12:00:00Z')
const day = 24 * 3600e3
const record = (name: string, idleDays: number, maxAgeDays = 14): BuilderRecord => ({
  name,
  repoName: name.slice(12),
  lastUsedMs: now - idleDays * day,
  maxAgeMs: maxAgeDays * day,
  driverOpts: []
})

describe('records', () => {
  test('unusedBuilders: past their own max-age, ours only', () => {
    const records = [record('cachekeeper-old', 15), record('cachekeeper-fresh', 1), record('cachekeeper-short', 2, 1), record('mybuilder', 100)]
    expect(unusedBuilders(records, now).map((r) => r.name)).toEqual(['cachekeeper-old', 'cachekeeper-short'])
  })

  test.each([
    ['a record', JSON.stringify(record('cachekeeper-app', 0)), true],
    ['a foreign name', JSON.stringify(record('buildx_buildkit_other', 0)), false],
    ['no lastUsedMs', JSON.stringify({ ...record('cachekeeper-app', 0), lastUsedMs: 'yesterday' }), false],
    ['broken JSON', '{"name":', false]
  ])('parseRecord: %s -> %s', (_label, text, ok) => expect(parseRecord(text) !== undefined).toBe(ok))

  test.each<[string[] | undefined, string[], boolean]>([
    [undefined, ['network=host'], false],
    [['network=host'], ['network=host'], false],
    [[], ['network=host'], true],
    [['image=a', 'network=host'], ['network=host', 'image=a'], true]
  ])('driverOptsNote %j -> %j: note %s', (recorded, wanted, noted) => expect(driverOptsNote(recorded, wanted) !== undefined).toBe(noted))
})

/**
 * A docker CLI that answers from a script of the builder's life: which
 * containers exist, whether buildx knows the builder in this job container,
 * whether bootstrap works. Records every argv.
 */
interface Scene {
  known?: boolean
  container?: boolean
  running?: boolean
  broken?: number
  conflict?: boolean
  createFails?: boolean
  help?: string
  /** What `buildx du` totals. */
  du?: string
}

function fakeDocker({
  known = false,
  container = false,
  running = container,
  broken = 0,
  conflict = false,
  createFails = false,
  help = '--keep-storage bytes',
  du = '20MB'
}: Scene = {}) {
  const calls: string[] = []
  const state = { known, container, running, broken, conflict, nodeRecords: new Map<string, string>() }
  const cli: DockerCli = async (args) => {
    calls.push(args.join(' '))
    const [a, b] = args
    if (a === 'container' && b === 'inspect') {
      if (!state.container) return { code: 1, stdout: '', stderr: 'Error: No such container' }
      return { code: 0, stdout: args[3] === '{{.State.Running}}' ? `${state.running}\n` : '/x\n', stderr: '' }
    }
    if (a === 'buildx' && b === 'inspect') {
      if (!state.known) return { code: 1, stdout: '', stderr: `ERROR: no builder "${args.at(-1)}" found` }
      if (state.conflict) {
        // Another job, outside the lock, made the node container while this bootstrap tried to.
        state.conflict = false
        state.container = true
        state.running = true
        const node = builderContainer(String(args.at(-1)))
        return {
          code: 1,
          stdout: '',
          stderr: `ERROR: Error response from daemon: Conflict. The container name "/${node}" is already in use by container "4f2c". You have to remove (or rename) that container to be able to reuse that name.`
        }
      }
      if (state.broken > 0) {
        state.broken--
        return { code: 1, stdout: '', stderr: 'ERROR: failed to bootstrap: buildkitd exited' }
      }
      state.container = true
      state.running = true
      return { code: 0, stdout: 'Driver: docker-container\nStatus: running\nBuildkit: v0.32.2\n', stderr: '' }
    }
    if (a === 'buildx' && b === 'create') {
      if (createFails) return { code: 1, stdout: '', stderr: 'ERROR: failed to find driver "docker-container"' }
      state.known = true
      // As buildx does: its record of the builder in the job's buildx folder (tests that read it set BUILDX_CONFIG).
      if (process.env.BUILDX_CONFIG) {
        fs.mkdirSync(path.join(process.env.BUILDX_CONFIG, 'instances'), { recursive: true })
        fs.writeFileSync(path.join(process.env.BUILDX_CONFIG, 'instances', args[3]), instanceJson(args[3]))
      }
      return { code: 0, stdout: args[3] + '\n', stderr: '' }
    }
    if (a === 'buildx' && b === 'rm') {
      state.known = false
      state.container = false
      state.running = false
      return { code: 0, stdout: '', stderr: '' }
    }
    if (a === 'cp') {
      // docker cp both ways: `<node>:/file <dir>` reads the record kept in the container, `<file> <node>:/file` writes it.
      const [from, to] = args.slice(1)
      if (from.includes(':')) {
        const text = state.nodeRecords.get(from.split(':')[0])
        if (text === undefined) return { code: 1, stdout: '', stderr: 'Error: Could not find the file' }
        fs.writeFileSync(path.join(to, 'cachekeeper-builder.json'), text)
        return { code: 0, stdout: '', stderr: '' }
      }
      if (!state.container) return { code: 1, stdout: '', stderr: 'Error: No such container' }
      state.nodeRecords.set(to.split(':')[0], fs.readFileSync(from, 'utf8'))
      return { code: 0, stdout: '', stderr: '' }
    }
    if (a === 'ps')
      return {
        code: 0,
        stdout: [...state.nodeRecords.keys(), 'buildx_buildkit_cachekeeper-norecord0', 'xbuildx_buildkit_cachekeeper-x0'].join('\n') + '\n',
        stderr: ''
      }
    if (a === 'rm' || a === 'volume') {
      if (a === 'rm') state.nodeRecords.delete(args[2])
      return { code: 0, stdout: '', stderr: '' }
    }
    if (a === 'buildx' && b === 'du') return { code: 0, stdout: `ID  RECLAIMABLE SIZE\nabc true 1MB\nReclaimable:\t${du}\nTotal:\t${du}\n`, stderr: '' }
    if (a === 'buildx' && b === 'prune' && args[2] === '--help') return { code: 0, stdout: help, stderr: '' }
    if (a === 'buildx' && b === 'prune') return { code: 0, stdout: 'ID  RECLAIMABLE SIZE\nabc true 1MB\nTotal:\t12.5MB\n', stderr: '' }
    throw new Error(`unexpected docker ${args.join(' ')}`)
  }
  return { cli, calls, state }
}

const tempVolume = () => fs.mkdtempSync(path.join(os.tmpdir(), 'persistent-'))
/** buildx's record of a builder as create writes it (the same JSON from buildx 0.13.1 to 0.36.1). */
const instanceJson = (name: string, endpoint = 'unix:///var/run/docker.sock') =>
  JSON.stringify({
    Name: name,
    Driver: 'docker-container',
    Nodes: [{ Name: `${name}0`, Endpoint: endpoint, Platforms: null, DriverOpts: { network: 'host' }, Flags: null, Files: null }],
    Dynamic: false
  })
const options = (volumePath: string, extra = {}) => ({
  name: 'cachekeeper-app',
  repoName: 'app',
  volumePath,
  driverOpts: ['network=host'],
  maxAgeMs: 14 * day,
  now,
  ...extra
})
const create = 'buildx create --name cachekeeper-app --driver docker-container --driver-opt network=host --use'
const bootstrap = 'buildx inspect --bootstrap cachekeeper-app'
const running = 'container inspect --format {{.State.Running}} buildx_buildkit_cachekeeper-app0'
/** attachBuilder's answer for a builder it made ready, `how` it got there. */
const ready = (how: string, current = true) => ({
  state: 'ready',
  name: 'cachekeeper-app',
  how,
  buildkit: 'v0.32.2',
  current,
  record: expect.objectContaining({ buildkit: 'v0.32.2' })
})

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

describe('keepWithinBudget', () => {
  const du = 'buildx du --builder cachekeeper-app'
  test.each([
    ['--keep-storage bytes', '--keep-storage'],
    ['--max-used-space bytes\n      --reserved-space bytes', '--reserved-space']
  ])('past the budget, help says %s: prunes with %s', async (help, flag) => {
    const docker = fakeDocker({ help, du: '2GB' })
    expect(await keepWithinBudget(docker.cli, 'cachekeeper-app', 1024 ** 3)).toEqual({ ok: true, flag, detail: '12.5MB reclaimed', bytes: 2e9 })
    expect(docker.calls).toEqual([du, 'buildx prune --help', `buildx prune --builder cachekeeper-app --force --all ${flag} 1073741824`, du])
  })

  test('within the budget: one du, no prune', async () => {
    const docker = fakeDocker({ du: '20MB' })
    expect(await keepWithinBudget(docker.cli, 'cachekeeper-app', 1024 ** 3)).toEqual({ ok: true, detail: 'nothing to reclaim', bytes: 2e7 })
    expect(docker.calls).toEqual([du])
  })

  test('a recorded flag: no help asked', async () => {
    const docker = fakeDocker({ du: '2GB' })
    expect(await keepWithinBudget(docker.cli, 'cachekeeper-app', 1024 ** 3, '--reserved-space')).toMatchObject({ ok: true, flag: '--reserved-space' })
    expect(docker.calls).toEqual([du, 'buildx prune --builder cachekeeper-app --force --all --reserved-space 1073741824', du])
  })

  test('a recorded flag this buildx does not know: asks its help and prunes with that', async () => {
    const calls: string[] = []
    const cli: DockerCli = async (args) => {
      calls.push(args.join(' '))
      if (args[1] === 'du') return { code: 0, stdout: 'Total:\t2GB\n', stderr: '' }
      if (args[2] === '--help') return { code: 0, stdout: '--keep-storage bytes', stderr: '' }
      if (args.includes('--reserved-space')) return { code: 1, stdout: '', stderr: 'unknown flag: --reserved-space\n' }
      return { code: 0, stdout: 'Total:\t1GB\n', stderr: '' }
    }
    expect(await keepWithinBudget(cli, 'cachekeeper-app', 1024 ** 3, '--reserved-space')).toMatchObject({
      ok: true,
      flag: '--keep-storage',
      detail: '1GB reclaimed'
    })
  })

  test('a failing prune is reported, not thrown', async () => {
    const cli: DockerCli = async (args) =>
      args[2] === '--help' ? { code: 0, stdout: '', stderr: '' } : { code: 1, stdout: '', stderr: 'ERROR: no builder "cachekeeper-app" found\n' }
    expect(await keepWithinBudget(cli, 'cachekeeper-app', 1)).toEqual({
      ok: false,
      flag: '--keep-storage',
      detail: 'ERROR: no builder "cachekeeper-app" found'
    })
  })
})

describe('pruneNeeded', () => {
  test.each([
    [undefined, 100, true],
    [101, 100, true],
    [100, 100, false],
    [0, 100, false]
  ])('du %s, budget %s: %s', (du, max, expected) => expect(pruneNeeded(du, max)).toBe(expected))
})

describe('retireUnusedBuilders', () => {
  function scene() {
    const volume = tempVolume()
    const dir = path.join(volume, '.builders')
    fs.mkdirSync(dir)
    for (const r of [record('cachekeeper-old', 20), record('cachekeeper-fresh', 1)]) fs.writeFileSync(path.join(dir, `${r.name}.json`), JSON.stringify(r))
    // A record under another file name cannot aim the removal at anything.
    fs.writeFileSync(path.join(dir, 'cachekeeper-decoy.json'), JSON.stringify(record('cachekeeper-victim', 99)))
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a record')
    return { volume, dir }
  }

  test('removes only recorded builders of ours past their max-age, then their record', async () => {
    const { volume, dir } = scene()
    const docker = fakeDocker()
    expect(await retireUnusedBuilders(docker.cli, volume, { now, dryRun: false }, silentLogger)).toEqual(['cachekeeper-old'])
    expect(docker.calls.map((call) => call.replace(/cachekeeper-record-\w+/, 'TMP'))).toEqual([
      // A job without the volume may have used it since: the record in its container is read first.
      'cp buildx_buildkit_cachekeeper-old0:/cachekeeper-builder.json /tmp/TMP',
      'buildx rm cachekeeper-old',
      'rm -f buildx_buildkit_cachekeeper-old0',
      'volume rm -f buildx_buildkit_cachekeeper-old0_state',
      'container inspect --format {{.Name}} buildx_buildkit_cachekeeper-old0'
    ])
    expect(fs.readdirSync(dir).sort()).toEqual(['cachekeeper-decoy.json', 'cachekeeper-fresh.json', 'notes.txt'])
    fs.rmSync(volume, { recursive: true })
  })

  test('dry-run names them and changes nothing', async () => {
    const { volume, dir } = scene()
    const docker = fakeDocker()
    expect(await retireUnusedBuilders(docker.cli, volume, { now, dryRun: true }, silentLogger)).toEqual(['cachekeeper-old'])
    expect(docker.calls.filter((call) => !call.startsWith('cp buildx_buildkit_cachekeeper-old0:'))).toEqual([])
    expect(fs.readdirSync(dir)).toContain('cachekeeper-old.json')
    fs.rmSync(volume, { recursive: true })
  })

  test('a builder used since is kept: touchRecord moves its last use', async () => {
    const { volume } = scene()
    await touchRecord(volume, 'cachekeeper-old', silentLogger, now)
    expect(await retireUnusedBuilders(fakeDocker().cli, volume, { now, dryRun: false }, silentLogger)).toEqual([])
    fs.rmSync(volume, { recursive: true })
  })

  test('touchRecord waits for the records lock, and its temp name is not the PID (PIDs repeat across job containers)', async () => {
    const { volume, dir } = scene()
    const file = path.join(dir, 'cachekeeper-old.json')
    // What another job container's writer with the same PID would be writing right now.
    fs.mkdirSync(`${file}.${process.pid}.tmp`)
    const events: string[] = []
    const holder = withDirLock(path.join(dir, '.lock'), silentLogger, async () => {
      events.push('holder in')
      await new Promise((resolve) => setTimeout(resolve, 300))
      events.push(`holder out, lastUsed ${parseRecord(fs.readFileSync(file, 'utf8'))?.lastUsedMs === now ? 'touched' : 'old'}`)
    })
    await touchRecord(volume, 'cachekeeper-old', silentLogger, now)
    events.push('touched')
    await holder
    expect(events).toEqual(['holder in', 'holder out, lastUsed old', 'touched'])
    expect(parseRecord(fs.readFileSync(file, 'utf8'))?.lastUsedMs).toBe(now)
    fs.rmSync(volume, { recursive: true })
  })

  test('no records folder: nothing to do, no docker call', async () => {
    const volume = tempVolume()
    const docker = fakeDocker()
    expect(await retireUnusedBuilders(docker.cli, volume, { now, dryRun: false }, silentLogger)).toEqual([])
    expect(docker.calls).toEqual([])
    fs.rmSync(volume, { recursive: true })
  })
})

describe('the records folder on a volume other jobs can write', () => {
  const recordsOf = (volume: string) => path.join(volume, '.builders')

  test('a record whose JSON names another builder than its file is no record', async () => {
    const volume = tempVolume()
    fs.mkdirSync(recordsOf(volume))
    fs.writeFileSync(path.join(recordsOf(volume), 'cachekeeper-app.json'), JSON.stringify({ ...record('cachekeeper-other', 0), buildkit: 'v0.32.2' }))
    expect(builderRecord(volume, 'cachekeeper-app')).toBeUndefined()
    // Nothing of it is taken over: the node is bootstrapped, and the record written is this builder's own.
    const docker = fakeDocker({ known: true, container: true })
    await attachBuilder(docker.cli, options(volume), silentLogger)
    expect(docker.calls).toContain(bootstrap)
    expect(builderRecord(volume, 'cachekeeper-app')).toMatchObject({ name: 'cachekeeper-app', repoName: 'app' })
    fs.rmSync(volume, { recursive: true })
  })

  /**
   * Runs `work` with a FIFO planted where a record belongs. A read that opens
   * it blocks the whole thread; a writer started beforehand unblocks every such
   * read after 3 s, so a regression fails on the time taken instead of hanging
   * the suite.
   */
  async function withFifo(volume: string, file: string, work: () => Promise<void>): Promise<number> {
    fs.mkdirSync(recordsOf(volume), { recursive: true })
    const fifo = path.join(recordsOf(volume), file)
    execFileSync('mkfifo', [fifo])
    const writer = spawn('sh', ['-c', 'sleep 3; while :; do echo "{}" > "$1"; done', 'sh', fifo], { stdio: 'ignore' })
    const started = Date.now()
    try {
      await work()
      return Date.now() - started
    } finally {
      writer.kill('SIGKILL')
    }
  }

  test('a FIFO planted as a record stalls neither attach, post nor retirement, and counts as no record', async () => {
    const volume = tempVolume()
    const took = await withFifo(volume, 'cachekeeper-app.json', async () => {
      expect(builderRecord(volume, 'cachekeeper-app')).toBeUndefined()
      expect(await touchRecord(volume, 'cachekeeper-app', silentLogger, now)).toBeUndefined()
      expect(await retireUnusedBuilders(fakeDocker().cli, volume, { now, dryRun: false }, silentLogger)).toEqual([])
      expect(await attachBuilder(fakeDocker().cli, options(volume), silentLogger)).toMatchObject({ state: 'ready', how: 'created' })
    })
    expect(took).toBeLessThan(2000)
    // attach wrote the real record in its place.
    expect(builderRecord(volume, 'cachekeeper-app')).toMatchObject({ name: 'cachekeeper-app' })
    fs.rmSync(volume, { recursive: true })
  })

  test('a FIFO under another name does not stall retirement of the others', async () => {
    const volume = tempVolume()
    const took = await withFifo(volume, 'x.json', async () => {
      fs.writeFileSync(path.join(recordsOf(volume), 'cachekeeper-old.json'), JSON.stringify(record('cachekeeper-old', 20)))
      expect(await retireUnusedBuilders(fakeDocker().cli, volume, { now, dryRun: false }, silentLogger)).toEqual(['cachekeeper-old'])
    })
    expect(took).toBeLessThan(2000)
    expect(fs.readdirSync(recordsOf(volume)).sort()).toEqual(['x.json'])
    fs.rmSync(volume, { recursive: true })
  })

  test('a record that is a symlink is not read through', () => {
    const volume = tempVolume()
    const elsewhere = tempVolume()
    fs.mkdirSync(recordsOf(volume))
    fs.writeFileSync(path.join(elsewhere, 'r.json'), JSON.stringify(record('cachekeeper-app', 0)))
    fs.symlinkSync(path.join(elsewhere, 'r.json'), path.join(recordsOf(volume), 'cachekeeper-app.json'))
    expect(builderRecord(volume, 'cachekeeper-app')).toBeUndefined()
    fs.rmSync(volume, { recursive: true })
    fs.rmSync(elsewhere, { recursive: true })
  })

  test('.builders swapped for a symlink: nothing is written, read or deleted through it', async () => {
    const volume = tempVolume()
    const elsewhere = tempVolume()
    fs.writeFileSync(path.join(elsewhere, 'cachekeeper-old.json'), JSON.stringify(record('cachekeeper-old', 20)))
    fs.writeFileSync(path.join(elsewhere, 'cachekeeper-app.json'), JSON.stringify(record('cachekeeper-app', 20)))
    fs.symlinkSync(elsewhere, recordsOf(volume))
    const docker = fakeDocker()
    expect(await attachBuilder(docker.cli, options(volume), silentLogger)).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/symlink/) })
    await expect(touchRecord(volume, 'cachekeeper-app', silentLogger, now)).rejects.toThrow(/symlink/)
    await expect(retireUnusedBuilders(docker.cli, volume, { now, dryRun: false }, silentLogger)).rejects.toThrow(/symlink/)
    expect(builderRecord(volume, 'cachekeeper-app')).toBeUndefined()
    expect(docker.calls.filter((call) => /^(rm|buildx rm|volume rm|buildx create)\b/.test(call))).toEqual([])
    expect(fs.readdirSync(elsewhere).sort()).toEqual(['cachekeeper-app.json', 'cachekeeper-old.json'])
    expect(parseRecord(fs.readFileSync(path.join(elsewhere, 'cachekeeper-app.json'), 'utf8'))?.lastUsedMs).toBe(now - 20 * day)
    fs.rmSync(volume, { recursive: true })
    fs.rmSync(elsewhere, { recursive: true })
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

  test("retirement reads each node container's record: unused ones go, fresh ones, foreign names and containers without a record stay", async () => {
    const docker = fakeDocker({ container: true })
    await writeNodeRecord(docker.cli, record('cachekeeper-old', 20))
    await writeNodeRecord(docker.cli, record('cachekeeper-fresh', 1))
    const dry = await retireUnusedNodeBuilders(docker.cli, { now, dryRun: true }, silentLogger)
    expect(dry).toEqual(['cachekeeper-old'])
    expect(docker.calls.filter((call) => /^(rm|buildx rm|volume rm)\b/.test(call))).toEqual([])
    docker.state.container = false
    expect(await retireUnusedNodeBuilders(docker.cli, { now, dryRun: false }, silentLogger)).toEqual(['cachekeeper-old'])
    expect(docker.calls.filter((call) => /^(rm|buildx rm|volume rm)\b/.test(call))).toEqual([
      'buildx rm cachekeeper-old',
      'rm -f buildx_buildkit_cachekeeper-old0',
      'volume rm -f buildx_buildkit_cachekeeper-old0_state'
    ])
  })

  test('a builder whose file record is old but whose container record is fresh (used by jobs without the volume) is kept', async () => {
    const volume = tempVolume()
    fs.mkdirSync(path.join(volume, '.builders'))
    fs.writeFileSync(path.join(volume, '.builders', 'cachekeeper-old.json'), JSON.stringify(record('cachekeeper-old', 20)))
    const docker = fakeDocker({ container: true })
    await writeNodeRecord(docker.cli, record('cachekeeper-old', 1))
    expect(await retireUnusedBuilders(docker.cli, volume, { now, dryRun: false }, silentLogger)).toEqual([])
    fs.rmSync(volume, { recursive: true })
  })

  test.each([
    ['buildx_buildkit_cachekeeper-app0', 'cachekeeper-app'],
    ['buildx_buildkit_cachekeeper-app0x', undefined],
    ['buildx_buildkit_builder-1234-5678-aaaa0', undefined],
    ['xbuildx_buildkit_cachekeeper-x0', undefined]
  ])('builderOfNode(%s) = %s', (container, name) => expect(builderOfNode(container)).toBe(name))
})

describe("the builder's GC config", () => {
  test('no config of the user: one policy over everything, cache mounts included, within builder-max-size and with 20% of the disk free', () => {
    expect(builderConfig(undefined, 2 * 1024 ** 3)).toEqual({
      gc: 'added',
      text: expect.stringContaining(
        '[worker.oci]\n  gc = true\n  gckeepstorage = 2147483648\n\n[[worker.oci.gcpolicy]]\n  all = true\n  keepBytes = 2147483648\n' +
          '  reservedSpace = 214748364\n  maxUsedSpace = 2147483648\n  minFreeSpace = "20%"\n'
      )
    })
  })

  /** The one GC policy's settings (`key: value` as tomlEntries spells them), read as buildx's record is compared. */
  const policyOf = (text: string): { entries: string[]; policy: Record<string, string> } => {
    const entries = tomlEntries(text) ?? []
    expect(entries.length).toBeGreaterThan(0)
    const policy: Record<string, string> = {}
    for (const entry of entries) {
      const setting = /^\["worker","oci","gcpolicy",0,"(\w+)"\]=(.*)$/.exec(entry)
      if (setting) policy[setting[1]] = setting[2]
    }
    return { entries, policy }
  }

  test.each<[string, number, DiskSpace | undefined, string, string]>([
    ["the default (auto): BuildKit's 20%", 10 * 1024 ** 3, undefined, '"20%"', '1073741824'],
    ['a size (10GiB): bytes, as an integer', 10 * 1024 ** 3, { bytes: 10 * 1024 ** 3 }, '10737418240', '1073741824'],
    ['a share (35%)', 10 * 1024 ** 3, { percent: 35 }, '"35%"', '1073741824'],
    ['a share with a fraction (12.5%): BuildKit takes whole percents, rounded up', 10 * 1024 ** 3, { percent: 12.5 }, '"13%"', '1073741824'],
    ['the most allowed (99%)', 500e6, { percent: 99 }, '"99%"', '50000000'],
    ["a budget past 100 GB: the reserve stops at BuildKit's 10 GB", 200e9, { percent: 20 }, '"20%"', '10000000000'],
    ['a budget of 5 bytes: a reserve of 1, never 0 (a keep of 0 prunes all)', 5, undefined, '"20%"', '1']
  ])('floor %s: keepBytes and maxUsedSpace the budget, reservedSpace below it, minFreeSpace the floor', (_label, maxBytes, minFree, floor, reserve) => {
    const { text, gc } = builderConfig(undefined, maxBytes, minFree)
    expect(gc).toBe('added')
    const { entries, policy } = policyOf(text)
    expect(policy).toEqual({ all: 'true', keepBytes: String(maxBytes), reservedSpace: reserve, maxUsedSpace: String(maxBytes), minFreeSpace: floor })
    expect(BigInt(policy.reservedSpace)).toBeLessThan(BigInt(policy.keepBytes))
    expect(BigInt(policy.reservedSpace)).toBeGreaterThan(0n)
    expect(entries).toContain(`["worker","oci","gc"]=true`)
    expect(entries).toContain(`["worker","oci","gckeepstorage"]=${maxBytes}`)
    expect(entries.filter((entry) => entry === JSON.stringify(['worker', 'oci', 'gcpolicy', 0]))).toHaveLength(1)
  })

  test('gcConfig is builderConfig without a config of the user; the budget and the floor each change it', () => {
    expect(gcConfig(1e9)).toBe(builderConfig(undefined, 1e9).text)
    expect(gcConfig(1e9, { percent: 5 })).not.toBe(gcConfig(1e9))
    expect(gcConfig(2e9)).not.toBe(gcConfig(1e9))
    expect(gcReserveBytes(1e9)).toBe(1e8)
    expect(minFreeSpaceValue({ bytes: 1.5 })).toBe('1')
  })

  test('a registry-only config (buildx default or the input) keeps its settings and gets the policy appended', () => {
    const { text, gc } = builderConfig('[registry."127.0.0.1:5000"]\n  http = true\n', 1e9)
    expect(gc).toBe('added')
    expect(text.startsWith('[registry."127.0.0.1:5000"]\n  http = true\n\n')).toBe(true)
    expect(text).toContain('keepBytes = 1000000000')
  })

  test.each(['[worker.oci]\n  gc = false\n', '[[worker.oci.gcpolicy]]\n  all = true\n', '  [worker.containerd]\n'])(
    'a config with its own worker section is used as it is: %j',
    (own) => {
      expect(builderConfig(own, 1e9)).toEqual({ gc: 'theirs', text: own.trim() + '\n' })
    }
  )

  test('argv: use, and the fresh-build clear of this builder only', () => {
    expect(useArgs('cachekeeper-app')).toEqual(['buildx', 'use', 'cachekeeper-app'])
    expect(clearCacheArgs('cachekeeper-app')).toEqual(['buildx', 'prune', '--builder', 'cachekeeper-app', '--all', '--force'])
  })
})

describe('parseHistory (buildx 0.29.1 history ls --format json, captured from a real BuildKit v0.32.2 builder)', () => {
  const fixture = fs.readFileSync(path.join('__fixtures__', 'buildx', '0.29.1', 'history-ls.json'), 'utf8')
  test('every build since main, oldest first, with its cached and total steps', () => {
    expect(parseHistory(fixture, 0)).toEqual([
      { name: 'hist-fx', cached: 0, total: 8 },
      { name: 'hist-fx', cached: 1, total: 8 }
    ])
  })
  test('builds before main attached the builder belong to earlier jobs', () => {
    expect(parseHistory(fixture, Date.parse('2026-12-02T03:31:20.3Z'))).toEqual([{ name: 'hist-fx', cached: 1, total: 8 }])
  })
  test('buildx 0.13 has no history command: its output is no record, never a guess', () => {
    const help = fs.readFileSync(path.join('__fixtures__', 'buildx', '0.13.1', 'history-ls-help.txt'), 'utf8')
    expect(parseHistory(help, 0)).toEqual([])
  })
})

describe('nodeRecordDue: whether post with the volume also writes the copy in the node container', () => {
  const recorded = { name: 'cachekeeper-app', repoName: 'app', lastUsedMs: now, maxAgeMs: day, driverOpts: [], buildkit: 'v0.33.1', nodeRecordMs: now - 60e3 }
  const same = { buildkit: 'v0.33.1' }
  test.each([
    ['written a minute ago, nothing new', recorded, same, true, now, false],
    ['written an hour ago', recorded, same, true, now - 60e3 + NODE_RECORD_INTERVAL_MS, true],
    ['a builder made in this job (no copy yet)', recorded, same, false, now, true],
    ['never written', { ...recorded, nodeRecordMs: undefined }, same, true, now, true],
    ['no record', undefined, same, true, now, true],
    ['written in the future (a clock step)', { ...recorded, nodeRecordMs: now + day }, same, true, now, true],
    ['a new BuildKit', recorded, { buildkit: 'v0.34.0' }, true, now, true],
    ['a new measurement', recorded, { ...same, cacheBytes: 1 }, true, now, true],
    ['the budget flag learnt', recorded, { ...same, budgetFlag: '--reserved-space' as const }, true, now, true],
    ['a new buildx record', recorded, { ...same, buildx: { json: '{}', madeWith: 'x' } }, true, now, true]
  ])('%s', (_label, record, next, attached, at, due) => {
    expect(nodeRecordDue(record, next, attached, at)).toBe(due)
  })
})
