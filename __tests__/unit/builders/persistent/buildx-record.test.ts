import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { createDigest, driverOptsMap, restorableInstance, tomlEntries, type CreateInputs } from '../../../../src/builders/persistent/buildx-record.js'
import { builderConfig } from '../../../../src/builders/persistent/gc-config.js'

/**
 * buildx 0.13.1's rewrite of builderConfig(undefined, 2 GiB) (the free-space floor included), as `docker buildx create
 * --buildkitd-config` kept it in instances/cachekeeper-app: Nodes[0].Files['buildkitd.toml'], byte for byte.
 */
const FLOOR_CONFIG_KEPT = Buffer.from(
  'Clt3b3JrZXJdCgogIFt3b3JrZXIub2NpXQogICAgZ2MgPSB0cnVlCiAgICBnY2tlZXBzdG9yYWdlID0gMjE0NzQ4MzY0OAoKICAgIFtbd29ya2VyLm9jaS5nY3BvbGljeV1dCiAgICAgIGFsbCA9IHRydWUKICAgICAga2VlcEJ5dGVzID0gMjE0NzQ4MzY0OAogICAgICBtYXhVc2VkU3BhY2UgPSAyMTQ3NDgzNjQ4CiAgICAgIG1pbkZyZWVTcGFjZSA9ICIyMCUiCiAgICAgIHJlc2VydmVkU3BhY2UgPSAyMTQ3NDgzNjQK',
  'base64'
).toString()

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
