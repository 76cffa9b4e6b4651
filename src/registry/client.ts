import { createHash } from 'node:crypto'
import { parseChallenge, tokenUrl, type Challenge } from './challenge.js'
import type { Credentials } from './credentials.js'
import type { RegistryRepository } from './reference.js'

/** Every manifest type a cache or image tag may point at; without them some registries answer 404 or convert. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
]

// A registry that does not answer within this must not stall the job: main and post go on without it.
export const REQUEST_TIMEOUT_MS = 5000

export type Lookup = { state: 'found'; digest: string } | { state: 'absent' } | { state: 'failed'; problem: string }

export type Deletion =
  | { state: 'deleted' }
  | { state: 'absent' }
  /** The registry answered and said no (deletes disabled, no permission, not supported). */
  | { state: 'refused'; status: number; problem: string }
  | { state: 'failed'; problem: string }

export interface RegistryClientOptions {
  /** Asked once, on the first challenge: anonymous access needs no config at all. */
  credentials: () => Promise<Credentials | undefined>
  fetch?: typeof fetch
  timeoutMs?: number
  /** Called with every token and password before it is used, so the runner masks it in the log. */
  secret?: (value: string) => void
}

interface Answer {
  status: number
  headers: Headers
  body: Buffer
}

const DIGEST = /^sha256:[a-f0-9]{64}$/

