import { createHash } from 'node:crypto'
import https from 'node:https'
import { parseChallenge, tokenUrl, type Challenge } from './challenge.js'
import type { Credentials } from './credentials.js'
import type { Endpoint, RegistryRepository } from './reference.js'

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

/** A manifest as the registry serves it: its digest, its media type and its bytes. */
export type ManifestRead = { state: 'found'; digest: string; mediaType: string; body: Buffer } | { state: 'absent' } | { state: 'failed'; problem: string }

export type TagList =
  /** `truncated`: the repository holds more than the limit asked for; `tags` then stops there. */
  { state: 'listed'; tags: string[]; truncated: boolean } | { state: 'failed'; problem: string }

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

const isTimeout = (error: unknown) => ['TimeoutError', 'AbortError'].includes((error as Error).name)

function transportProblem(error: unknown, timeoutMs: number, url: string, verifyTls: boolean): string {
  const err = error as Error & { code?: string; cause?: { code?: string; message?: string } }
  if (isTimeout(error)) return `no answer within ${timeoutMs / 1000} s`
  const problem = err.cause?.code ?? err.cause?.message ?? err.code ?? err.message
  // HTTPS spoken to a plain-HTTP (or self-signed) registry fails in the TLS handshake; say what fixes it.
  if (verifyTls && url.startsWith('https:') && /SSL|EPROTO|CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(problem)) {
    return `${problem} (a registry served over plain HTTP or with a self-signed certificate needs registry-insecure: true)`
  }
  return problem
}

class TransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean
  ) {
    super(message)
  }
}

// Tags asked for per page of a tags list; registries cap it themselves (Docker Hub at 100).
const TAGS_PAGE = 100

/**
 * The few calls of the OCI distribution API the action needs (resolve a tag,
 * list tags, delete a manifest or a tag), with the registries' auth: a 401 challenge answered by
 * Basic credentials or by the token flow (realm GET with Basic credentials, then Bearer).
 */
export class RegistryClient {
  private authorization?: string
  /** The endpoint that answered first; every later request goes there. */
  private endpoint?: Endpoint
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
      const url = this.path(`manifests/${encodeURIComponent(tag)}`)
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

  /** The manifest a tag (or digest) names, by GET; its digest from the header, else hashed from the bytes. */
  async readManifest(reference: string): Promise<ManifestRead> {
    try {
      const answer = await this.send('GET', this.path(`manifests/${encodeURIComponent(reference)}`), { Accept: MANIFEST_TYPES.join(', ') }, 'pull')
      if (answer.status === 404) return { state: 'absent' }
      if (answer.status !== 200) return { state: 'failed', problem: this.statusProblem(answer, 'reading', reference) }
      const header = answer.headers.get('docker-content-digest') ?? ''
      const digest = DIGEST.test(header) ? header : `sha256:${createHash('sha256').update(answer.body).digest('hex')}`
      return { state: 'found', digest, mediaType: (answer.headers.get('content-type') ?? '').split(';')[0].trim(), body: answer.body }
    } catch (error) {
      if (error instanceof TransportError) return { state: 'failed', problem: error.message }
      throw error
    }
  }

  /**
   * The repository's tags, page after page as the `Link: <...>; rel="next"`
   * header leads (distribution's `n`/`last`), stopping once more than `limit` are known.
   */
  async listTags(limit: number): Promise<TagList> {
    try {
      const tags: string[] = []
      let next: string | undefined = `${this.path('tags/list')}?n=${TAGS_PAGE}`
      while (next) {
        const answer = await this.send('GET', next, { Accept: 'application/json' }, 'pull')
        if (answer.status !== 200) return { state: 'failed', problem: this.statusProblem(answer, 'listing the tags of', this.repo.repository) }
        let page: string[]
        try {
          const parsed = JSON.parse(answer.body.toString('utf8')) as { tags?: unknown }
          page = Array.isArray(parsed.tags) ? parsed.tags.filter((tag): tag is string => typeof tag === 'string') : []
        } catch {
          return { state: 'failed', problem: `the registry's tag list of ${this.repo.repository} is not JSON` }
        }
        const fresh = page.filter((tag) => !tags.includes(tag))
        tags.push(...fresh)
        if (tags.length > limit) return { state: 'listed', tags: tags.slice(0, limit), truncated: true }
        // A page with nothing new would loop for ever on a registry that ignores `last`.
        next = fresh.length > 0 ? nextPage(answer.headers.get('link')) : undefined
      }
      return { state: 'listed', tags, truncated: false }
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
      const answer = await this.send('DELETE', this.path(`manifests/${reference}`), {}, 'delete')
      if (answer.status === 202 || answer.status === 200 || answer.status === 204) return { state: 'deleted' }
      if (answer.status === 404) return { state: 'absent' }
      return { state: 'refused', status: answer.status, problem: this.statusProblem(answer, 'deleting', reference) }
    } catch (error) {
      if (error instanceof TransportError) return { state: 'failed', problem: error.message }
      throw error
    }
  }

