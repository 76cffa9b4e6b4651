// A GitHub Actions cache service (API v1) on loopback, for the engine suites:
// what act_runner's embedded cache server and GitHub's artifactcache answer to
// BuildKit's gha cache client. The client followed is the one BuildKit v0.13
// (dockerd 26) vendors, github.com/tonistiigi/go-actions-cache at a0b64f338598:
// vendor/github.com/tonistiigi/go-actions-cache/cache.go (Load, reserve,
// uploadChunk, commit, Entry.Download) and its api.md. It calls, under
// ACTIONS_CACHE_URL + "_apis/artifactcache/", with `Authorization: Bearer
// <ACTIONS_RUNTIME_TOKEN>` and `Accept: application/json;api-version=6.0-preview.1`:
//   GET   cache?keys=k1,k2&version=v  query: 204 without a body when nothing matches,
//                                     else 200 {cacheKey, scope, archiveLocation};
//                                     a key matches exactly, else as a prefix, newest first
//   POST  caches {key, version}        reserve: {cacheId}; a key and version already
//                                     reserved is 409 "already exists" (os.ErrExist to the client)
//   PATCH caches/{id}                  one chunk, `Content-Range: bytes <first>-<last>/*`
//   POST  caches/{id} {size}           commit: the chunks must cover 0..size-1
// and downloads archiveLocation with a plain GET (no token: the URL is
// pre-authorised), `Range: bytes=<offset>-` when it resumes, which must be answered
// with a 206 whose Content-Range starts `bytes <offset>-`. The v1 client lists no
// keys: its scopes come from the token's `ac` claim. Everything is kept in memory.
import crypto from 'node:crypto'
import http from 'node:http'

const API = '_apis/artifactcache/'

