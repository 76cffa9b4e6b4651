import { createHash } from 'node:crypto'
import { MANIFEST_TYPES } from '../oci/manifest.js'
import { parseChallenge, tokenUrl, type Challenge } from './challenge.js'
import type { Credentials } from './credentials.js'
import type { Deadline } from './deadline.js'
import type { Endpoint, RegistryRepository } from './reference.js'
import { BODY_LIMIT, exchange, TransportError, type Answer } from './transport.js'

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
  /** When set, no request runs past it: each one's timeout is cut to the time left. */
  deadline?: Deadline
  /** Called with every token and password before it is used, so the runner masks it in the log. */
  secret?: (value: string) => void
}

const DIGEST = /^sha256:[a-f0-9]{64}$/

// Tags asked for per page of a tags list; registries cap it themselves (Docker Hub at 100).
const TAGS_PAGE = 100
/**
 * Pages of a tag list read at most. A thousand pages hold every repository the
 * action lists (the CLI's 10 000 tags at 10 a page); more is a registry leading
 * us on, page after page, and the list is then a failure, never a guess.
 */
export const MAX_TAG_PAGES = 1000

/** The tags of one page of a tag list; undefined when it is not JSON. */
function pageTags(body: Buffer): string[] | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { tags?: unknown }
    return Array.isArray(parsed.tags) ? parsed.tags.filter((tag): tag is string => typeof tag === 'string') : []
  } catch {
    return undefined
  }
}

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
      const head = await this.send('HEAD', url, headers, 'pull', BODY_LIMIT.manifest)
      if (head.status === 404) return { state: 'absent' }
      if (head.status !== 200) return { state: 'failed', problem: this.statusProblem(head, 'reading', tag) }
      const digest = head.headers.get('docker-content-digest') ?? ''
      if (DIGEST.test(digest)) return { state: 'found', digest }
      const get = await this.send('GET', url, headers, 'pull', BODY_LIMIT.manifest)
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
      const url = this.path(`manifests/${encodeURIComponent(reference)}`)
      const answer = await this.send('GET', url, { Accept: MANIFEST_TYPES.join(', ') }, 'pull', BODY_LIMIT.manifest)
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
      // A set: a page of a million repeated tags costs one entry, and no quadratic search.
      const tags = new Set<string>()
      let next: string | undefined = `${this.path('tags/list')}?n=${TAGS_PAGE}`
      for (let pages = 0; next; pages++) {
        if (pages === MAX_TAG_PAGES) return { state: 'failed', problem: `the registry's tag list of ${this.repo.repository} runs past ${MAX_TAG_PAGES} pages` }
        const answer = await this.send('GET', next, { Accept: 'application/json' }, 'pull', BODY_LIMIT.tagList)
        if (answer.status !== 200) return { state: 'failed', problem: this.statusProblem(answer, 'listing the tags of', this.repo.repository) }
        const page = pageTags(answer.body)
        if (!page) return { state: 'failed', problem: `the registry's tag list of ${this.repo.repository} is not JSON` }
        const known = tags.size
        for (const tag of page) if (tags.add(tag).size > limit) return { state: 'listed', tags: [...tags].slice(0, limit), truncated: true }
        // A page with nothing new would loop for ever on a registry that ignores `last`.
        next = tags.size > known ? nextPage(answer.headers.get('link')) : undefined
      }
      return { state: 'listed', tags: [...tags], truncated: false }
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
      const answer = await this.send('DELETE', this.path(`manifests/${reference}`), {}, 'delete', BODY_LIMIT.small)
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
  private async send(method: string, path: string, headers: Record<string, string>, action: string, limit: number): Promise<Answer> {
    const first = await this.reach(method, path, this.withAuthorization(headers), limit)
    if (first.status !== 401) return first
    const challenge = parseChallenge(first.headers.get('www-authenticate'))
    if (!challenge) return first
    const authorization = await this.answer(challenge, action)
    if (!authorization) return first
    this.authorization = authorization
    return this.reach(method, path, this.withAuthorization(headers), limit)
  }

  /**
   * The first request tries the endpoints in order and keeps the first that
   * answers at all, as dockerd does for an insecure registry (HTTPS, then HTTP).
   * A final failure ends the search (a timeout: the host is not answering, whatever
   * the scheme; an answer too large; the deadline).
   */
  private async reach(method: string, path: string, headers: Record<string, string>, limit: number): Promise<Answer> {
    if (this.endpoint) return this.request(method, `${this.endpoint.url}${path}`, headers, limit, this.endpoint.verifyTls)
    const problems: string[] = []
    for (const endpoint of this.repo.endpoints) {
      try {
        const answer = await this.request(method, `${endpoint.url}${path}`, headers, limit, endpoint.verifyTls)
        this.endpoint = endpoint
        return answer
      } catch (error) {
        if (!(error instanceof TransportError)) throw error
        problems.push(this.repo.endpoints.length > 1 ? `${error.message} (${new URL(endpoint.url).protocol.replace(':', '')})` : error.message)
        if (error.final) break
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
    const answer = await this.request('GET', realm, basic ? { Authorization: basic } : {}, BODY_LIMIT.small, verifyTls)
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

  private request(method: string, url: string, headers: Record<string, string>, limit: number, verifyTls = true): Promise<Answer> {
    return exchange({ method, url, headers, verifyTls, limit, timeoutMs: this.timeoutMs, deadline: this.options.deadline, fetch: this.fetch })
  }

  /** The same repository and login, with every request from now on ending by `deadline`: the caller's limit on all its registry work. */
  withDeadline(deadline: Deadline): RegistryClient {
    return new RegistryClient(this.repo, { ...this.options, deadline })
  }
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