  private path(rest: string): string {
    return `/v2/${this.repo.repository}/${rest}`
  }

  private statusProblem(answer: Answer, doing: string, what: string): string {
    const detail = errorDetail(answer.body)
    if (answer.status === 401 || answer.status === 403) {
      return `the registry refused ${doing} ${what} (${answer.status}${detail}): ${this.authorization ? 'the credentials lack the permission' : `no credentials for ${this.repo.host} in the Docker config`}`
    }
    if (answer.status === 405) return `the registry does not allow ${doing} ${what} (405${detail}; deletes may be disabled)`
    return `the registry answered ${answer.status} when ${doing} ${what}${detail}`
  }

  /** One request to the registry (`path` from `/v2/`); on a 401 answers the challenge once and repeats it. */
  private async send(method: string, path: string, headers: Record<string, string>, action: string): Promise<Answer> {
    const first = await this.reach(method, path, this.withAuthorization(headers))
    if (first.status !== 401) return first
    const challenge = parseChallenge(first.headers.get('www-authenticate'))
    if (!challenge) return first
    const authorization = await this.answer(challenge, action)
    if (!authorization) return first
    this.authorization = authorization
    return this.reach(method, path, this.withAuthorization(headers))
  }

  /**
   * The first request tries the endpoints in order and keeps the first that
   * answers at all, as dockerd does for an insecure registry (HTTPS, then HTTP).
   * A timeout ends the search: the host is not answering, whatever the scheme.
   */
  private async reach(method: string, path: string, headers: Record<string, string>): Promise<Answer> {
    if (this.endpoint) return this.request(method, `${this.endpoint.url}${path}`, headers, this.endpoint.verifyTls)
    const problems: string[] = []
    for (const endpoint of this.repo.endpoints) {
      try {
        const answer = await this.request(method, `${endpoint.url}${path}`, headers, endpoint.verifyTls)
        this.endpoint = endpoint
        return answer
      } catch (error) {
        if (!(error instanceof TransportError)) throw error
        problems.push(this.repo.endpoints.length > 1 ? `${error.message} (${new URL(endpoint.url).protocol.replace(':', '')})` : error.message)
        if (error.timedOut) break
      }
    }
    throw new TransportError(problems.join('; '), false)
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
    const realm = tokenUrl(challenge, scope)
    // The registry's own host keeps its certificate setting for the token too (Gitea serves both).
    const verifyTls = new URL(realm).host !== this.repo.host || (this.endpoint?.verifyTls ?? true)
    const answer = await this.request('GET', realm, basic ? { Authorization: basic } : {}, verifyTls)
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

  private async request(method: string, url: string, headers: Record<string, string>, verifyTls = true): Promise<Answer> {
    const fail = (error: unknown) => new TransportError(`${new URL(url).host}: ${transportProblem(error, this.timeoutMs, url, verifyTls)}`, isTimeout(error))
    if (!verifyTls && url.startsWith('https:'))
      return unverifiedHttps(method, url, headers, this.timeoutMs).catch((error: unknown) => Promise.reject(fail(error)))
    let response: Response
    try {
      response = await this.fetch(url, { method, headers, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) })
    } catch (error) {
      throw fail(error)
    }
    let body = Buffer.alloc(0)
    try {
      body = method === 'HEAD' ? body : Buffer.from(await response.arrayBuffer())
    } catch (error) {
      throw fail(error)
    }
    return { status: response.status, headers: response.headers, body }
  }
}

/**
 * One HTTPS request without certificate verification, for a host the user
 * marked insecure (Node's fetch has no per-request TLS option, and undici is no
 * dependency). Redirects are not followed: the manifest and tag calls get none.
 */
function unverifiedHttps(method: string, url: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, headers, rejectUnauthorized: false, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => {
        const answerHeaders = new Headers()
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answerHeaders.append(name, one)
        }
        resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: Buffer.concat(chunks) })
      })
    })
    request.on('error', reject)
    request.end()
  })
}

/** The `rel="next"` target of a `Link` header (RFC 8288), as a path on the registry; credentials never go to another host. */
export function nextPage(link: string | null | undefined): string | undefined {
  if (!link) return undefined
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*(.*)$/.exec(part)
    if (!match || !/(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2])) continue
    const target = new URL(match[1], 'http://registry.invalid')
    return target.pathname.startsWith('/v2/') ? `${target.pathname}${target.search}` : undefined
  }
  return undefined
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