/** The error body the service answers with (go-actions-cache's GithubAPIError). */
function apiError(message, typeKey) {
  return {
    $id: '1',
    innerException: null,
    message,
    typeName: `GitHub.Services.Caching.WebApi.${typeKey}, GitHub.Services.Caching.WebApi`,
    typeKey,
    errorCode: 0
  }
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

/**
 * Starts the service on 127.0.0.1 (a free port) under a path prefix, as
 * act_runner serves it. `token` is the only runtime token it accepts.
 * Returns `url` (ACTIONS_CACHE_URL, with its trailing slash), `counts()` (requests
 * per endpoint and bytes moved), `entries()` (committed keys), `read(key)`, `log`
 * (every request: method, path, queried keys, status) and `stop()`.
 */
export async function startGhaCacheServer({ token, prefix = 'cache-service' } = {}) {
  if (!token) throw new Error('startGhaCacheServer: a runtime token is required')
  const caches = new Map() // id -> { id, key, version, chunks: [{ start, data }], data?, createdAt }
  let nextId = 1
  const log = []
  const counts = {
    query: 0,
    hit: 0,
    miss: 0,
    reserve: 0,
    conflict: 0,
    upload: 0,
    commit: 0,
    download: 0,
    rangedDownload: 0,
    unauthorized: 0,
    rejected: 0,
    unknown: 0,
    bytesUploaded: 0,
    bytesDownloaded: 0
  }
  let base = ''

  const reply = (response, status, body) => {
    if (body === undefined) {
      response.writeHead(status)
      response.end()
    } else {
      const text = JSON.stringify(body)
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
      response.end(text)
    }
    return status
  }
  const refuse = (response, status, message, typeKey = 'ArtifactCacheException') => {
    counts.rejected += 1
    return reply(response, status, apiError(message, typeKey))
  }

  /** The newest committed entry whose key is one of `keys` exactly, else starts with one of them (in the order given). */
  const find = (keys, version) => {
    const committed = [...caches.values()].filter((cache) => cache.data && cache.version === version).sort((a, b) => b.id - a.id)
    for (const key of keys) {
      const exact = committed.find((cache) => cache.key === key)
      if (exact) return exact
      const prefixed = committed.find((cache) => cache.key.startsWith(key))
      if (prefixed) return prefixed
    }
    return undefined
  }

  const handleApi = async (request, response, route, query) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      counts.unauthorized += 1
      return reply(response, 401, apiError('The runtime token is not the one this job was given', 'UnauthorizedException'))
    }
    if (!/api-version=6\.0-preview\.1/.test(request.headers.accept ?? '')) return refuse(response, 400, 'Accept must name api-version=6.0-preview.1')
    const byId = /^caches\/(\d+)$/.exec(route)
    if (request.method === 'GET' && route === 'cache') {
      counts.query += 1
      const keys = (query.get('keys') ?? '').split(',').filter(Boolean)
      const version = query.get('version') ?? ''
      if (keys.length === 0 || !version) return refuse(response, 400, 'keys and version are required')
      const found = find(keys, version)
      if (!found) {
        counts.miss += 1
        return reply(response, 204)
      }
      counts.hit += 1
      return reply(response, 200, {
        result: 'hit',
        cacheKey: found.key,
        scope: '',
        creationTime: new Date(found.createdAt).toISOString(),
        archiveLocation: `${base}${API}artifacts/${found.id}`
      })
    }
    if (request.method === 'POST' && route === 'caches') {
      counts.reserve += 1
      let body
      try {
        body = JSON.parse((await readBody(request)).toString('utf8'))
      } catch {
        return refuse(response, 400, 'the body is not JSON')
      }
      if (typeof body.key !== 'string' || !body.key || typeof body.version !== 'string' || !body.version) {
        return refuse(response, 400, 'key and version are required')
      }
      if ([...caches.values()].some((cache) => cache.key === body.key && cache.version === body.version)) {
        counts.conflict += 1
        return reply(response, 409, apiError(`Cache already exists. Scope: , Key: ${body.key}, Version: ${body.version}`, 'ReserveCacheAlreadyExistsException'))
      }
      const id = nextId++
      caches.set(id, { id, key: body.key, version: body.version, chunks: [], createdAt: Date.now() })
      return reply(response, 201, { cacheId: id })
    }
    if (request.method === 'PATCH' && byId) {
      counts.upload += 1
      const cache = caches.get(Number(byId[1]))
      const data = await readBody(request)
      if (!cache) return refuse(response, 404, `cache ${byId[1]} is not reserved`)
      if (cache.data) return refuse(response, 409, `cache ${cache.id} is already committed`)
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(request.headers['content-range'] ?? '')
      if (!range) return refuse(response, 400, `Content-Range must be "bytes <first>-<last>/*", not ${request.headers['content-range']}`)
      const [first, last] = [Number(range[1]), Number(range[2])]
      if (last - first + 1 !== data.length) return refuse(response, 400, `Content-Range ${first}-${last} but ${data.length} bytes sent`)
      cache.chunks.push({ start: first, data })
      counts.bytesUploaded += data.length
      return reply(response, 204)
    }
    if (request.method === 'POST' && byId) {
      counts.commit += 1
      const cache = caches.get(Number(byId[1]))
      let body
      try {
        body = JSON.parse((await readBody(request)).toString('utf8'))
      } catch {
        return refuse(response, 400, 'the body is not JSON')
      }
      if (!cache) return refuse(response, 404, `cache ${byId[1]} is not reserved`)
      if (cache.data) return refuse(response, 409, `cache ${cache.id} is already committed`)
      const chunks = [...cache.chunks].sort((a, b) => a.start - b.start)
      let covered = 0
      for (const chunk of chunks) {
        if (chunk.start !== covered) return refuse(response, 400, `cache ${cache.id}: chunks leave a gap or overlap at byte ${covered}`)
        covered += chunk.data.length
      }
      if (covered !== body.size) return refuse(response, 400, `cache ${cache.id}: size ${body.size} but ${covered} bytes uploaded`)
      cache.data = Buffer.concat(chunks.map((chunk) => chunk.data))
      cache.chunks = []
      return reply(response, 204)
    }
    counts.unknown += 1
    return reply(response, 404, apiError(`no route for ${request.method} ${route}`, 'NotFoundException'))
  }

  /** archiveLocation: a plain GET, from `Range: bytes=<offset>-` on when given. */
  const handleDownload = (request, response, id) => {
    const cache = caches.get(id)
    if (request.method !== 'GET' || !cache?.data) {
      counts.unknown += 1
      return reply(response, 404)
    }
    counts.download += 1
    const size = cache.data.length
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '')
    if (request.headers.range && !range) return refuse(response, 416, `unsupported Range ${request.headers.range}`)
    const offset = range ? Number(range[1]) : 0
    if (offset >= size && size > 0) {
      response.writeHead(416, { 'Content-Range': `bytes */${size}` })
      response.end()
      return 416
    }
    const body = cache.data.subarray(offset)
    counts.bytesDownloaded += body.length
    if (range) {
      counts.rangedDownload += 1
      response.writeHead(206, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': body.length,
        'Content-Range': `bytes ${offset}-${size - 1}/${size}`
      })
    } else {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length })
    }
    response.end(body)
    return range ? 206 : 200
  }

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const entry = { method: request.method, path: url.pathname, keys: url.searchParams.get('keys') ?? undefined, status: 0 }
    log.push(entry)
    const root = `/${prefix}/${API}`
    const handled = (async () => {
      if (!url.pathname.startsWith(root)) {
        counts.unknown += 1
        return reply(response, 404)
      }
      const route = url.pathname.slice(root.length)
      const artifact = /^artifacts\/(\d+)$/.exec(route)
      if (artifact) return handleDownload(request, response, Number(artifact[1]))
      return handleApi(request, response, route, url.searchParams)
    })()
    handled.then(
      (status) => (entry.status = status),
      (error) => {
        entry.status = 500
        if (!response.headersSent) reply(response, 500, apiError(String(error), 'InternalServerException'))
        else response.destroy()
      }
    )
  })
  const sockets = new Set()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the gha cache service did not bind to a TCP port')
  base = `http://127.0.0.1:${address.port}/${prefix}/`

  return {
    url: base,
    log,
    counts: () => ({ ...counts }),
    /** Committed entries, oldest first: key, size and the sha256 of what was assembled from the chunks. */
    entries: () =>
      [...caches.values()]
        .filter((cache) => cache.data)
        .sort((a, b) => a.id - b.id)
        .map((cache) => ({ key: cache.key, size: cache.data.length, sha256: crypto.createHash('sha256').update(cache.data).digest('hex') })),
    /** The bytes committed under a key (the newest entry), or undefined. */
    read: (key) => [...caches.values()].filter((cache) => cache.data && cache.key === key).sort((a, b) => b.id - a.id)[0]?.data,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
