import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { nextPage, RegistryClient } from '../../../src/registry/client.js'
import { parseRegistryRef } from '../../../src/registry/reference.js'
import { SELF_SIGNED } from '../../../__fixtures__/fake-registry.js'
import { BODY_LIMIT } from '../../../src/registry/transport.js'
import { client, flood, serve, within } from '../../../__fixtures__/registry-server.js'

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64')
const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`
const MiB = 1024 * 1024

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
})

describe('answers are read as a stream, up to a cap', () => {
  test('a manifest without end (plain HTTP, fetch) is cut at its cap, and the connection dropped', async () => {
    const body = flood(32 * BODY_LIMIT.manifest)
    const served = await serve(body.handler)
    try {
      const read = await within(client(served).readManifest('main'), 10_000)
      // Only state and problem: a manifest read whole would be 128 MiB for the matcher to print.
      expect(read === 'still running' ? read : { state: read.state, problem: 'problem' in read ? read.problem : undefined }).toEqual({
        state: 'failed',
        problem: `http://${served.host}/v2/org/cache/manifests/main: the answer is larger than 4 MiB, the most the action reads there`
      })
      expect(await within(body.dropped, 5000)).toBeUndefined()
      // What the socket buffers on both ends held beyond the cap, not the 128 MiB the server had to send.
      expect(body.sent()).toBeLessThan(BODY_LIMIT.manifest + 16 * MiB)
    } finally {
      await served.close()
    }
  })

  test('a tag list without end (self-signed HTTPS, no verification) is cut at its cap, and the connection dropped', async () => {
    const body = flood(8 * BODY_LIMIT.tagList)
    const served = await serve(body.handler, true)
    const repo = { host: served.host, repository: 'org/cache', endpoints: [{ url: `https://${served.host}`, verifyTls: false }] }
    try {
      expect(await within(new RegistryClient(repo, { credentials: async () => undefined }).listTags(100), 10_000)).toEqual({
        state: 'failed',
        problem: `https://${served.host}/v2/org/cache/tags/list?n=100: the answer is larger than 16 MiB, the most the action reads there`
      })
      expect(await within(body.dropped, 5000)).toBeUndefined()
      expect(body.sent()).toBeLessThan(BODY_LIMIT.tagList + 16 * MiB)
    } finally {
      await served.close()
    }
  })
})
