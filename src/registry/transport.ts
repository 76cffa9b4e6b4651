import https from 'node:https'
import { MAX_MANIFEST_BYTES } from '../oci/manifest.js'
import { deadlineProblem, type Deadline } from './deadline.js'

const KiB = 1024
const MiB = 1024 * KiB

/**
 * The most one answer's body may hold, by what was asked for: a manifest as
 * much as a manifest may be (MAX_MANIFEST_BYTES); a tag list page of 16 MiB holds about half a million
 * tags; a token is a few kilobytes, as is a delete's or an error's answer. Bodies
 * are read as a stream and cut there: read whole, a registry answering 512 MiB
 * would cost the job three times that in memory.
 */
export const BODY_LIMIT = { manifest: MAX_MANIFEST_BYTES, tagList: 16 * MiB, small: 64 * KiB } as const

export interface Answer {
  status: number
  headers: Headers
  body: Buffer
}

export class TransportError extends Error {
  constructor(
    message: string,
    /** The registry's other endpoint would fare no better: it timed out, answered too much, or the deadline passed. */
    readonly final: boolean
  ) {
    super(message)
  }
}

/** One request as the client asks for it. */
export interface Exchange {
  method: string
  url: string
  headers: Record<string, string>
  verifyTls: boolean
  /** Body bytes read at most (BODY_LIMIT). */
  limit: number
  timeoutMs: number
  deadline?: Deadline
  fetch: typeof fetch
}

interface Received {
  status: number
  headers: Headers
  body: AsyncIterable<Uint8Array> | null
}

const isTimeout = (error: unknown) => ['TimeoutError', 'AbortError'].includes((error as Error).name)

function transportProblem(error: unknown, url: string, verifyTls: boolean): string {
  const err = error as Error & { code?: string; cause?: { code?: string; message?: string } }
  const problem = err.cause?.code ?? err.cause?.message ?? err.code ?? err.message
  // HTTPS spoken to a plain-HTTP (or self-signed) registry fails in the TLS handshake; say what fixes it.
  if (verifyTls && url.startsWith('https:') && /SSL|EPROTO|CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(problem)) {
    return (
      `${problem} (a registry served over plain HTTP or with a self-signed certificate needs registry-insecure: true; ` +
      "a certificate chain through intermediates its CA has revoked is refused too, and BuildKit v0.34.1 and newer refuse it as well: renew the registry's certificate chain)"
    )
  }
  return problem
}

/** How long one request may take: its own timeout, or what is left before the deadline when that is less (`binding` then). */
function budget(timeoutMs: number, deadline: Deadline | undefined): { ms: number; binding?: Deadline } {
  const left = deadline ? deadline.at - Date.now() : Infinity
  return deadline && left < timeoutMs ? { ms: Math.max(0, left), binding: deadline } : { ms: timeoutMs }
}

/** One request and its body, both within the budget and the body within `limit`; every failure a TransportError naming the host. */
export async function exchange(request: Exchange): Promise<Answer> {
  const host = new URL(request.url).host
  const { ms, binding } = budget(request.timeoutMs, request.deadline)
  if (binding && ms === 0) throw new TransportError(`${host}: ${deadlineProblem(binding)}`, true)
  const signal = AbortSignal.timeout(ms)
  try {
    const { method, url, headers } = request
    const response: Received =
      !request.verifyTls && url.startsWith('https:')
        ? await unverifiedHttps(method, url, headers, signal)
        : await request.fetch(url, { method, headers, redirect: 'follow', signal })
    return { status: response.status, headers: response.headers, body: await readCapped(response, request.limit, url) }
  } catch (error) {
    if (error instanceof TransportError) throw error
    if (signal.aborted || isTimeout(error)) throw new TransportError(`${host}: ${binding ? deadlineProblem(binding) : `no answer within ${ms / 1000} s`}`, true)
    throw new TransportError(`${host}: ${transportProblem(error, request.url, request.verifyTls)}`, false)
  }
}

const sizeOf = (bytes: number) => (bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`)

/**
 * The body chunk by chunk, given up as soon as it passes `limit` or declares
 * more: the registry cannot make the action hold more than that. Leaving the
 * loop early cancels the stream, which drops the connection.
 */
async function readCapped({ body, headers }: Received, limit: number, url: string): Promise<Buffer> {
  // A HEAD answer declares the length of a body it never sends: only a body that comes is judged.
  const declared = Number(headers.get('content-length') ?? 0)
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of body ?? []) {
    size += chunk.byteLength
    if (size > limit || declared > limit) throw new TransportError(`${url}: the answer is larger than ${sizeOf(limit)}, the most the action reads there`, true)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, size)
}

/**
 * One HTTPS request without certificate verification, for a host the user
 * marked insecure (Node's fetch has no per-request TLS option, and undici is no
 * dependency). Redirects are not followed: the manifest and tag calls get none.
 * Resolves on the headers; the body is read, bounded, as fetch's is.
 */
function unverifiedHttps(method: string, url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Received> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, headers, rejectUnauthorized: false, signal }, (response) => {
      const answerHeaders = new Headers()
      for (const [name, value] of Object.entries(response.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answerHeaders.append(name, one)
      }
      resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: response })
    })
    request.on('error', reject)
    request.end()
  })
}
