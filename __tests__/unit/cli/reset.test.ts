// reset: one repository's cache started over, its store and with --builder its persistent builder,
// on stores built by the fixtures; another repository and what lies beside the volume stay untouched.
import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { EXIT } from '../../../src/cli/cli.js'
import type { DockerCli } from '../../../src/docker-cli.js'
import { readIndex, tagOf } from '../../../src/store/oci.js'
import { cli, contents, eachCliVolume, NO_DOCKER, runCli } from '../../../__fixtures__/cli.js'

let dir: string
let volume: string

eachCliVolume((fixture) => ({ dir, volume } = fixture))

const tags = (repo: string) => readIndex(path.join(volume, repo, 'index.json')).manifests.map(tagOf)

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

  const resetCli = (docker: DockerCli | undefined, ...argv: string[]) => runCli(docker ?? NO_DOCKER, ['reset', ...argv])

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
