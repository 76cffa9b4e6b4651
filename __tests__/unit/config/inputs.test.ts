import { describe, expect, test } from '@jest/globals'
import { InputError, parseInputs, type RawInputs } from '../../../src/config/inputs.js'

const env = { GITHUB_REPOSITORY: 'acme/app' }

describe('parseInputs', () => {
  test('defaults', () => {
    const { inputs, warnings } = parseInputs({}, env)
    expect(inputs).toEqual({
      cacheMode: 'local',
      repoName: 'acme__app',
      volumePath: '/opt/buildx-cache',
      scope: undefined,
      fallbackScopes: undefined,
      key: undefined,
      mode: 'max',
      registryRef: undefined,
      registryInsecure: false,
      cacheOptions: [],
      ignoreError: true,
      readOnly: false,
      maxSize: 10 * 1024 ** 3,
      maxAge: 14 * 24 * 3600 * 1000,
      pruneBuilders: true,
      builderMaxAge: 6 * 3600 * 1000,
      dryRun: false,
      persistentBuilder: false,
      builderDriverOpts: [],
      builderMaxSize: 10 * 1024 ** 3,
      buildkitdConfig: undefined,
      freshBuild: false,
      storeRefreshMs: 3600e3,
      trustPullRequests: false,
      bakeTargets: []
    })
    expect(warnings).toEqual([])
  })

  test.each<[RawInputs, Partial<ReturnType<typeof parseInputs>['inputs']>]>([
    [
      { 'cache-mode': 'registry', 'registry-ref': 'git.example.com/org/app-cache' },
      { cacheMode: 'registry', registryRef: 'git.example.com/org/app-cache' }
    ],
    [{ 'cache-mode': 'inline', 'registry-ref': '127.0.0.1:5000/cache' }, { registryRef: '127.0.0.1:5000/cache' }],
    [{ 'volume-path': '/srv/cache/' }, { volumePath: '/srv/cache' }],
    [{ 'repo-name': 'my.repo_1' }, { repoName: 'my.repo_1' }],
    [{ 'fallback-scopes': ' develop \n\n main ' }, { fallbackScopes: ['develop', 'main'] }],
    [
      { 'cache-options': 'compression=zstd,compression-level=3\nforce-compression=true' },
      {
        cacheOptions: [
          ['compression', 'zstd'],
          ['compression-level', '3'],
          ['force-compression', 'true']
        ]
      }
    ],
    [{ 'max-size': '500MiB' }, { maxSize: 500 * 1024 ** 2 }],
    [{ 'max-size': '2GB' }, { maxSize: 2e9 }],
    [
      { 'max-age': '36h', 'builder-max-age': '30m' },
      { maxAge: 36 * 3600e3, builderMaxAge: 30 * 60e3 }
    ],
    [
      { 'read-only': 'TRUE', 'dry-run': 'True', 'ignore-error': 'false' },
      { readOnly: true, dryRun: true, ignoreError: false }
    ],
    [{ mode: 'min' }, { mode: 'min' }],
    [{ 'store-refresh': '30m' }, { storeRefreshMs: 30 * 60e3 }],
    [{ 'store-refresh': '0' }, { storeRefreshMs: 0 }],
    [
      {
        'persistent-builder': 'true',
        'builder-driver-opts': ' image=registry.example.com/moby/buildkit:v0.32.2 \n\nnetwork=host\nenv.http_proxy=http://proxy:3128',
        'builder-max-size': '2GiB'
      },
      {
        persistentBuilder: true,
        builderDriverOpts: ['image=registry.example.com/moby/buildkit:v0.32.2', 'network=host', 'env.http_proxy=http://proxy:3128'],
        builderMaxSize: 2 * 1024 ** 3
      }
    ],
    [{ 'bake-targets': ' api \n\n worker_2\nWeb-UI ' }, { bakeTargets: ['api', 'worker_2', 'Web-UI'] }]
  ])('accepts %j', (raw, expected) => {
    expect(parseInputs(raw, env).inputs).toMatchObject(expected)
  })

  test.each<[RawInputs, string]>([
    [
      { 'cache-mode': 'redis' },
      "Input 'cache-mode' has an invalid value 'redis': allowed values are local, registry, local+registry, gha, inline, s3, off, auto"
    ],
    [{ mode: 'all' }, "Input 'mode' has an invalid value 'all': allowed values are max, min"],
    [{ 'volume-path': 'cache' }, "Input 'volume-path' has an invalid value 'cache'"],
    [{ 'volume-path': '/opt/../etc' }, "Input 'volume-path' has an invalid value '/opt/../etc'"],
    [{ 'volume-path': '/' }, "Input 'volume-path' has an invalid value '/'"],
    [{ 'volume-path': '/opt/a,b' }, "Input 'volume-path' has an invalid value '/opt/a,b'"],
    [{ 'repo-name': '../etc' }, "Input 'repo-name' has an invalid value '../etc'"],
    [{ 'repo-name': 'a/b' }, "Input 'repo-name' has an invalid value 'a/b'"],
    [{ 'repo-name': '..' }, "Input 'repo-name' has an invalid value '..'"],
    [{ 'repo-name': '.hidden' }, "Input 'repo-name' has an invalid value '.hidden'"],
    [{ 'max-size': '10' }, "Input 'max-size' has an invalid value '10': a positive size with a unit"],
    [{ 'max-size': 'lots' }, "Input 'max-size' has an invalid value 'lots'"],
    [{ 'max-size': '0GiB' }, "Input 'max-size' has an invalid value '0GiB'"],
    [{ 'max-age': '14' }, "Input 'max-age' has an invalid value '14': a positive duration with a unit"],
    [{ 'max-age': '-1d' }, "Input 'max-age' has an invalid value '-1d'"],
    [{ 'builder-max-age': 'soon' }, "Input 'builder-max-age' has an invalid value 'soon'"],
    [{ 'store-refresh': '60' }, "Input 'store-refresh' has an invalid value '60': a duration with a unit (s, m, h, d, w) such as 30m or 1h, or 0 to export"],
    [{ 'read-only': 'yes' }, "Input 'read-only' has an invalid value 'yes': allowed values are true or false"],
    [
      { 'cache-mode': 'registry' },
      "Input 'registry-ref' has an invalid value '': a repository such as git.example.com/org/app-cache is required with cache-mode registry"
    ],
    [
      { 'cache-mode': 'registry', 'registry-ref': 'git.example.com/org/app cache' },
      "Input 'registry-ref' has an invalid value 'git.example.com/org/app cache'"
    ],
    [
      { 'cache-mode': 'registry', 'registry-ref': 'git.example.com/org/cache:tag' },
      "Input 'registry-ref' has an invalid value 'git.example.com/org/cache:tag'"
    ],
    [{ 'cache-mode': 'registry', 'registry-ref': 'git.example.com/Org/cache' }, "Input 'registry-ref' has an invalid value 'git.example.com/Org/cache'"],
    [{ 'cache-options': 'compression' }, "Input 'cache-options' has an invalid value 'compression'"],
    [{ 'cache-options': 'compression=brotli' }, 'compression must be one of uncompressed, gzip, estargz, zstd'],
    [{ 'cache-options': 'compression-level=high' }, 'compression-level must be a whole number'],
    [{ 'cache-options': 'bucket=a b' }, "Input 'cache-options' has an invalid value 'bucket=a b'"],
    [{ 'persistent-builder': 'yes' }, "Input 'persistent-builder' has an invalid value 'yes': allowed values are true or false"],
    [{ 'builder-max-size': '10' }, "Input 'builder-max-size' has an invalid value '10': a positive size with a unit"],
    [{ 'builder-driver-opts': 'image' }, "Input 'builder-driver-opts' has an invalid value 'image': one key=value per line"],
    [{ 'builder-driver-opts': '=host' }, "Input 'builder-driver-opts' has an invalid value '=host'"],
    [{ 'builder-driver-opts': 'network= host' }, "Input 'builder-driver-opts' has an invalid value 'network= host'"],
    [{ 'builder-driver-opts': 'name=other' }, "Input 'builder-driver-opts' has an invalid value 'name=other': the builder name is set by the action itself"],
    [{ 'bake-targets': 'api\nweb.app' }, "Input 'bake-targets' has an invalid value 'web.app': one bake target name per line, of letters, digits, _ or -"],
    [{ 'bake-targets': 'api worker' }, "Input 'bake-targets' has an invalid value 'api worker'"],
    [{ 'bake-targets': 'api,worker' }, "Input 'bake-targets' has an invalid value 'api,worker'"],
    [{ 'bake-targets': 'x'.repeat(101) }, '(at most 100)'],
    [{ 'bake-targets': 'api\nworker\napi' }, "Input 'bake-targets' has an invalid value 'api': each target may be listed once"]
  ])('rejects %j', (raw, message) => {
    expect(() => parseInputs(raw, env)).toThrow(InputError)
    expect(() => parseInputs(raw, env)).toThrow(message)
  })

  test('repo-name falls back to GITHUB_REPOSITORY and says so when that is unusable', () => {
    expect(() => parseInputs({}, {})).toThrow("Input 'repo-name (from GITHUB_REPOSITORY)' has an invalid value ''")
  })

  test('warns about inputs that have no effect', () => {
    expect(parseInputs({ 'registry-ref': 'r.example/c' }, env).warnings).toEqual(["Input 'registry-ref' is ignored with cache-mode local"])
    expect(parseInputs({ 'builder-driver-opts': 'network=host' }, env).warnings).toEqual([
      "Input 'builder-driver-opts' is ignored without persistent-builder: true"
    ])
  })
})
