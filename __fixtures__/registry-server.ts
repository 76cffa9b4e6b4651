// Registries on 127.0.0.1 that answer as a slow or hostile one would: pages without end, answers without end.
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { SELF_SIGNED } from './fake-registry.js'
import { RegistryClient } from '../src/registry/client.js'
import { parseRegistryRef } from '../src/registry/reference.js'

const D2 = `sha256:${'2'.repeat(64)}`

// Time a test allows beyond the limit it checks: timers, loopback round trips, a busy CI machine.
export const SLACK_MS = 1000

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void

export interface Served {
  host: string
  requests: string[]
  close: () => Promise<void>
}

/** A registry on 127.0.0.1 answering with `handler`, over HTTP or (self-signed) HTTPS. */
export async function serve(handler: Handler, tls = false): Promise<Served> {
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
export function within<T>(work: Promise<T>, ms: number): Promise<T | 'still running'> {
  let timer: NodeJS.Timeout | undefined
  const guard = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)))
  return Promise.race([work, guard]).finally(() => clearTimeout(timer))
}

/**
 * A tag list one new tag per page, each page after `delayMs`, with a Link to the
 * next; at most `pages` pages (then an empty one), so the server's loop ends too.
 */
export function pagedTags(delayMs: number, pages: number): Handler {
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

export const client = (served: Served, options: Partial<ConstructorParameters<typeof RegistryClient>[1]> = {}) =>
  new RegistryClient(parseRegistryRef(`${served.host}/org/cache`), { credentials: async () => undefined, ...options })

export interface Flood {
  handler: Handler
  /** Bytes the server got to write before the client stopped reading. */
  sent: () => number
  /** Resolves when the client has dropped the connection. */
  dropped: Promise<void>
}

/** A 200 whose body is `total` bytes of spaces, written only as fast as the client reads (back-pressure), so `sent` shows where the client stopped. */
export function flood(total: number): Flood {
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