function transportProblem(error: unknown, timeoutMs: number, url: string): string {
  const err = error as Error & { cause?: { code?: string; message?: string } }
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`
  const problem = err.cause?.code ?? err.cause?.message ?? err.message
  // HTTPS spoken to a plain-HTTP registry fails in the TLS handshake; say what fixes it.
  if (url.startsWith('https:') && /SSL|EPROTO/.test(problem)) return `${problem} (a registry served over plain HTTP needs registry-insecure: true)`
  return problem
}

class TransportError extends Error {}

/**
 * The few calls of the OCI distribution API the action needs (resolve a tag,
 * delete a manifest), with the registries' auth: a 401 challenge answered by
 * Basic credentials or by the token flow (realm GET with Basic credentials, then Bearer).
 */
export class RegistryClient {
  private authorization?: string
  private credentialsPromise?: Promise<Credentials | undefined>
  private readonly fetch: typeof fetch
  private readonly timeoutMs: number

  constructor(
    readonly repo: RegistryRepository,
    private readonly options: RegistryClientOptions
  ) {
    this.fetch = options.fetch ?? globalThis.fetch
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS
  }

  /** The digest a tag points at, by HEAD (GET and hashing when the registry sends no digest header). */
  async resolve(tag: string): Promise<Lookup> {
    try {
      const url = this.url(`manifests/${encodeURIComponent(tag)}`)
      const headers = { Accept: MANIFEST_TYPES.join(', ') }
      const head = await this.send('HEAD', url, headers, 'pull')
      if (head.status === 404) return { state: 'absent' }
      if (head.status !== 200) return { state: 'failed', problem: this.statusProblem(head, 'reading', tag) }
      const digest = head.headers.get('docker-content-digest') ?? ''
      if (DIGEST.test(digest)) return { state: 'found', digest }
      const get = await this.send('GET', url, headers, 'pull')
      if (get.status === 404) return { state: 'absent' }
      if (get.status !== 200) return { state: 'failed', problem: this.statusProblem(get, 'reading', tag) }
      return { state: 'found', digest: `sha256:${createHash('sha256').update(get.body).digest('hex')}` }
    } catch (error) {
      if (error instanceof TransportError) return { state: 'failed', problem: error.message }
      throw error
    }
  }

  /** Deletes a manifest by digest; the registry then also drops every tag that points at it. */
  deleteManifest(digest: string): Promise<Deletion> {
    return this.delete(digest)
  }

  /** Deletes one tag only (OCI distribution 1.1); registries of the older API refuse it. */
  deleteTag(tag: string): Promise<Deletion> {
    return this.delete(encodeURIComponent(tag))
  }

  private async delete(reference: string): Promise<Deletion> {
    try {
      const answer = await this.send('DELETE', this.url(`manifests/${reference}`), {}, 'delete')
      if (answer.status === 202 || answer.status === 200 || answer.status === 204) return { state: 'deleted' }
      if (answer.status === 404) return { state: 'absent' }
      return { state: 'refused', status: answer.status, problem: this.statusProblem(answer, 'deleting', reference) }
    } catch (error) {
      if (error instanceof TransportError) return { state: 'failed', problem: error.message }
      throw error
    }
  }

  private url(rest: string): string {
    return `${this.repo.endpoint}/v2/${this.repo.repository}/${rest}`
  }

  private statusProblem(answer: Answer, doing: string, what: string): string {
    const detail = errorDetail(answer.body)
    if (answer.status === 401 || answer.status === 403) {
      return `the registry refused ${doing} ${what} (${answer.status}${detail}): ${this.authorization ? 'the credentials lack the permission' : `no credentials for ${this.repo.host} in the Docker config`}`
    }
    if (answer.status === 405) return `the registry does not allow ${doing} ${what} (405${detail}; deletes may be disabled)`
    return `the registry answered ${answer.status} when ${doing} ${what}${detail}`
  }

  /** One request; on a 401 answers the challenge once and repeats it. */
  private async send(method: string, url: string, headers: Record<string, string>, action: string): Promise<Answer> {
    const first = await this.request(method, url, this.withAuthorization(headers))
    if (first.status !== 401) return first
    const challenge = parseChallenge(first.headers.get('www-authenticate'))
    if (!challenge) return first
    const authorization = await this.answer(challenge, action)
    if (!authorization) return first
    this.authorization = authorization
    return this.request(method, url, this.withAuthorization(headers))
  }

  private withAuthorization(headers: Record<string, string>): Record<string, string> {
    return this.authorization ? { ...headers, Authorization: this.authorization } : headers
  }

  private async answer(challenge: Challenge, action: string): Promise<string | undefined> {
    this.credentialsPromise ??= this.options.credentials().then((credentials) => {
      if (credentials) this.options.secret?.(credentials.password)
      return credentials
    })
    const credentials = await this.credentialsPromise
    const basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined
    if (challenge.scheme === 'basic') return basic
    // The token flow: anonymous when there are no credentials (public pulls work that way).
    const scope = `repository:${this.repo.repository}:${action}`
    const answer = await this.request('GET', tokenUrl(challenge, scope), basic ? { Authorization: basic } : {})
    if (answer.status !== 200) return undefined
    let parsed: { token?: unknown; access_token?: unknown }
    try {
      parsed = JSON.parse(answer.body.toString('utf8')) as typeof parsed
    } catch {
      return undefined
    }
    const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : parsed.access_token
    if (typeof token !== 'string' || token === '') return undefined
    this.options.secret?.(token)
    return `Bearer ${token}`
  }

  private async request(method: string, url: string, headers: Record<string, string>): Promise<Answer> {
    let response: Response
    try {
      response = await this.fetch(url, { method, headers, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) })
    } catch (error) {
      throw new TransportError(`${new URL(url).host}: ${transportProblem(error, this.timeoutMs, url)}`)
    }
    let body = Buffer.alloc(0)
    try {
      body = method === 'HEAD' ? body : Buffer.from(await response.arrayBuffer())
    } catch (error) {
      throw new TransportError(`${new URL(url).host}: ${transportProblem(error, this.timeoutMs, url)}`)
    }
    return { status: response.status, headers: response.headers, body }
  }
}

/** The first error message of a distribution error body (`{"errors":[{"code","message"}]}`), for the log. */
function errorDetail(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string; message?: string }> }
    const first = parsed.errors?.[0]
    return first ? `, ${[first.code, first.message].filter(Boolean).join(': ')}` : ''
  } catch {
    return ''
  }
}
