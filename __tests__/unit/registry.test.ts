import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { parseChallenge, tokenUrl } from '../../src/registry/challenge.js'
import { nextPage, RegistryClient, type Deletion, type Lookup, type TagList } from '../../src/registry/client.js'
import { dockerConfigPath, findCredentials, helperProgram, hostOfKey, parseHelperOutput, type DockerConfig } from '../../src/registry/credentials.js'
import { endpointsFor, isLoopbackHost, parseRegistryRef } from '../../src/registry/reference.js'
import { supersededRow } from '../../src/phases/registry-cache.js'
import { dockerLogin } from '../../src/registry/docker-login.js'
import { manifestContent } from '../../src/registry/listing.js'
import { deleteScope, judgeExport, lookUpScopes, removeManifest, removeScopes, tagsSharing } from '../../src/registry/scopes.js'
import { SELF_SIGNED } from '../../__fixtures__/fake-registry.js'

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64')
const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`

describe('parseRegistryRef', () => {
  const https_ = (url: string) => [{ url, verifyTls: true }]
  const hub = https_('https://registry-1.docker.io')
  test.each([
    ['git.example.com/org/app-cache', false, { host: 'git.example.com', endpoints: https_('https://git.example.com'), repository: 'org/app-cache' }],
    ['git.example.com:3000/org/app', false, { host: 'git.example.com:3000', endpoints: https_('https://git.example.com:3000'), repository: 'org/app' }],
    [
      'git.lan/org/app',
      true,
      {
        host: 'git.lan',
        endpoints: [
          { url: 'https://git.lan', verifyTls: false },
          { url: 'http://git.lan', verifyTls: true }
        ],
        repository: 'org/app'
      }
    ],
    ['127.0.0.1:5000/cache', false, { host: '127.0.0.1:5000', endpoints: https_('http://127.0.0.1:5000'), repository: 'cache' }],
    ['127.0.0.1:5000/cache', true, { host: '127.0.0.1:5000', endpoints: https_('http://127.0.0.1:5000'), repository: 'cache' }],
    ['localhost:5000/a/b/c', false, { host: 'localhost:5000', endpoints: https_('http://localhost:5000'), repository: 'a/b/c' }],
    ['localhost/cache', false, { host: 'localhost', endpoints: https_('http://localhost'), repository: 'cache' }],
    ['org/app', false, { host: 'docker.io', endpoints: hub, repository: 'org/app' }],
    ['app', false, { host: 'docker.io', endpoints: hub, repository: 'library/app' }],
    ['docker.io/org/app', false, { host: 'docker.io', endpoints: hub, repository: 'org/app' }],
    ['docker.io/app', false, { host: 'docker.io', endpoints: hub, repository: 'library/app' }],
    ['docker.io/library/app', false, { host: 'docker.io', endpoints: hub, repository: 'library/app' }],
    ['index.docker.io/org/app', false, { host: 'docker.io', endpoints: hub, repository: 'org/app' }],
    ['registry-1.docker.io/org/app', false, { host: 'docker.io', endpoints: hub, repository: 'org/app' }],
    ['docker.io/org/app', true, { host: 'docker.io', endpoints: hub, repository: 'org/app' }]
  ])('%s (insecure %s)', (ref, insecure, expected) => {
    expect(parseRegistryRef(ref, { insecure })).toEqual(expected)
  })

  test.each([
    ['git.example.com', false, ['https://git.example.com verified']],
    ['git.example.com', true, ['https://git.example.com unverified', 'http://git.example.com verified']],
    ['10.0.0.1:5000', true, ['https://10.0.0.1:5000 unverified', 'http://10.0.0.1:5000 verified']],
    ['127.0.0.1:5000', true, ['http://127.0.0.1:5000 verified']],
    ['[::1]:5000', false, ['http://[::1]:5000 verified']]
  ])('endpoints of %s (insecure %s)', (host, insecure, expected) => {
    expect(endpointsFor(host, insecure).map(({ url, verifyTls }) => `${url} ${verifyTls ? 'verified' : 'unverified'}`)).toEqual(expected)
  })

  test('Docker Hub refs log in under the v1 index key, as docker login stores it', () => {
    const config: DockerConfig = { auths: { 'https://index.docker.io/v1/': { auth: basic('hub', 'p') } } }
    for (const ref of ['docker.io/org/app', 'index.docker.io/org/app', 'org/app'])
      expect(findCredentials(config, parseRegistryRef(ref).host)).toEqual({ kind: 'config', credentials: { username: 'hub', password: 'p' } })
    expect(findCredentials({ credsStore: 'desktop' }, parseRegistryRef('index.docker.io/org/app').host)).toEqual({
      kind: 'helper',
      helper: 'desktop',
      serverUrl: 'https://index.docker.io/v1/'
    })
  })

  test.each([
    ['127.0.0.1', true],
    ['127.8.9.10:5000', true],
    ['localhost:5000', true],
    ['[::1]:5000', true],
    ['127.0.0.1.example.com', false],
    ['10.0.0.1:5000', false],
    ['localhost.example.com', false]
  ])('loopback %s: %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected))
})

describe('parseChallenge', () => {
  test.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:org/app:pull,push"',
      { scheme: 'bearer', realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:org/app:pull,push' }
    ],
    [
      'Bearer realm="https://git.example.com/v2/token",service="container_registry",scope="*"',
      { scheme: 'bearer', realm: 'https://git.example.com/v2/token', service: 'container_registry', scope: '*' }
    ],
    ['bearer realm=https://r.test/token, service=r.test', { scheme: 'bearer', realm: 'https://r.test/token', service: 'r.test' }],
    ['Basic realm="test"', { scheme: 'basic', realm: 'test' }],
    ['Basic', { scheme: 'basic' }],
    ['Basic realm="x", Bearer realm="https://t.test/token"', { scheme: 'bearer', realm: 'https://t.test/token' }],
    ['Bearer realm="https://t.test/a\\"b"', { scheme: 'bearer', realm: 'https://t.test/a"b' }],
    ['Negotiate', undefined],
    ['Bearer service="no-realm"', undefined],
    ['', undefined],
    [null, undefined]
  ])('%s', (header, expected) => {
    expect(parseChallenge(header)).toEqual(expected)
  })

  test('the token URL carries service and scope, the challenge scope first', () => {
    expect(tokenUrl({ scheme: 'bearer', realm: 'https://t.test/token?x=1', service: 'svc' }, 'repository:a:pull')).toBe(
      'https://t.test/token?x=1&service=svc&scope=repository%3Aa%3Apull'
    )
    expect(tokenUrl({ scheme: 'bearer', realm: 'https://t.test/token', scope: '*' }, 'repository:a:pull')).toBe('https://t.test/token?scope=*')
  })
})

describe('credentials from the Docker config', () => {
  test.each<[string, string, DockerConfig, ReturnType<typeof findCredentials>]>([
    [
      'auth entry by bare host',
      'git.example.com',
      { auths: { 'git.example.com': { auth: basic('ci', 'pa:ss') } } },
      { kind: 'config', credentials: { username: 'ci', password: 'pa:ss' } }
    ],
    [
      'auth entry keyed by URL',
      'git.example.com',
      { auths: { 'https://git.example.com/v2/': { auth: basic('ci', 's') } } },
      { kind: 'config', credentials: { username: 'ci', password: 's' } }
    ],
    [
      'host with port',
      '127.0.0.1:5001',
      { auths: { '127.0.0.1:5001': { auth: basic('u', 'p') }, '127.0.0.1:5000': { auth: basic('x', 'y') } } },
      { kind: 'config', credentials: { username: 'u', password: 'p' } }
    ],
    ['another host only', 'git.example.com', { auths: { 'other.example.com': { auth: basic('u', 'p') } } }, { kind: 'none' }],
    [
      'Docker Hub under its v1 key',
      'docker.io',
      { auths: { 'https://index.docker.io/v1/': { auth: basic('hub', 'p') } } },
      { kind: 'config', credentials: { username: 'hub', password: 'p' } }
    ],
    [
      'username and password fields',
      'r.test',
      { auths: { 'r.test': { username: 'u', password: 'p' } } },
      { kind: 'config', credentials: { username: 'u', password: 'p' } }
    ],
    [
      'per-host helper wins',
      'r.test',
      { credHelpers: { 'r.test': 'ecr-login' }, auths: { 'r.test': { auth: basic('u', 'p') } } },
      { kind: 'helper', helper: 'ecr-login', serverUrl: 'r.test' }
    ],
    ['store when the file has no entry', 'r.test', { credsStore: 'pass', auths: { 'r.test': {} } }, { kind: 'helper', helper: 'pass', serverUrl: 'r.test' }],
    [
      'the file entry before the store',
      'r.test',
      { credsStore: 'pass', auths: { 'r.test': { auth: basic('u', 'p') } } },
      { kind: 'config', credentials: { username: 'u', password: 'p' } }
    ],
    [
      'store for Docker Hub gets the v1 URL',
      'docker.io',
      { credsStore: 'desktop' },
      { kind: 'helper', helper: 'desktop', serverUrl: 'https://index.docker.io/v1/' }
    ],
    [
      'identity token',
      'r.test',
      { auths: { 'r.test': { identitytoken: 'x' } } },
      { kind: 'unsupported', reason: expect.stringContaining('identity token') as unknown as string }
    ],
    [
      'auth that is not user:password',
      'r.test',
      { auths: { 'r.test': { auth: Buffer.from('nocolon').toString('base64') } } },
      { kind: 'unsupported', reason: expect.stringContaining('not base64') as unknown as string }
    ],
    ['empty config', 'r.test', {}, { kind: 'none' }]
  ])('%s', (_name, host, config, expected) => {
    expect(findCredentials(config, host)).toEqual(expected)
  })

  test.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['HTTP://Git.Example.com:3000/v2/', 'git.example.com:3000'],
    ['127.0.0.1:5000', '127.0.0.1:5000']
  ])('config key %s names host %s', (key, host) => expect(hostOfKey(key)).toBe(host))

  test.each([
    [{ DOCKER_CONFIG: '/tmp/dc' }, '/tmp/dc/config.json'],
    [{ HOME: '/home/ci' }, '/home/ci/.docker/config.json'],
    [{}, '/root/.docker/config.json']
  ])('config file for %j', (env, file) => expect(dockerConfigPath(env, '/root')).toBe(file))

  test.each([
    ['{"ServerURL":"r.test","Username":"u","Secret":"s"}', { username: 'u', password: 's' }],
    ['{"ServerURL":"r.test","Username":"<token>","Secret":"t"}', { unsupported: expect.stringContaining('identity token') }],
    ['credentials not found in native keychain', undefined],
    ['{"Username":"u","Secret":""}', undefined]
  ])('helper output %s', (text, expected) => expect(parseHelperOutput(text)).toEqual(expected))

  test.each([
    ['pass', 'docker-credential-pass'],
    ['ecr-login', 'docker-credential-ecr-login'],
    ['../../bin/sh', undefined],
    ['a b', undefined]
  ])('helper %s runs %s', (helper, program) => expect(helperProgram(helper)).toBe(program))
})

/** A client stand-in answering from a table of tags; the tag list is the table's keys unless given. */
function fakeClient(tags: Record<string, Lookup>, deletions: { manifest?: Deletion; tag?: Deletion } = {}, list?: TagList) {
  const calls: string[] = []
  return {
    calls,
    resolve: async (tag: string) => {
      calls.push(`resolve ${tag}`)
      return tags[tag] ?? { state: 'absent' as const }
    },
    listTags: async (limit: number): Promise<TagList> => {
      calls.push('list')
      const all = Object.keys(tags)
      return list ?? { state: 'listed', tags: all.slice(0, limit), truncated: all.length > limit }
    },
    deleteManifest: async (digest: string) => {
      calls.push(`delete ${digest}`)
      return deletions.manifest ?? { state: 'deleted' as const }
    },
    deleteTag: async (tag: string) => {
      calls.push(`delete tag ${tag}`)
      return deletions.tag ?? { state: 'refused' as const, status: 400, problem: 'unsupported' }
    }
  }
}

describe('lookUpScopes', () => {
  test.each<[string, Record<string, Lookup>, string[], string | undefined, object, string[]]>([
    ['warm on the written scope', { main: { state: 'found', digest: D1 } }, ['main'], 'main', { restored: 'main', writeDigest: D1 }, ['resolve main']],
    [
      'a PR warm from its base',
      { main: { state: 'found', digest: D1 } },
      ['pr-7', 'main'],
      'pr-7',
      { restored: 'main', writeDigest: '' },
      ['resolve pr-7', 'resolve main']
    ],
    ['cold', {}, ['pr-7', 'main'], 'pr-7', { writeDigest: '' }, ['resolve pr-7', 'resolve main']],
    [
      'read-only, second fallback',
      { main: { state: 'found', digest: D2 } },
      ['develop', 'main'],
      undefined,
      { restored: 'main' },
      ['resolve develop', 'resolve main']
    ],
    [
      'unreachable stops at the first tag',
      { 'pr-7': { state: 'failed', problem: 'ECONNREFUSED' } },
      ['pr-7', 'main'],
      'pr-7',
      { problem: 'ECONNREFUSED' },
      ['resolve pr-7']
    ]
  ])('%s', async (_name, tags, order, writeTag, expected, calls) => {
    const client = fakeClient(tags)
    expect(await lookUpScopes(client, order, writeTag)).toEqual(expected)
    expect(client.calls).toEqual(calls)
  })
})

describe('judgeExport', () => {
  const ref = 'r.test/cache:main'
  test.each<[string, string | undefined, Lookup, RegExp, RegExp | undefined]>([
    ['written where nothing was', '', { state: 'found', digest: D1 }, /^written at r\.test\/cache:main \(111111111111\)$/, undefined],
    ['updated', D1, { state: 'found', digest: D2 }, /^updated at r\.test\/cache:main/, undefined],
    [
      'unchanged is no warning, and says both readings',
      D1,
      { state: 'found', digest: D1 },
      /^unchanged at r\.test\/cache:main .*nothing new to export, or the export failed/,
      undefined
    ],
    ['present when main could not look', undefined, { state: 'found', digest: D1 }, /^present at/, undefined],
    [
      'nothing arrived',
      '',
      { state: 'absent' },
      /^missing: no cache arrived at r\.test\/cache:main$/,
      /^No cache arrived at r\.test\/cache:main: .*runs cold$/
    ],
    ['gone since main saw it', D1, { state: 'absent' }, /^missing/, /^No cache arrived at r\.test\/cache:main/],
    [
      'unreachable',
      undefined,
      { state: 'failed', problem: 'r.test: ECONNREFUSED' },
      /^not checked: r\.test: ECONNREFUSED$/,
      /^The cache export to r\.test\/cache:main could not be checked \(r\.test: ECONNREFUSED\)/
    ]
  ])('%s', (_name, before, after, row, warning) => {
    const verdict = judgeExport(ref, before, after)
    expect(verdict.row).toMatch(row)
    if (warning) expect(verdict.warning).toMatch(warning)
    else expect(verdict.warning).toBeUndefined()
  })
})

describe('deleteScope', () => {
  const found = (digest: string): Lookup => ({ state: 'found', digest })
  test.each<[string, Record<string, Lookup>, { manifest?: Deletion; tag?: Deletion }, TagList | undefined, boolean, object, string[]]>([
    [
      'deletes the manifest by digest when no other tag points at it',
      { 'pr-7': found(D1), main: found(D2) },
      {},
      undefined,
      false,
      { state: 'deleted', digest: D1, tagOnly: false },
      ['resolve pr-7', 'list', 'resolve main', `delete ${D1}`]
    ],
    ['absent tag: nothing to do', {}, {}, undefined, false, { state: 'absent' }, ['resolve pr-7']],
    [
      'dry-run deletes nothing',
      { 'pr-7': found(D1), main: found(D2) },
      {},
      undefined,
      true,
      { state: 'would-delete', digest: D1, sharedWith: [] },
      ['resolve pr-7', 'list', 'resolve main']
    ],
    [
      "the user's image tags pushed with it: the tag only, where supported",
      { 'pr-7': found(D1), 'sha-abc1234': found(D1), 'v1.4.0': found(D1), main: found(D2) },
      { tag: { state: 'deleted' } },
      undefined,
      false,
      { state: 'deleted', digest: D1, tagOnly: true },
      ['resolve pr-7', 'list', 'resolve sha-abc1234', 'resolve v1.4.0', 'resolve main', 'delete tag pr-7']
    ],
    [
      "the user's image tags, tag deletes refused: kept, naming them",
      { 'pr-7': found(D1), 'sha-abc1234': found(D1), 'v1.4.0': found(D1), main: found(D2) },
      {},
      undefined,
      false,
      {
        state: 'kept',
        digest: D1,
        reason: 'it points at the same manifest as sha-abc1234, v1.4.0, and this registry deletes manifests only by digest, which would delete those tags too'
      },
      ['resolve pr-7', 'list', 'resolve sha-abc1234', 'resolve v1.4.0', 'resolve main', 'delete tag pr-7']
    ],
    [
      'a tag list that fails: kept, never deleted on a guess',
      { 'pr-7': found(D1) },
      {},
      { state: 'failed', problem: 'the registry answered 500' },
      false,
      { state: 'kept', digest: D1, reason: 'the tags that may share its manifest could not be checked (the registry answered 500)' },
      ['resolve pr-7', 'list']
    ],
    [
      'a tag that cannot be resolved: kept',
      { 'pr-7': found(D1), main: { state: 'failed', problem: 'ECONNRESET' } },
      {},
      undefined,
      false,
      { state: 'kept', digest: D1, reason: expect.stringContaining('ECONNRESET (while resolving main)') },
      ['resolve pr-7', 'list', 'resolve main']
    ],
    [
      'more tags than are resolved: kept',
      { 'pr-7': found(D1) },
      {},
      { state: 'listed', tags: ['pr-7'], truncated: true },
      false,
      { state: 'kept', digest: D1, reason: expect.stringContaining('more than 1000 tags') },
      ['resolve pr-7', 'list']
    ],
    [
      'deletes disabled (405): refused, with the way out',
      { 'pr-7': found(D1) },
      { manifest: { state: 'refused', status: 405, problem: '405, UNSUPPORTED' } },
      undefined,
      false,
      { state: 'refused', digest: D1, problem: '405, UNSUPPORTED', hint: expect.stringContaining('REGISTRY_STORAGE_DELETE_ENABLED=true') },
      ['resolve pr-7', 'list', `delete ${D1}`]
    ],
    [
      'no permission (403): refused, no hint',
      { 'pr-7': found(D1) },
      { manifest: { state: 'refused', status: 403, problem: 'denied' } },
      undefined,
      false,
      { state: 'refused', digest: D1, problem: 'denied' },
      ['resolve pr-7', 'list', `delete ${D1}`]
    ],
    [
      'unreachable',
      { 'pr-7': { state: 'failed', problem: 'ECONNREFUSED' } },
      {},
      undefined,
      false,
      { state: 'failed', problem: 'ECONNREFUSED' },
      ['resolve pr-7']
    ]
  ])('%s', async (_name, tags, deletions, list, dryRun, expected, calls) => {
    const client = fakeClient(tags, deletions, list)
    expect(await deleteScope(client, 'pr-7', dryRun)).toEqual(expected)
    expect(client.calls).toEqual(calls)
  })
})

describe('the manifest an export superseded', () => {
  test.each<[string, Record<string, Lookup>, boolean, object]>([
    ['no tag left on it: deleted', { main: { state: 'found', digest: D2 } }, false, { state: 'deleted', digest: D1, tagOnly: false }],
    [
      'another scope still on it: kept, nothing deleted',
      { main: { state: 'found', digest: D2 }, develop: { state: 'found', digest: D1 } },
      false,
      { state: 'kept', digest: D1, reason: 'develop still point at it' }
    ],
    ['dry-run', { main: { state: 'found', digest: D2 } }, true, { state: 'would-delete', digest: D1, sharedWith: [] }]
  ])('%s', async (_name, tags, dryRun, expected) => {
    const client = fakeClient(tags)
    expect(await removeManifest(client, D1, undefined, dryRun)).toEqual(expected)
    expect(client.calls.filter((call) => call.startsWith('delete tag'))).toEqual([])
  })

  test.each<[string, Parameters<typeof supersededRow>[1], RegExp, RegExp | undefined]>([
    [
      'deleted',
      { state: 'deleted', digest: D1, tagOnly: false },
      /^deleted 111111111111, the manifest r\.test\/c:main pointed at before this build$/,
      undefined
    ],
    ['kept by a tag', { state: 'kept', digest: D1, reason: 'develop still point at it' }, /^kept 111111111111: develop still point at it$/, undefined],
    [
      'kept, unknown',
      { state: 'kept', digest: D1, reason: 'the tags that may share its manifest could not be checked (500)' },
      /^kept/,
      /could not be checked/
    ],
    [
      'refused',
      { state: 'refused', digest: D1, problem: '405', hint: 'REGISTRY_STORAGE_DELETE_ENABLED=true' },
      /^not deleted 111111111111: 405; REGISTRY_STORAGE_DELETE_ENABLED=true$/,
      /^405; REGISTRY_STORAGE_DELETE_ENABLED=true$/
    ],
    ['dry-run', { state: 'would-delete', digest: D1, sharedWith: [] }, /^would delete 111111111111, .*\(dry-run\)$/, undefined]
  ])('row: %s', (_name, removal, row, warning) => {
    const result = supersededRow('r.test/c:main', removal)
    expect(result.row).toMatch(row)
    if (warning) expect(result.warning).toMatch(warning)
    else expect(result.warning).toBeUndefined()
  })

  test('tags are resolved at most 1000, a few at a time', async () => {
    const tags: Record<string, Lookup> = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`t${i}`, { state: 'found', digest: i === 999 ? D1 : D2 }]))
    const client = fakeClient(tags)
    expect(await tagsSharing(client, D1, undefined)).toEqual({ state: 'known', tags: ['t999'] })
    const over = fakeClient({ ...tags, extra: { state: 'found', digest: D2 } })
    expect(await tagsSharing(over, D1, undefined)).toEqual({ state: 'unknown', problem: expect.stringContaining('more than 1000 tags') })
    expect(over.calls).toEqual(['list'])
  })
})

describe('nextPage', () => {
  test.each([
    ['</v2/org/cache/tags/list?last=b&n=2>; rel="next"', '/v2/org/cache/tags/list?last=b&n=2'],
    ['<https://r.test/v2/org/cache/tags/list?last=b&n=2>; rel=next', '/v2/org/cache/tags/list?last=b&n=2'],
    ['</v2/x?a=1>; rel="prev", </v2/x?a=2>; rel="next"', '/v2/x?a=2'],
    ['</v2/x?a=1>; rel="prev"', undefined],
    ['</elsewhere>; rel="next"', undefined],
    ['', undefined],
    [null, undefined]
  ])('%s', (link, expected) => expect(nextPage(link)).toBe(expected))
})

// The token flow against a real HTTP server on loopback: a registry that
// challenges with Bearer, a token endpoint that wants Basic credentials.
describe('RegistryClient against an HTTP server', () => {
  const requests: string[] = []
  let server: http.Server
  let base = ''
  const token = 'tok-' + 'x'.repeat(20)
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const { method, url = '', headers } = request
      requests.push(`${method} ${url} ${headers.authorization ?? '-'}`)
      if (url.startsWith('/token')) {
        if (headers.authorization !== `Basic ${basic('ci', 'secret')}`) return void response.writeHead(401).end()
        const scope = new URL(url, base).searchParams.get('scope')
        return void response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${token}:${scope}` }))
      }
      const scope = method === 'DELETE' ? 'repository:org/cache:delete' : 'repository:org/cache:pull'
      if (headers.authorization !== `Bearer ${token}:${scope}`) {
        return void response.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${base}/token",service="test",scope="${scope}"` }).end()
      }
      if (url === '/v2/org/cache/manifests/main' && method === 'HEAD') return void response.writeHead(200, { 'Docker-Content-Digest': D1 }).end()
      // Two pages, as distribution serves them with n=2: the next page's query in a Link header.
      if (url.startsWith('/v2/org/cache/tags/list') && method === 'GET') {
        const last = new URL(url, base).searchParams.get('last')
        const page = last === null ? ['main', 'pr-7'] : last === 'pr-7' ? ['v1.4.0'] : []
        const link = last === null ? { Link: '</v2/org/cache/tags/list?last=pr-7&n=2>; rel="next"' } : {}
        return void response.writeHead(200, { 'Content-Type': 'application/json', ...link }).end(JSON.stringify({ name: 'org/cache', tags: page }))
      }
      if (url === '/v2/org/cache/manifests/nodigest' && method === 'HEAD') return void response.writeHead(200).end()
      if (url === '/v2/org/cache/manifests/nodigest' && method === 'GET') return void response.writeHead(200).end('{"schemaVersion":2}')
      if (url === `/v2/org/cache/manifests/${D1}` && method === 'DELETE') return void response.writeHead(202).end()
      if (url === `/v2/org/cache/manifests/${D2}` && method === 'DELETE') {
        return void response
          .writeHead(405, { 'Content-Type': 'application/json' })
          .end('{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}')
      }
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const client = (credentials?: { username: string; password: string }, secrets: string[] = []) =>
    new RegistryClient(parseRegistryRef(`${base.replace('http://', '')}/org/cache`), {
      credentials: async () => credentials,
      secret: (value) => secrets.push(value)
    })

  test('resolves a tag through the token flow; token and password go to the secret callback', async () => {
    requests.length = 0
    const secrets: string[] = []
    expect(await client({ username: 'ci', password: 'secret' }, secrets).resolve('main')).toEqual({ state: 'found', digest: D1 })
    expect(requests).toEqual([
      'HEAD /v2/org/cache/manifests/main -',
      `GET /token?service=test&scope=repository%3Aorg%2Fcache%3Apull Basic ${basic('ci', 'secret')}`,
      `HEAD /v2/org/cache/manifests/main Bearer ${token}:repository:org/cache:pull`
    ])
    expect(secrets).toEqual(['secret', `${token}:repository:org/cache:pull`])
  })

  test('absent tag, digest computed when the registry sends none', async () => {
    const c = client({ username: 'ci', password: 'secret' })
    expect(await c.resolve('pr-1')).toEqual({ state: 'absent' })
    const hashed = await c.resolve('nodigest')
    expect(hashed).toEqual({
      state: 'found',
      digest: 'sha256:' + (await import('node:crypto')).createHash('sha256').update('{"schemaVersion":2}').digest('hex')
    })
  })

  test('a delete asks for a delete token; a 405 is a refusal with the reason', async () => {
    const c = client({ username: 'ci', password: 'secret' })
    expect(await c.deleteManifest(D1)).toEqual({ state: 'deleted' })
    expect(requests.at(-1)).toBe(`DELETE /v2/org/cache/manifests/${D1} Bearer ${token}:repository:org/cache:delete`)
    expect(await c.deleteManifest(D2)).toEqual({
      state: 'refused',
      status: 405,
      problem: expect.stringMatching(/405, UNSUPPORTED: The operation is unsupported.*deletes may be disabled/)
    })
  })

  test('lists tags across pages, following the Link header with the same token', async () => {
    requests.length = 0
    const c = client({ username: 'ci', password: 'secret' })
    expect(await c.listTags(1000)).toEqual({ state: 'listed', tags: ['main', 'pr-7', 'v1.4.0'], truncated: false })
    expect(requests.filter((line) => line.startsWith('GET /v2/'))).toEqual([
      'GET /v2/org/cache/tags/list?n=100 -',
      `GET /v2/org/cache/tags/list?n=100 Bearer ${token}:repository:org/cache:pull`,
      `GET /v2/org/cache/tags/list?last=pr-7&n=2 Bearer ${token}:repository:org/cache:pull`
    ])
    expect(await c.listTags(2)).toEqual({ state: 'listed', tags: ['main', 'pr-7'], truncated: true })
  })

  test('without credentials: refused, and the message says no credentials were found', async () => {
    expect(await client().resolve('main')).toEqual({
      state: 'failed',
      problem: expect.stringMatching(/refused reading main \(401\): no credentials for 127\.0\.0\.1:\d+ in the Docker config/)
    })
  })

  test('wrong credentials: refused', async () => {
    expect(await client({ username: 'ci', password: 'wrong' }).resolve('main')).toMatchObject({ state: 'failed' })
  })

  test('a closed port is a failure naming the host, not an exception', async () => {
    const probe = http.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const closed = new RegistryClient(parseRegistryRef(`127.0.0.1:${port}/org/cache`), { credentials: async () => undefined })
    expect(await closed.resolve('main')).toEqual({ state: 'failed', problem: `127.0.0.1:${port}: ECONNREFUSED` })
  })

  test('HTTPS to a plain-HTTP registry names the fix', async () => {
    const repo = { ...parseRegistryRef(`${base.replace('http://', '')}/org/cache`), endpoints: [{ url: base.replace('http://', 'https://'), verifyTls: true }] }
    const result = await new RegistryClient(repo, { credentials: async () => undefined }).resolve('main')
    expect(result).toEqual({ state: 'failed', problem: expect.stringMatching(/SSL.*registry-insecure: true/) })
  })

  test('an insecure host served over plain HTTP: HTTPS first, then HTTP, which is kept', async () => {
    requests.length = 0
    const repo = {
      ...parseRegistryRef(`${base.replace('http://', '')}/org/cache`),
      endpoints: [
        { url: base.replace('http://', 'https://'), verifyTls: false },
        { url: base, verifyTls: true }
      ]
    }
    const c = new RegistryClient(repo, { credentials: async () => ({ username: 'ci', password: 'secret' }) })
    expect(await c.resolve('main')).toEqual({ state: 'found', digest: D1 })
    expect(await c.deleteManifest(D1)).toEqual({ state: 'deleted' })
    // The HTTPS attempt never became a request (the server answered its handshake with an HTTP error); the rest went over HTTP.
    expect(requests.filter((line) => !line.startsWith('GET /token')).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'HEAD /v2/org/cache/manifests/main',
      'HEAD /v2/org/cache/manifests/main',
      `DELETE /v2/org/cache/manifests/${D1}`,
      `DELETE /v2/org/cache/manifests/${D1}`
    ])
  })

  test('an insecure host with a self-signed certificate answers over HTTPS; a secure one names the fix', async () => {
    const seen: string[] = []
    const server = https.createServer({ key: SELF_SIGNED.key, cert: SELF_SIGNED.cert }, (request, response) => {
      seen.push(`${request.method} ${request.url}`)
      if (request.url === '/v2/org/cache/manifests/main') return void response.writeHead(200, { 'Docker-Content-Digest': D2 }).end()
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
    const repository = (verifyTls: boolean) => ({
      host,
      repository: 'org/cache',
      endpoints: [
        { url: `https://${host}`, verifyTls },
        { url: `http://${host}`, verifyTls: true }
      ]
    })
    try {
      expect(await new RegistryClient(repository(false), { credentials: async () => undefined }).resolve('main')).toEqual({ state: 'found', digest: D2 })
      expect(seen).toEqual(['HEAD /v2/org/cache/manifests/main'])
      const secure = { host, repository: 'org/cache', endpoints: [{ url: `https://${host}`, verifyTls: true }] }
      expect(await new RegistryClient(secure, { credentials: async () => undefined }).resolve('main')).toEqual({
        state: 'failed',
        problem: expect.stringMatching(
          /SELF_SIGNED.*self-signed certificate needs registry-insecure: true; .*revoked .*BuildKit v0.34.1 and newer refuse it as well/
        )
      })
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  test('a registry that never answers costs the timeout, not the job', async () => {
    const silent = http.createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as AddressInfo).port
    const started = Date.now()
    const result = await new RegistryClient(parseRegistryRef(`127.0.0.1:${port}/org/cache`), { credentials: async () => undefined, timeoutMs: 300 }).resolve(
      'main'
    )
    expect(result).toEqual({ state: 'failed', problem: `127.0.0.1:${port}: no answer within 0.3 s` })
    expect(Date.now() - started).toBeLessThan(3000)
    silent.closeAllConnections()
    await new Promise<void>((resolve) => silent.close(() => resolve()))
  })
})

describe('removeScopes (the CLI): tags named together on one manifest go together', () => {
  const found = (digest: string): Lookup => ({ state: 'found', digest })
  const D3 = `sha256:${'3'.repeat(64)}`
  test.each<[string, Record<string, Lookup>, string[], { tag?: Deletion }, boolean, Array<[string, object]>, string[]]>([
    [
      'both tags of a manifest named: deleted by digest once',
      { dev: found(D1), main: found(D1), other: found(D2) },
      ['dev', 'main'],
      {},
      false,
      [
        ['dev', { state: 'deleted', digest: D1, tagOnly: false }],
        ['main', { state: 'deleted', digest: D1, tagOnly: false }]
      ],
      ['resolve dev', 'resolve main', 'list', 'resolve other', `delete ${D1}`]
    ],
    [
      'one of two named, tag deletes refused: kept, the other tag named',
      { dev: found(D1), main: found(D1) },
      ['dev'],
      {},
      false,
      [['dev', { state: 'kept', digest: D1, reason: expect.stringContaining('the same manifest as main') }]],
      ['resolve dev', 'list', 'resolve main', 'delete tag dev']
    ],
    [
      'two named on a manifest a third shares, tag deletes allowed: both tags go, tag by tag',
      { a: found(D3), b: found(D3), keep: found(D3) },
      ['a', 'b'],
      { tag: { state: 'deleted' } },
      false,
      [
        ['a', { state: 'deleted', digest: D3, tagOnly: true }],
        ['b', { state: 'deleted', digest: D3, tagOnly: true }]
      ],
      ['resolve a', 'resolve b', 'list', 'resolve keep', 'delete tag a', 'delete tag b']
    ],
    [
      'a name given twice, an absent one, a dry run',
      { a: found(D1) },
      ['a', 'a', 'gone'],
      {},
      true,
      [
        ['a', { state: 'would-delete', digest: D1, sharedWith: [] }],
        ['gone', { state: 'absent' }]
      ],
      ['resolve a', 'resolve gone', 'list']
    ]
  ])('%s', async (_name, tags, asked, deletions, dryRun, expected, calls) => {
    const client = fakeClient(tags, deletions)
    const results = await removeScopes(client, asked, dryRun)
    expect(results.map((r) => [r.tag, r.removal])).toEqual(expected)
    expect(client.calls).toEqual(calls)
  })
})

describe('manifestContent: what a cache manifest references, from its descriptors', () => {
  const d = (n: number) => ({ digest: `sha256:${String(n).repeat(64)}`, size: n * 100 })
  test.each<[string, string, object]>([
    ['an image manifest: config and layers', JSON.stringify({ config: d(1), layers: [d(2), d(3)] }), { state: 'read', blobs: [d(1), d(2), d(3)] }],
    ["BuildKit's cache index: its manifests", JSON.stringify({ manifests: [d(4), d(5)] }), { state: 'read', blobs: [d(4), d(5)] }],
    ['not JSON', 'nope', { state: 'unreadable', problem: 'the manifest is not JSON' }],
    ['nothing referenced', '{}', { state: 'unreadable', problem: 'the manifest references no config, layers or manifests' }],
    [
      'a descriptor without a size',
      JSON.stringify({ config: d(1), layers: [{ digest: d(2).digest }] }),
      { state: 'unreadable', problem: expect.stringContaining('no digest or size') }
    ],
    [
      'a negative size',
      JSON.stringify({ config: { digest: d(1).digest, size: -1 } }),
      { state: 'unreadable', problem: expect.stringContaining('no digest or size') }
    ]
  ])('%s', (_name, body, expected) => expect(manifestContent(Buffer.from(body))).toEqual(expected))
})

describe('dockerLogin: the I/O given, the Docker config read as the docker CLI reads it', () => {
  const io = (config: string | Error, helper = { code: 0, stdout: '{"Username":"u","Secret":"from-helper"}', stderr: '' }) => {
    const said: string[] = []
    const ran: string[] = []
    return {
      said,
      ran,
      readFile: () => {
        if (config instanceof Error) throw config
        return config
      },
      helperGet: async (program: string, serverUrl: string) => {
        ran.push(`${program} ${serverUrl}`)
        return helper
      },
      info: (message: string) => said.push(message)
    }
  }
  test('an auths entry', async () => {
    const fake = io(JSON.stringify({ auths: { 'git.example.com': { auth: basic('ci', 'pw') } } }))
    expect(await dockerLogin('git.example.com', '/c/config.json', fake)).toEqual({ username: 'ci', password: 'pw' })
    expect(fake.said).toEqual(['Registry credentials for git.example.com: from /c/config.json'])
  })
  test('a credential helper, run with the server URL', async () => {
    const fake = io(JSON.stringify({ credHelpers: { 'git.example.com': 'pass' } }))
    expect(await dockerLogin('git.example.com', '/c/config.json', fake)).toEqual({ username: 'u', password: 'from-helper' })
    expect(fake.ran).toEqual(['docker-credential-pass git.example.com'])
  })
  test('no config file: anonymous, said once', async () => {
    const fake = io(Object.assign(new Error('gone'), { code: 'ENOENT' }))
    expect(await dockerLogin('git.example.com', '/c/config.json', fake)).toBeUndefined()
    expect(fake.said).toEqual(['No Docker config at /c/config.json: the registry is asked without credentials'])
  })
  test('a helper that fails: anonymous, its first error line said', async () => {
    const fake = io(JSON.stringify({ credsStore: 'desktop' }), { code: 1, stdout: '', stderr: 'credentials not found\nmore' })
    expect(await dockerLogin('git.example.com', '/c/config.json', fake)).toBeUndefined()
    expect(fake.said).toEqual([
      'Credential helper docker-credential-desktop gave no credentials for git.example.com (credentials not found): the registry is asked without credentials'
    ])
  })
})
