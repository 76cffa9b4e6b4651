// What a slow or hostile registry can cost: post's registry work ends by its deadline,
// a tag list ends after MAX_TAG_PAGES pages, and no answer is read past its cap.
import { describe, expect, test } from '@jest/globals'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { SELF_SIGNED } from '../../__fixtures__/fake-registry.js'
import { checkRegistryExport } from '../../src/phases/registry-cache.js'
import { MAX_TAG_PAGES, RegistryClient } from '../../src/registry/client.js'
import { deadlineAfter } from '../../src/registry/deadline.js'
import { parseRegistryRef } from '../../src/registry/reference.js'
import { BODY_LIMIT } from '../../src/registry/transport.js'
import type { JobState } from '../../src/runner/state.js'

const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`
const MiB = 1024 * 1024
// Time a test allows beyond the limit it checks: timers, loopback round trips, a busy CI machine.
const SLACK_MS = 1000

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void

interface Served {
  host: string
  requests: string[]
  close: () => Promise<void>
}

/** A registry on 127.0.0.1 answering with `handler`, over HTTP or (self-signed) HTTPS. */
async function serve(handler: Handler, tls = false): Promise<Served> {
  const requests: string[] = []
  const record: Handler = (request, response) => {
    requests.push(`${request.method} ${request.url}`)
    handler(request, response)
  }
  const server = tls ? https.createServer({ key: SELF_SIGNED.key, cert: SELF_SIGNED.cert }, record) : http.createServer(record)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const close = () => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close }
}

/** The work's result, or 'still running' once `ms` have passed: a test of a limit must not wait for what the limit prevents. */
function within<T>(work: Promise<T>, ms: number): Promise<T | 'still running'> {
  let timer: NodeJS.Timeout | undefined
  const guard = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)))
  return Promise.race([work, guard]).finally(() => clearTimeout(timer))
}

/**
 * A tag list one new tag per page, each page after `delayMs`, with a Link to the
 * next; at most `pages` pages (then an empty one), so the server's loop ends too.
 */
function pagedTags(delayMs: number, pages: number): Handler {
  return (request, response) => {
    const url = new URL(request.url ?? '', 'http://registry.invalid')
    if (request.method === 'HEAD' && url.pathname === '/v2/org/cache/manifests/main') return void response.writeHead(200, { 'Docker-Content-Digest': D2 }).end()
    if (url.pathname !== '/v2/org/cache/tags/list') return void response.writeHead(404).end()
    const page = Number(url.searchParams.get('last')?.replace('t', '') ?? '0') + 1
    const tags = page <= pages ? [`t${page}`] : []
    const link = { Link: `</v2/org/cache/tags/list?n=1&last=t${page}>; rel="next"` }
    setTimeout(() => response.writeHead(200, { 'Content-Type': 'application/json', ...link }).end(JSON.stringify({ tags })), delayMs)
  }
}

const client = (served: Served, options: Partial<ConstructorParameters<typeof RegistryClient>[1]> = {}) =>
  new RegistryClient(parseRegistryRef(`${served.host}/org/cache`), { credentials: async () => undefined, ...options })

describe("post's registry work ends by its deadline", () => {
  test('a tag list paged one tag at a time, slowly, ends at the deadline with one warning naming it; the job goes on', async () => {
    const served = await serve(pagedTags(250, 10_000))
    const warnings: string[] = []
    const runner = { info: () => {}, setSecret: () => {}, warning: (text: string) => void warnings.push(text) }
    const state: JobState = { backend: 'registry', writeTag: 'main', registry: { ref: `${served.host}/org/cache`, insecure: false, writeDigest: D1 } }
    const limitMs = 1500
    const started = Date.now()
    try {
      const rows = await within(checkRegistryExport(state, runner, limitMs), limitMs + SLACK_MS)
      expect(Date.now() - started).toBeLessThan(limitMs + SLACK_MS)
      expect(rows).toEqual([
        ['registry export', expect.stringMatching(/^updated at .*:main/)],
        ['superseded', expect.stringMatching(/^kept 111111111111: .*passed its limit of 1\.5 s/)]
      ])
      expect(warnings).toEqual([expect.stringMatching(/was not deleted: .*passed its limit of 1\.5 s/)])
      expect(served.requests.some((line) => line.startsWith('DELETE'))).toBe(false)
    } finally {
      await served.close()
    }
  })

  test('each request waits for what is left of the deadline, not its own timeout; past the deadline none is sent', async () => {
    const served = await serve(() => {})
    const deadlined = client(served, { timeoutMs: 5000 }).withDeadline(deadlineAfter(800))
    const started = Date.now()
    try {
      const result = await within(deadlined.resolve('main'), 800 + SLACK_MS)
      expect(result).toEqual({
        state: 'failed',
        problem: `${served.host}: the registry work of this step passed its limit of 0.8 s, so the rest of it is skipped`
      })
      expect(Date.now() - started).toBeLessThan(800 + SLACK_MS)
      expect(await deadlined.listTags(10)).toEqual({ state: 'failed', problem: expect.stringMatching(/passed its limit of 0\.8 s/) })
      expect(served.requests).toEqual(['HEAD /v2/org/cache/manifests/main'])
    } finally {
      await served.close()
    }
  })

  test(`a tag list that pages on and on is read for ${MAX_TAG_PAGES} pages, then is a failure`, async () => {
    const served = await serve(pagedTags(0, 2 * MAX_TAG_PAGES))
    try {
      expect(await within(client(served).listTags(1_000_000), 60_000)).toEqual({
        state: 'failed',
        problem: `the registry's tag list of org/cache runs past ${MAX_TAG_PAGES} pages`
      })
      expect(served.requests).toHaveLength(MAX_TAG_PAGES)
    } finally {
      await served.close()
    }
  })
})

interface Flood {
  handler: Handler
  /** Bytes the server got to write before the client stopped reading. */
  sent: () => number
  /** Resolves when the client has dropped the connection. */
  dropped: Promise<void>
}

/** A 200 whose body is `total` bytes of spaces, written only as fast as the client reads (back-pressure), so `sent` shows where the client stopped. */
function flood(total: number): Flood {
  let sent = 0
  let onDropped = () => {}
  const dropped = new Promise<void>((resolve) => (onDropped = resolve))
  const chunk = Buffer.alloc(64 * 1024, ' ')
  const handler: Handler = (_request, response) => {
    response.on('close', onDropped)
    response.writeHead(200, { 'Content-Type': 'application/json' })
    const pump = () => {
      while (sent < total && !response.destroyed) {
        sent += chunk.length
        if (!response.write(chunk)) return void response.once('drain', pump)
      }
      response.end()
    }
    pump()
  }
  return { handler, sent: () => sent, dropped }
}

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

  test('a token answer declaring more than its cap is given up at its first bytes, not waited for', async () => {
    const served = await serve((request, response) => {
      if (request.url?.startsWith('/token')) return void response.writeHead(200, { 'Content-Length': String(1024 * MiB) }).write('{"token":"')
      response.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${request.headers.host}/token",service="test"` }).end()
    })
    const started = Date.now()
    try {
      expect(await within(client(served).resolve('main'), 4000)).toEqual({
        state: 'failed',
        problem: expect.stringMatching(new RegExp(`^http://${served.host}/token\\?.*: the answer is larger than 64 KiB, the most the action reads there$`))
      })
      expect(Date.now() - started).toBeLessThan(SLACK_MS)
    } finally {
      await served.close()
    }
  })
})
