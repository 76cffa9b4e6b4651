// The commands that need no engine, on stores built by the fixtures: exact
// exit codes and messages, and nothing outside --volume is ever touched.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { RUNTIME_TOKEN } from '../../__fixtures__/runtime-token.js'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EXIT, main } from '../../src/cli/cli.js'
import { readIndex, tagOf } from '../../src/store/oci.js'
import { cacheManifest, startFakeRegistry, type FakeRegistry } from '../../__fixtures__/fake-registry.js'
import { blobFile, writeBlob, writeCacheTag } from '../../__fixtures__/oci.js'

let dir: string
let volume: string
let sentinel: string
let before: string

/** Every path under a folder with its type, size, mode and mtime, so any change shows. */
function tree(root: string): string {
  const lines: string[] = []
  const walk = (folder: string) => {
    for (const name of fs.readdirSync(folder).sort()) {
      const file = path.join(folder, name)
      const stat = fs.lstatSync(file)
      lines.push(`${path.relative(root, file)} ${stat.isDirectory() ? 'd' : stat.isSymbolicLink() ? 'l' : 'f'} ${stat.size} ${stat.mode} ${stat.mtimeMs}`)
      if (stat.isDirectory()) walk(file)
    }
  }
  walk(root)
  return lines.join('\n')
}

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const docker = async () => {
    throw new Error('these commands never run docker')
  }
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text), docker })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const tags = (repo: string) => readIndex(path.join(volume, repo, 'index.json')).manifests.map(tagOf)

/** Gives the first layer of app's dev scope other bytes of the same size; returns its digest. */
const corruptDevLayer = () => {
  const store = path.join(volume, 'app')
  const dev = readIndex(path.join(store, 'index.json')).manifests[1]
  const manifest = JSON.parse(fs.readFileSync(blobFile(store, dev.digest), 'utf8')) as { manifests: Array<{ digest: string; size: number }> }
  const layer = manifest.manifests[0]
  fs.writeFileSync(blobFile(store, layer.digest), Buffer.alloc(layer.size))
  return layer.digest
}

