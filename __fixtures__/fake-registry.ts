// A small distribution registry over real HTTP for the command-line tool's tests:
// tags list, manifests by tag or digest, deletes by digest (which take every tag on
// the manifest, as distribution does) and, only when asked, deletes of a tag (OCI 1.1).
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeRegistry {
  host: string
  /** tag -> manifest digest */
  tags: Map<string, string>
  /** digest -> manifest bytes */
  manifests: Map<string, Buffer>
  requests: string[]
  put: (tag: string, manifest: object | string) => string
  close: () => Promise<void>
}

export const digestOf = (body: Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`

export async function startFakeRegistry({
  repository = 'org/cache',
  tagDeletes = false,
  login
}: { repository?: string; tagDeletes?: boolean; login?: { username: string; password: string } } = {}): Promise<FakeRegistry> {
  const tags = new Map<string, string>()
  const manifests = new Map<string, Buffer>()
  const requests: string[] = []
  const prefix = `/v2/${repository}/`
  const server = http.createServer((request, response) => {
    const { method = '', url = '' } = request
    requests.push(`${method} ${url}`)
    if (login && request.headers.authorization !== `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`) {
      return void response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="fake"' }).end()
    }
    const rest = url.startsWith(prefix) ? url.slice(prefix.length) : ''
    if (rest.startsWith('tags/list')) {
      return void response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: repository, tags: [...tags.keys()] }))
    }
    const reference = rest.startsWith('manifests/') ? decodeURIComponent(rest.slice('manifests/'.length)) : undefined
    if (reference === undefined) return void response.writeHead(404).end()
    const digest = reference.startsWith('sha256:') ? reference : tags.get(reference)
    const body = digest ? manifests.get(digest) : undefined
    if (method === 'DELETE') {
      if (!reference.startsWith('sha256:')) {
        if (!tagDeletes)
          return void response
            .writeHead(400, { 'Content-Type': 'application/json' })
            .end('{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}')
        if (!tags.delete(reference)) return void response.writeHead(404).end()
        return void response.writeHead(202).end()
      }
      if (!body || !digest) return void response.writeHead(404).end()
      manifests.delete(digest)
      for (const [tag, on] of [...tags]) if (on === digest) tags.delete(tag)
      return void response.writeHead(202).end()
    }
    if (!body || !digest) return void response.writeHead(404).end()
    const headers = { 'Docker-Content-Digest': digest, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }
    response.writeHead(200, headers).end(method === 'HEAD' ? undefined : body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    tags,
    manifests,
    requests,
    put: (tag, manifest) => {
      const body = Buffer.from(typeof manifest === 'string' ? manifest : JSON.stringify(manifest))
      const digest = digestOf(body)
      manifests.set(digest, body)
      tags.set(tag, digest)
      return digest
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** A cache manifest as BuildKit writes it with image-manifest=true: a config and layers of the given sizes. */
export function cacheManifest(seed: string, layerSizes: number[], configSize = 300): object {
  const digest = (part: string) => `sha256:${createHash('sha256').update(`${seed}-${part}`).digest('hex')}`
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.buildkit.cacheconfig.v0', digest: digest('config'), size: configSize },
    layers: layerSizes.map((size, i) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digest(`layer${i}`), size }))
  }
}

// A throwaway self-signed certificate (openssl req -x509, EC P-256, 100 years) for a loopback HTTPS test server.
export const SELF_SIGNED = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgDqdmPoFeyqikWu/X
I/hBL7adZ6TawmH4H8SGLtDsk3mhRANCAAR51XCKNOOC9WZXZX96Uu9i07DXGFSm
b6FIs8svT4Q6pshNdd8E0puHp4Zq4WKaEXlLT61qCD3jACfzvNEchEAJ
-----END PRIVATE KEY-----`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBljCCATugAwIBAgIUXILz0EF5z/EB9UzWfOI+wT1DEnMwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUc2VsZi1zaWduZWQtcmVnaXN0cnkwIBcNMjYxMjAyMDIzNDE4
WhgPMjEyNjExMDgwMjM0MThaMB8xHTAbBgNVBAMMFHNlbGYtc2lnbmVkLXJlZ2lz
dHJ5MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEedVwijTjgvVmV2V/elLvYtOw
1xhUpm+hSLPLL0+EOqbITXXfBNKbh6eGauFimhF5S0+tagg94wAn87zRHIRACaNT
MFEwHQYDVR0OBBYEFGYCyQ+vNrGIc533aKq4FJXBR8QPMB8GA1UdIwQYMBaAFGYC
yQ+vNrGIc533aKq4FJXBR8QPMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID
SQAwRgIhAM+prKrOTEiCiUjCUKZJ1DoYq4bx338qvzgiFBwceeP5AiEAuQXgaxR2
5nMwmyBYhrIk0wuI99QyV7d3sjWvMxU6xHk=
-----END CERTIFICATE-----`
}
