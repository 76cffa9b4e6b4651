// Debian's docker-registry on loopback, started by the tests that need it.
import bcrypt from 'bcryptjs'
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

async function answers(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/v2/`)
    return response.status === 200 || response.status === 401
  } catch {
    return false
  }
}

/**
 * A registry on 127.0.0.1:<port>; with `auth`, one htpasswd user (`credentials`)
 * that builds are not given unless a test hands it over, so every other push is refused with 401. Reuses an open
 * registry without auth already answering on the port (scripts/engine.sh starts one on 5000).
 */
export async function startRegistry({ port = 5000, auth = false, reuse = true } = {}) {
  if (!auth && reuse && (await answers(port))) return { url: `127.0.0.1:${port}`, stop: async () => {} }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'))
  const authConfig = auth ? `auth:\n  htpasswd:\n    realm: test\n    path: ${dir}/htpasswd\n` : ''
  const credentials = { username: 'ci', password: 'not-given-to-builds' }
  if (auth) fs.writeFileSync(path.join(dir, 'htpasswd'), `${credentials.username}:${bcrypt.hashSync(credentials.password, 10)}\n`)
  fs.writeFileSync(
    path.join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authConfig}`
  )
  const config = path.join(dir, 'config.yml')
  let log = ''
  let child
  const serve = async () => {
    child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr.on('data', (chunk) => (log += chunk))
    for (let i = 0; i < 50 && !(await answers(port)); i++) await sleep(100)
    if (!(await answers(port))) {
      child.kill()
      throw new Error(`docker-registry did not start on 127.0.0.1:${port}: ${log}`)
    }
  }
  const halt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill()
    await exited
  }
  await serve()
  return {
    url: `127.0.0.1:${port}`,
    // The registry's storage, for tests that count what it holds (only a registry started here has one to read).
    dataDir: path.join(dir, 'data'),
    // The htpasswd login, for tests that hand it to a job through a Docker config.
    ...(auth ? { credentials } : {}),
    /**
     * distribution's own GC, run as it documents: with the registry stopped (a GC
     * racing uploads can delete blobs a push is about to reference), then served again.
     */
    garbageCollect: async () => {
      await halt()
      const gc = spawnSync('docker-registry', ['garbage-collect', config], { encoding: 'utf8' })
      await serve()
      if (gc.status !== 0) throw new Error(`docker-registry garbage-collect exited ${gc.status}: ${gc.stderr}`)
      return gc.stdout
    },
    stop: async () => {
      await halt()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort() {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Bytes of every blob in distribution's filesystem storage (`blobs/sha256/<xx>/<hex>/data`); a registry of one repository holds only its own. */
export function storedBlobBytes(dataDir) {
  const root = path.join(dataDir, 'docker/registry/v2/blobs/sha256')
  if (!fs.existsSync(root)) return { blobs: 0, bytes: 0 }
  let blobs = 0
  let bytes = 0
  for (const prefix of fs.readdirSync(root))
    for (const hex of fs.readdirSync(path.join(root, prefix))) {
      const data = path.join(root, prefix, hex, 'data')
      if (!fs.existsSync(data)) continue
      blobs += 1
      bytes += fs.statSync(data).size
    }
  return { blobs, bytes }
}

/**
 * The manifests a repository holds, read from distribution's filesystem storage:
 * one `_manifests/revisions/sha256/<hex>/link` each (a delete by digest removes the link).
 */
export function manifestRevisions(dataDir, repository) {
  const revisions = path.join(dataDir, 'docker/registry/v2/repositories', repository, '_manifests/revisions/sha256')
  if (!fs.existsSync(revisions)) return []
  return fs
    .readdirSync(revisions)
    .filter((hex) => fs.existsSync(path.join(revisions, hex, 'link')))
    .map((hex) => `sha256:${hex}`)
    .sort()
}

/** The manifest stored under a tag, as the registry API returns it (OCI media types accepted). */
export async function fetchManifest(registry, repository, tag) {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    headers: {
      Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json'
    }
  })
  if (!response.ok) return undefined
  return { mediaType: response.headers.get('content-type'), body: await response.json() }
}

const base64url = (data) => Buffer.from(data).toString('base64url')

/**
 * A registry with distribution's token auth, as Gitea's and Docker Hub's work:
 * a 401 with a Bearer challenge, a token server (here, in this process) that
 * takes Basic credentials and signs a JWT granting what was asked, checked by
 * the registry against a certificate made with openssl.
 */
export async function startTokenRegistry({ port = 5003 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-registry-'))
  const credentials = { username: 'ci', password: 'token-flow-secret' }
  const key = path.join(dir, 'key.pem')
  const cert = path.join(dir, 'cert.pem')
  const openssl = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=token-issuer'],
    { encoding: 'utf8' }
  )
  if (openssl.status !== 0) throw new Error(`openssl could not make the token certificate: ${openssl.stderr || openssl.error?.message}`)
  const privateKey = crypto.createPrivateKey(fs.readFileSync(key))
  const certDer = new crypto.X509Certificate(fs.readFileSync(cert)).raw.toString('base64')
  const tokenRequests = []

  const tokenServer = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    tokenRequests.push({
      scope: url.searchParams.getAll('scope'),
      service: url.searchParams.get('service'),
      authorized: request.headers.authorization === expected
    })
    if (request.headers.authorization !== expected) return void response.writeHead(401).end()
    const access = url.searchParams.getAll('scope').map((scope) => {
      const [type, ...rest] = scope.split(':')
      const actions = (rest.pop() ?? '').split(',')
      return { type, name: rest.join(':'), actions }
    })
    const now = Math.floor(Date.now() / 1000)
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [certDer] }))
    const claims = base64url(
      JSON.stringify({
        iss: 'test-issuer',
        sub: credentials.username,
        aud: 'test-registry',
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: crypto.randomUUID(),
        access
      })
    )
    const signature = crypto.sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), privateKey).toString('base64url')
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${header}.${claims}.${signature}` }))
  })
  await new Promise((resolve) => tokenServer.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port: tokenPort } = /** @type {import('node:net').AddressInfo} */ (tokenServer.address())
  const realm = `http://127.0.0.1:${tokenPort}/token`

  fs.writeFileSync(
    path.join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n` +
      `auth:\n  token:\n    realm: ${realm}\n    service: test-registry\n    issuer: test-issuer\n    rootcertbundle: ${cert}\n`
  )
  const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr.on('data', (chunk) => (log += chunk))
  const stop = async () => {
    child.kill()
    await new Promise((resolve) => tokenServer.close(resolve))
    fs.rmSync(dir, { recursive: true, force: true })
  }
  for (let i = 0; i < 50 && !(await answers(port)); i++) await sleep(100)
  if (!(await answers(port))) {
    await stop()
    throw new Error(`docker-registry with token auth did not start on 127.0.0.1:${port}: ${log}`)
  }
  return { url: `127.0.0.1:${port}`, credentials, tokenRequests, stop }
}