// The store folders themselves change mtime as the lock comes and goes; what is in them must not.
const contents = (root: string) =>
  tree(root)
    .split('\n')
    .filter((line) => !/^\w+ d /.test(line))
    .join('\n')

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'))
  volume = path.join(dir, 'volume')
  // Next to the volume: `x` is what `--repo ../x` would reach, `elsewhere` a store a symlink points at.
  sentinel = path.join(dir, 'x')
  fs.mkdirSync(sentinel)
  fs.writeFileSync(path.join(sentinel, 'keep.txt'), 'keep me')
  writeCacheTag(path.join(dir, 'elsewhere'), 'main')
  writeBlob(path.join(dir, 'elsewhere'), 'unreferenced', 'application/octet-stream')
  for (const tag of ['main', 'dev']) writeCacheTag(path.join(volume, 'app'), tag)
  writeCacheTag(path.join(volume, 'web'), 'main')
  before = tree(dir)
    .split('\n')
    .filter((line) => !line.startsWith('volume'))
    .join('\n')
})
afterEach(() => {
  // The sentinels next to the volume are exactly as they were, whatever the command did.
  expect(
    tree(dir)
      .split('\n')
      .filter((line) => !line.startsWith('volume'))
      .join('\n')
  ).toBe(before)
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('what the commands are pointed at must exist', () => {
  test.each(['status', 'check', 'gc'])('%s --volume that does not exist: exit 1 naming the path', async (command) => {
    const missing = path.join(dir, 'no-such-volume')
    expect(await cli(command, '--volume', missing)).toEqual({ code: EXIT.problems, out: '', err: `--volume ${missing}: no such directory` })
    expect(fs.existsSync(missing)).toBe(false)
  })

  test.each(['status', 'check', 'gc'])('%s --volume that is a file: exit 1 naming the path', async (command) => {
    const file = path.join(volume, 'app', 'oci-layout')
    expect(await cli(command, '--volume', file)).toEqual({ code: EXIT.problems, out: '', err: `--volume ${file}: not a directory` })
  })

  test.each(['status', 'check', 'gc'])('%s --repo that names no store: exit 1 naming the path', async (command) => {
    expect(await cli(command, '--volume', volume, '--repo', 'typo')).toEqual({
      code: EXIT.problems,
      out: '',
      err: `--repo typo: no store at ${volume}/typo (a directory holding oci-layout)`
    })
    expect(fs.existsSync(path.join(volume, 'typo'))).toBe(false)
  })

  test.each(['status', 'check', 'gc'])('%s --repo that is a symlink to a store outside the volume: exit 1, nothing there is touched', async (command) => {
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(volume, 'linked'))
    expect(await cli(command, '--volume', volume, '--repo', 'linked')).toMatchObject({
      code: EXIT.problems,
      err: expect.stringContaining(`no store at ${volume}/linked`)
    })
  })

  test.each([
    ['../x', 'status'],
    ['../x', 'check'],
    ['../x', 'gc'],
    ['../x', 'plan'],
    ['.', 'gc'],
    ['a/b', 'check'],
    ['', 'status']
  ])('--repo %j is refused like repo-name (%s): exit 2 naming --repo', async (repo, command) => {
    expect(await cli(command, '--volume', volume, '--repo', repo)).toEqual({
      code: EXIT.usage,
      out: '',
      err: `Option '--repo' has an invalid value '${repo}': one path segment of letters, digits, ., _ or - (at most 100, not starting with . or -) is allowed`
    })
    expect(fs.existsSync(path.join(sentinel, '.lock'))).toBe(false)
  })
})

describe('status', () => {
  test('one row per repo and scope', async () => {
    const result = await cli('status', '--volume', volume)
    expect(result.code).toBe(EXIT.ok)
    const rows = result.out
      .split('\n')
      .slice(2)
      .map((line) => line.split(/\s+/))
    expect(rows.map(([repo, scope, , , lastUsed, state]) => [repo, scope, lastUsed, state])).toEqual([
      ['app', 'main', '-', 'ok'],
      ['app', 'dev', '-', 'ok'],
      ['web', 'main', '-', 'ok']
    ])
  })

  test('a scope named constructor with no last-used record shows none', async () => {
    writeCacheTag(path.join(volume, 'web'), 'constructor')
    const result = await cli('status', '--volume', volume, '--repo', 'web')
    expect(result.code).toBe(EXIT.ok)
    expect(result.out.split('\n')[3]).toMatch(/^web\s+constructor\s+\S+\s+4\s+-\s+ok$/)
  })

  test('an empty volume has no stores: exit 0', async () => {
    const empty = path.join(dir, 'x')
    expect(await cli('status', '--volume', empty)).toEqual({ code: EXIT.ok, out: `No stores under ${empty}`, err: '' })
  })
})

describe('check', () => {
  test('intact stores: exit 0', async () => {
    expect(await cli('check', '--volume', volume, '--verify-digests')).toMatchObject({ code: EXIT.ok, out: 'app: ok (2 scopes)\nweb: ok (1 scopes)' })
  })

  test('a garbage manifest of the right size: exit 1 naming scope and blob', async () => {
    const dev = readIndex(path.join(volume, 'app', 'index.json')).manifests[1]
    fs.writeFileSync(blobFile(path.join(volume, 'app'), dev.digest), 'x'.repeat(dev.size))
    expect(await cli('check', '--volume', volume, '--repo', 'app')).toEqual({
      code: EXIT.problems,
      out: `app: 1 problems\n  dev: manifest ${dev.digest} does not match its digest`,
      err: ''
    })
  })

  test('--verify-digests --dry-run: content failing its digest is reported with what a repair would drop; nothing changes', async () => {
    const digest = corruptDevLayer()
    const before = contents(volume)
    const result = await cli('check', '--volume', volume, '--verify-digests', '--dry-run')
    expect(result.code).toBe(EXIT.problems)
    expect(result.out.split('\n')).toEqual([
      'app: 1 problems',
      `  dev: blob ${digest} does not match its content`,
      expect.stringMatching(/^ {2}would drop dev; gc would delete 4 blobs \(\d+B\)$/),
      'web: ok (1 scopes)'
    ])
    expect(result.err.split('\n')).toEqual([
      '[1/2] hashing app',
      `warning: Dropping scope dev from the store: blob ${digest} does not match its content`,
      '[2/2] hashing web'
    ])
    expect(contents(volume)).toBe(before)
  })

  test('--verify-digests: the scope referencing content that fails its digest is dropped and the content deleted; exit 1', async () => {
    const digest = corruptDevLayer()
    const result = await cli('check', '--volume', volume, '--repo', 'app', '--verify-digests')
    expect(result.code).toBe(EXIT.problems)
    expect(result.out.split('\n')).toEqual([
      'app: 1 problems',
      `  dev: blob ${digest} does not match its content`,
      expect.stringMatching(/^ {2}drop dev; gc deleted 4 blobs \(\d+B\)$/)
    ])
    expect(fs.existsSync(blobFile(path.join(volume, 'app'), digest))).toBe(false)
    expect(tags('app')).toEqual(['main'])
    expect(await cli('check', '--volume', volume, '--repo', 'app', '--verify-digests')).toMatchObject({ code: EXIT.ok, out: 'app: ok (1 scopes)' })
  })

  test('--json carries the repair', async () => {
    corruptDevLayer()
    const [app] = JSON.parse((await cli('check', '--volume', volume, '--repo', 'app', '--verify-digests', '--json')).out) as Array<Record<string, unknown>>
    expect(app).toMatchObject({ repo: 'app', ok: false, repair: { dryRun: false, droppedTags: ['dev'], sweptBlobs: 4 } })
    expect(app).not.toHaveProperty('failures')
  })

  test('without --verify-digests check changes nothing, also on content failing its digest', async () => {
    corruptDevLayer()
    const before = tree(volume)
    expect(await cli('check', '--volume', volume)).toMatchObject({ code: EXIT.ok })
    expect(tree(volume)).toBe(before)
  })

  test('a volume holding no store: exit 1, a health check that checked nothing does not pass', async () => {
    const empty = path.join(dir, 'x')
    expect(await cli('check', '--volume', empty)).toEqual({ code: EXIT.problems, out: '', err: `--volume ${empty}: no stores to check` })
  })
})

describe('gc', () => {
  test('a garbage manifest in one scope and an unreferenced blob: the scope is dropped with a warning, the blob deleted, exit 0', async () => {
    const store = path.join(volume, 'app')
    const dev = readIndex(path.join(store, 'index.json')).manifests[1]
    fs.writeFileSync(blobFile(store, dev.digest), 'x'.repeat(dev.size))
    const orphan = writeBlob(store, 'old and unreferenced', 'application/octet-stream')
    const result = await cli('gc', '--volume', volume, '--repo', 'app')
    expect(result.code).toBe(EXIT.ok)
    expect(result.err.split('\n')).toEqual(['[1/1] app', `warning: Dropping scope dev from the store: manifest ${dev.digest} does not match its digest`])
    // dev's four blobs (two layers, config, manifest) and the orphan.
    expect(result.out).toMatch(/^app: drop no scope; gc deleted 5 blobs \(\d+B\); keeps 4 blobs \(\d+B\)$/)
    expect(fs.existsSync(blobFile(store, orphan.digest))).toBe(false)
    expect(tags('app')).toEqual(['main'])
    expect((await cli('check', '--volume', volume)).code).toBe(EXIT.ok)
  })

  test('an aborted sweep says so with the reason, prints no counts, exit 1; the other stores are collected', async () => {
    fs.writeFileSync(path.join(volume, 'app', 'index.json'), '{not json')
    const orphan = writeBlob(path.join(volume, 'app'), 'unreferenced', 'application/octet-stream')
    const result = await cli('gc', '--volume', volume)
    expect(result.code).toBe(EXIT.problems)
    const [app, web] = result.out.split('\n')
    expect(app).toMatch(/^app: drop no scope; gc aborted: index.json could not be read: index.json is not JSON: /)
    expect(app).not.toMatch(/blobs/)
    expect(web).toMatch(/^web: drop no scope; gc deleted 0 blobs \(0B\); keeps 4 blobs/)
    expect(fs.existsSync(blobFile(path.join(volume, 'app'), orphan.digest))).toBe(true)
  })

  test('--verify-digests drops the scope referencing content that fails its digest; --dry-run reports the same', async () => {
    const digest = corruptDevLayer()
    const dry = await cli('gc', '--volume', volume, '--repo', 'app', '--verify-digests', '--dry-run')
    expect(dry.err).toContain(`warning: Dropping scope dev from the store: blob ${digest} does not match its content`)
    expect(tags('app')).toEqual(['main', 'dev'])
    const real = await cli('gc', '--volume', volume, '--repo', 'app', '--verify-digests')
    expect(real.code).toBe(EXIT.ok)
    expect(real.out).toBe(dry.out.replace(/would delete/g, 'deleted').replace(/would /g, ''))
    expect(real.out).toMatch(/deleted 4 blobs/)
    expect(tags('app')).toEqual(['main'])
    expect(fs.existsSync(blobFile(path.join(volume, 'app'), digest))).toBe(false)
  })

  test('without --verify-digests, content is not hashed: a same-size corrupt layer is kept', async () => {
    const digest = corruptDevLayer()
    expect((await cli('gc', '--volume', volume, '--repo', 'app')).code).toBe(EXIT.ok)
    expect(tags('app')).toEqual(['main', 'dev'])
    expect(fs.existsSync(blobFile(path.join(volume, 'app'), digest))).toBe(true)
  })

  test('the lock is taken inside the store, and released', async () => {
    expect((await cli('gc', '--volume', volume, '--repo', 'web')).code).toBe(EXIT.ok)
    expect(fs.readdirSync(volume).sort()).toEqual(['app', 'web'])
    expect(fs.existsSync(path.join(volume, 'web', '.lock'))).toBe(false)
  })
})

describe('bad flag values: exit 2, naming the flag, the value and what is allowed', () => {
  const SIZE = 'a positive size with a unit is allowed, such as 500MiB, 10GiB or 20GB'
  const DURATION = 'a positive duration with a unit (s, m, h, d, w) is allowed, such as 30m, 6h or 14d'
  test.each([
    [['gc', '--max-size', 'big'], `Option '--max-size' has an invalid value 'big': ${SIZE}`],
    [['gc', '--max-size', '100'], `Option '--max-size' has an invalid value '100': ${SIZE}`],
    [['gc', '--max-age', 'soon'], `Option '--max-age' has an invalid value 'soon': ${DURATION}`],
    [['prune-builders', '--max-age', '6'], `Option '--max-age' has an invalid value '6': ${DURATION}`],
    [
      ['plan', '--repo', 'app', '--mode', 'nfs'],
      "Option '--mode' has an invalid value 'nfs': allowed values are local, registry, local+registry, gha, inline, s3, off, auto"
    ],
    [
      ['plan', '--repo', 'app', '--mode', 'registry', '--registry-ref', 'Registry.example/App'],
      "Option '--registry-ref' has an invalid value 'Registry.example/App': an image repository without tag or digest is allowed, such as git.example.com/org/app-cache (lowercase path)"
    ],
    [
      ['plan', '--repo', 'app', '--volume', 'relative/dir'],
      "Option '--volume' has an invalid value 'relative/dir': an absolute path below the root, without . or .. segments, commas, quotes or spaces, is allowed, such as /opt/buildx-cache"
    ],
    [
      ['plan', '--repo', 'app', '--cache-options', 'compression=lz4'],
      "Option '--cache-options' has an invalid value 'compression=lz4': compression must be one of uncompressed, gzip, estargz, zstd: BuildKit checks it when it configures the cache (util/compression/attrs.go), before ignore-error applies, and the build would fail"
    ]
  ])('%j', async (argv, message) => {
    expect(await cli(...argv, ...(argv[0] === 'gc' ? ['--volume', volume] : []))).toEqual({ code: EXIT.usage, out: '', err: message })
  })
})

describe('plan', () => {
  test('local mode on a store: the intact scopes, in order', async () => {
    expect(await cli('plan', '--volume', volume, '--repo', 'app', '--pr', '3', '--base', 'dev')).toEqual({
      code: EXIT.ok,
      out: [
        '# backend local, scope pr-3',
        `--cache-from type=local,src=${volume}/app,tag=dev`,
        `--cache-from type=local,src=${volume}/app,tag=main`,
        `--cache-to type=local,dest=${volume}/app,tag=pr-3,mode=max,ignore-error=true`
      ].join('\n'),
      err: ''
    })
  })

  test('a store that does not exist yet: cold, exit 0, said on stderr, nothing created', async () => {
    const result = await cli('plan', '--volume', volume, '--repo', 'new', '--branch', 'main')
    expect(result).toEqual({
      code: EXIT.ok,
      out: ['# backend local, scope main', `--cache-to type=local,dest=${volume}/new,tag=main,mode=max,ignore-error=true`].join('\n'),
      err: `No store at ${volume}/new yet: the cache is cold and the first build creates it`
    })
    expect(fs.existsSync(path.join(volume, 'new'))).toBe(false)
  })

  test('a volume that does not exist: exit 1 naming the path', async () => {
    const missing = path.join(dir, 'no-such-volume')
    expect(await cli('plan', '--volume', missing, '--repo', 'app')).toEqual({ code: EXIT.problems, out: '', err: `--volume ${missing}: no such directory` })
  })

  test('registry mode needs no volume', async () => {
    const result = await cli('plan', '--mode', 'registry', '--registry-ref', 'registry.example/app-cache', '--volume', path.join(dir, 'none'), '--repo', 'app')
    expect(result.code).toBe(EXIT.ok)
    expect(result.out).toContain('--cache-from type=registry,ref=registry.example/app-cache:main')
  })

  test("gha: the runner's cache token is honoured and said on stderr, as the action logs it", async () => {
    const runner = { ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN, ACTIONS_CACHE_URL: 'http://127.0.0.1:9/', ACTIONS_CACHE_MODE: 'read' }
    Object.assign(process.env, runner)
    try {
      const result = await cli('plan', '--mode', 'gha', '--repo', 'app')
      expect(result.code).toBe(EXIT.ok)
      expect(result.err).toContain('ACTIONS_CACHE_MODE is read')
      expect(result.out).toContain('--cache-from type=gha,scope=app-main')
      expect(result.out).not.toContain('--cache-to')
    } finally {
      for (const name of Object.keys(runner)) delete process.env[name]
    }
  })
})

describe('registry list and rm, against a registry over HTTP', () => {
  let registry: FakeRegistry
  let ref: string
  let main_: string
  afterEach(async () => {
    await registry?.close()
    delete process.env.DOCKER_CONFIG
  })
  const start = async (options: Parameters<typeof startFakeRegistry>[0] = {}) => {
    registry = await startFakeRegistry(options)
    ref = `${registry.host}/org/cache`
    // No login at hand unless a test writes one.
    process.env.DOCKER_CONFIG = path.join(dir, 'no-docker-config')
    main_ = registry.put('main', cacheManifest('main', [4000, 2000]))
    registry.tags.set('dev', main_)
    registry.put('feature-x', cacheManifest('feature', [4000, 1000]))
  }

  test('list: each scope with its digest, the bytes its manifest references, and which tags share a manifest', async () => {
    await start()
    const listed = await cli('registry', 'list', '--ref', ref)
    expect(listed.code).toBe(EXIT.ok)
    expect(listed.out).toContain(`dev        ${main_.slice(7, 19)}  6.2KiB  3      same manifest as main`)
    expect(listed.out).toMatch(/feature-x +[0-9a-f]{12} +5\.2KiB +3 +ok/)
    expect(listed.out).toContain('3 scopes; 11.3KiB in distinct blobs')
    const json = JSON.parse((await cli('registry', 'list', '--ref', ref, '--json')).out) as { scopes: Array<Record<string, unknown>>; distinctBytes: number }
    expect(json.scopes.map((s) => [s.scope, s.bytes, s.blobs, s.sharedWith])).toEqual([
      ['dev', 6300, 3, ['main']],
      ['feature-x', 5300, 3, []],
      ['main', 6300, 3, ['dev']]
    ])
    // main and dev share one manifest: its blobs count once.
    expect(json.distinctBytes).toBe(11600)
  })

  test('list: a tag whose manifest cannot be read is named, and the command exits 1', async () => {
    await start()
    registry.put('broken', 'not json')
    const listed = await cli('registry', 'list', '--ref', ref)
    expect(listed.code).toBe(EXIT.problems)
    expect(listed.out).toMatch(/broken +[0-9a-f]{12} +- +- +its manifest cannot be read: the manifest is not JSON/)
  })

  test('rm: a scope of its own goes by digest; a scope sharing its manifest is kept (exit 1) unless every tag on it is named', async () => {
    await start()
    const own = await cli('registry', 'rm', '--ref', ref, '--scope', 'feature-x')
    expect(own.code).toBe(EXIT.ok)
    expect(own.out).toMatch(new RegExp(`^${ref.replace(/[.]/g, '\\.')}:feature-x: deleted \\(manifest sha256:[0-9a-f]{64}\\)$`))
    expect([...registry.tags.keys()].sort()).toEqual(['dev', 'main'])

    const shared = await cli('registry', 'rm', '--ref', ref, '--scope', 'dev')
    expect(shared.code).toBe(EXIT.problems)
    expect(shared.out).toBe(
      `${ref}:dev: kept, it points at the same manifest as main, and this registry deletes manifests only by digest, which would delete main too`
    )
    expect([...registry.tags.keys()].sort()).toEqual(['dev', 'main'])
    expect(registry.requests.filter((r) => r.startsWith('DELETE'))).toEqual([
      expect.stringContaining('/manifests/sha256:'),
      'DELETE /v2/org/cache/manifests/dev'
    ])

    const dry = await cli('registry', 'rm', '--ref', ref, '--scope', 'dev', '--scope', 'main', '--dry-run')
    expect(dry.code).toBe(EXIT.ok)
    expect(dry.out.split('\n')).toEqual([`${ref}:dev: would delete manifest ${main_} (dry-run)`, `${ref}:main: would delete manifest ${main_} (dry-run)`])
    expect(registry.tags.size).toBe(2)

    const both = await cli('registry', 'rm', '--ref', ref, '--scope', 'dev', '--scope', 'main', '--scope', 'gone')
    expect(both.code).toBe(EXIT.ok)
    expect(both.out.split('\n')).toEqual([
      `${ref}:dev: deleted (manifest ${main_})`,
      `${ref}:main: deleted (manifest ${main_})`,
      `${ref}:gone: not in the registry`
    ])
    expect(registry.tags.size).toBe(0)
  })

  test('rm on a registry that deletes tags (OCI 1.1): the shared scope loses its tag only, the manifest stays for main', async () => {
    await start({ tagDeletes: true })
    const result = await cli('registry', 'rm', '--ref', ref, '--scope', 'dev')
    expect([result.code, result.out]).toEqual([EXIT.ok, `${ref}:dev: deleted (the tag only; other tags share its manifest)`])
    expect([...registry.tags]).toEqual([
      ['main', main_],
      ['feature-x', expect.any(String)]
    ])
  })

  test("credentials from the Docker config, as the action reads them; without them the registry's 401 is the message, exit 1", async () => {
    await start({ login: { username: 'ci', password: 's3cret' } })
    const refused = await cli('registry', 'list', '--ref', ref)
    expect(refused.code).toBe(EXIT.problems)
    expect(refused.err).toMatch(/the registry refused listing the tags of org\/cache \(401\): no credentials for 127\.0\.0\.1:\d+ in the Docker config/)
    // Inside the volume folder, which the sentinel check leaves to each test.
    const config = path.join(volume, 'docker-config')
    fs.mkdirSync(config)
    fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from('ci:s3cret').toString('base64') } } }))
    process.env.DOCKER_CONFIG = config
    const listed = await cli('registry', 'list', '--ref', ref)
    expect(listed.code).toBe(EXIT.ok)
    expect(listed.err).toContain(`Registry credentials for ${registry.host}: from ${path.join(config, 'config.json')}`)
    expect(listed.err).not.toContain('s3cret')
    expect(listed.out).toContain('3 scopes')
  })

  test.each([
    [['registry', 'list'], "Option '--ref' has an invalid value '': the cache repository is required"],
    [['registry', 'list', '--ref', 'Git.Example.com/Org/Cache:main'], "Option '--ref' has an invalid value 'Git.Example.com/Org/Cache:main'"],
    [['registry', 'rm', '--ref', 'git.example.com/org/cache'], "Option '--scope' has an invalid value '': at least one scope"],
    [['registry', 'rm', '--ref', 'git.example.com/org/cache', '--scope', 'feature/x'], "Option '--scope' has an invalid value 'feature/x': a tag is allowed"],
    [['registry', 'list', '--ref', 'git.example.com/org/cache', '--scope', 'x'], "Unknown option '--scope'"],
    [['registry', 'prune'], "Unknown registry command 'prune'"],
    [['registry'], 'registry needs a command, list or rm']
  ])('%j: exit 2, naming what was wrong', async (argv, message) => {
    const result = await cli(...argv)
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toContain(message)
  })
})

