// The commands cli.ts itself runs (check, plan, prune-builders' flags), on stores built by the
// fixtures: exact exit codes and messages, and nothing outside --volume is ever touched.
import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { EXIT } from '../../../src/cli/cli.js'
import { readIndex, tagOf } from '../../../src/store/oci.js'
import { cli, contents, corruptDevLayer, eachCliVolume, tree } from '../../../__fixtures__/cli.js'
import { blobFile } from '../../../__fixtures__/oci.js'
import { RUNTIME_TOKEN } from '../../../__fixtures__/runtime-token.js'

let dir: string
let volume: string

eachCliVolume((fixture) => ({ dir, volume } = fixture))

const tags = (repo: string) => readIndex(path.join(volume, repo, 'index.json')).manifests.map(tagOf)

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
    const digest = corruptDevLayer(volume)
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
    const digest = corruptDevLayer(volume)
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
    corruptDevLayer(volume)
    const [app] = JSON.parse((await cli('check', '--volume', volume, '--repo', 'app', '--verify-digests', '--json')).out) as Array<Record<string, unknown>>
    expect(app).toMatchObject({ repo: 'app', ok: false, repair: { dryRun: false, droppedTags: ['dev'], sweptBlobs: 4 } })
    expect(app).not.toHaveProperty('failures')
  })

  test('without --verify-digests check changes nothing, also on content failing its digest', async () => {
    corruptDevLayer(volume)
    const before = tree(volume)
    expect(await cli('check', '--volume', volume)).toMatchObject({ code: EXIT.ok })
    expect(tree(volume)).toBe(before)
  })

  test('a volume holding no store: exit 1, a health check that checked nothing does not pass', async () => {
    const empty = path.join(dir, 'x')
    expect(await cli('check', '--volume', empty)).toEqual({ code: EXIT.problems, out: '', err: `--volume ${empty}: no stores to check` })
  })
})

describe('bad flag values: exit 2, naming the flag, the value and what is allowed', () => {
  const DURATION = 'a positive duration with a unit (s, m, h, d, w) is allowed, such as 30m, 6h or 14d'
  test.each([
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
    expect(await cli(...argv)).toEqual({ code: EXIT.usage, out: '', err: message })
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
