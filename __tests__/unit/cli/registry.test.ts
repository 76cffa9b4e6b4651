// registry list and rm against a registry over HTTP; a volume beside them that no command may touch.
import { afterEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { EXIT } from '../../../src/cli/cli.js'
import { cli, eachCliVolume } from '../../../__fixtures__/cli.js'
import { cacheManifest, startFakeRegistry, type FakeRegistry } from '../../../__fixtures__/fake-registry.js'

let dir: string
let volume: string

eachCliVolume((fixture) => ({ dir, volume } = fixture))

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