describe('reset', () => {
  /** A docker that answers as buildx would and records every call. */
  function fakeDocker({ container = true, known = true } = {}) {
    const calls: string[] = []
    let record = known
    const docker = async (args: string[]) => {
      calls.push(args.join(' '))
      if (args[0] === 'container')
        return container ? { code: 0, stdout: '/buildx_buildkit_cachekeeper-app0\n', stderr: '' } : { code: 1, stdout: '', stderr: 'Error: No such container' }
      if (args[1] === 'create') {
        record = true
        return { code: 0, stdout: 'cachekeeper-app\n', stderr: '' }
      }
      if (args[1] === 'prune')
        return record
          ? { code: 0, stdout: 'ID\tRECLAIMABLE\nTotal:\t12.5MB\n', stderr: '' }
          : { code: 1, stdout: '', stderr: 'ERROR: no builder "cachekeeper-app" found' }
      return { code: 1, stdout: '', stderr: 'unexpected' }
    }
    return { calls, docker }
  }

  async function resetCli(docker: ReturnType<typeof fakeDocker>['docker'] | undefined, ...argv: string[]) {
    if (!docker) return cli('reset', ...argv)
    const out: string[] = []
    const err: string[] = []
    const code = await main(['reset', ...argv], { out: (text) => out.push(text), err: (text) => err.push(text), docker })
    return { code, out: out.join('\n'), err: err.join('\n') }
  }

  test('--scope: that scope leaves the index and GC reclaims what only it used; other scopes and other repositories stay', async () => {
    const web = contents(path.join(volume, 'web'))
    const result = await resetCli(undefined, '--volume', volume, '--repo', 'app', '--scope', 'dev')
    expect(result).toMatchObject({ code: EXIT.ok })
    expect(result.out).toMatch(/^app: dropped dev; gc deleted 4 blobs \(\S+\); keeps 4 blobs/)
    expect(tags('app')).toEqual(['main'])
    expect(contents(path.join(volume, 'web'))).toBe(web)
    expect((await cli('check', '--volume', volume)).code).toBe(EXIT.ok)
  })

  test('without --scope every scope of the repository goes; --dry-run first changes nothing', async () => {
    const app = contents(path.join(volume, 'app'))
    const dry = await resetCli(undefined, '--volume', volume, '--repo', 'app', '--dry-run')
    expect(dry.code).toBe(EXIT.ok)
    expect(dry.out).toBe('app: would drop main, dev; gc would then delete the blobs no other scope uses')
    expect(contents(path.join(volume, 'app'))).toBe(app)
    const real = await resetCli(undefined, '--volume', volume, '--repo', 'app')
    expect(real.out).toMatch(/^app: dropped main, dev; gc deleted 8 blobs \(\S+\); keeps 0 blobs/)
    expect(tags('app')).toEqual([])
    expect(tags('web')).toEqual(['main'])
  })

  test('a named scope that is not there: exit 1 naming it; the scopes that are there are still reset', async () => {
    const result = await resetCli(undefined, '--volume', volume, '--repo', 'app', '--scope', 'typo', '--scope', 'dev')
    expect(result.code).toBe(EXIT.problems)
    expect(result.err).toBe('--scope typo: app has no such scope (it has main, dev)')
    expect(tags('app')).toEqual(['main'])
  })

  test.each([
    [['--volume', '/v'], "Option '--repo' has an invalid value '': the repository whose cache is reset is required, as status lists it"],
    [
      ['--repo', 'app', '--scope', 'a b'],
      "Option '--scope' has an invalid value 'a b': a scope as status lists it is allowed (an OCI tag: letters, digits, _ . -)"
    ],
    [['--repo', '../x'], expect.stringMatching(/^Option '--repo' has an invalid value '\.\.\/x'/)],
    [['--repo', 'app', '--all'], expect.stringMatching(/Unknown option '--all'/)]
  ])('bad flags %j: exit 2, naming the flag', async (argv, message) => {
    expect(await resetCli(undefined, ...argv)).toEqual({ code: EXIT.usage, out: '', err: message })
  })

  test('--help', async () => {
    const result = await cli('reset', '--help')
    expect(result.code).toBe(EXIT.ok)
    expect(result.out).toMatch(/^Usage: reset --repo NAME/)
  })

  test("--builder prunes only that repository's builder, all of its cache", async () => {
    const fake = fakeDocker()
    const result = await resetCli(fake.docker, '--volume', volume, '--repo', 'app', '--builder')
    expect(result.code).toBe(EXIT.ok)
    expect(fake.calls).toEqual([
      'container inspect --format {{.Name}} buildx_buildkit_cachekeeper-app0',
      'buildx prune --builder cachekeeper-app --all --force'
    ])
    expect(result.out.split('\n')[1]).toBe('builder cachekeeper-app: pruned its whole cache (12.5MB reclaimed)')
    expect(tags('web')).toEqual(['main'])
  })

  test('--builder from a buildx configuration without a record of it (the host): the record is made, as main does, then the prune', async () => {
    const fake = fakeDocker({ known: false })
    expect((await resetCli(fake.docker, '--volume', volume, '--repo', 'app', '--builder')).code).toBe(EXIT.ok)
    expect(fake.calls.slice(1)).toEqual([
      'buildx prune --builder cachekeeper-app --all --force',
      'buildx create --name cachekeeper-app --driver docker-container',
      'buildx prune --builder cachekeeper-app --all --force'
    ])
  })

  test('--builder whose container is gone: no prune (it would bootstrap a new one); --dry-run prunes nothing', async () => {
    const gone = fakeDocker({ container: false })
    const result = await resetCli(gone.docker, '--volume', volume, '--repo', 'app', '--builder', '--dry-run')
    expect(result.out).toContain('builder cachekeeper-app: no container buildx_buildkit_cachekeeper-app0, nothing to prune')
    expect(gone.calls.filter((call) => call.startsWith('buildx'))).toEqual([])
    const dry = fakeDocker()
    expect((await resetCli(dry.docker, '--volume', volume, '--repo', 'app', '--builder', '--dry-run')).out).toContain('would prune its whole cache')
    expect(dry.calls.filter((call) => call.startsWith('buildx'))).toEqual([])
  })

  test('--builder for a repository with no store (jobs without a volume): the builder alone, exit 0; without --builder: exit 1', async () => {
    const fake = fakeDocker()
    const result = await resetCli(fake.docker, '--volume', path.join(dir, 'no-volume'), '--repo', 'app', '--builder')
    expect(result.code).toBe(EXIT.ok)
    expect(result.out.split('\n')[0]).toMatch(/^app: no store at .*; only the builder is reset$/)
    expect(fake.calls).toContain('buildx prune --builder cachekeeper-app --all --force')
    expect(fs.existsSync(path.join(dir, 'no-volume'))).toBe(false)
    const none = await resetCli(undefined, '--volume', path.join(dir, 'no-volume'), '--repo', 'app')
    expect(none.code).toBe(EXIT.problems)
  })
})
