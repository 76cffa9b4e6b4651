/** One base URL the distribution API may be reached at, and whether its TLS certificate is checked. */
export interface Endpoint {
  /** Base URL, without `/v2/`. */
  url: string
  /** False only for an https endpoint of a host marked `registry-insecure` (a self-signed certificate, as dockerd allows there). */
  verifyTls: boolean
}

/** Where a `registry-ref` lives: the host as Docker names it, the API endpoints to try, and the repository path. */
export interface RegistryRepository {
  /** The host as written in the ref (and as `docker login` keys it), e.g. `git.example.com` or `127.0.0.1:5000`; `docker.io` for Docker Hub. */
  host: string
  /** Tried in order until one answers at all; then that one is used. */
  endpoints: Endpoint[]
  /** Repository path inside the registry, e.g. `org/app-cache`. */
  repository: string
}

// Docker Hub is what a ref without a host means; its API and its login key differ from its name.
export const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_API = 'registry-1.docker.io'
// The names a ref may give Docker Hub by: the docker CLI sends every one of them to its API host.
export const DOCKER_HUB_NAMES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API, 'registry.hub.docker.com'])

/**
 * Hosts spoken to over plain HTTP without being asked: loopback, which dockerd
 * (insecure-registries 127.0.0.0/8) and containerd (localhost) also treat as insecure.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1')
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}

/**
 * How dockerd reaches a registry: loopback over plain HTTP; a host marked
 * insecure over HTTPS without checking its certificate first (a self-signed
 * registry), then plain HTTP; every other host over HTTPS, certificate checked.
 */
export function endpointsFor(host: string, insecure: boolean): Endpoint[] {
  if (isLoopbackHost(host)) return [{ url: `http://${host}`, verifyTls: true }]
  if (insecure)
    return [
      { url: `https://${host}`, verifyTls: false },
      { url: `http://${host}`, verifyTls: true }
    ]
  return [{ url: `https://${host}`, verifyTls: true }]
}

/**
 * Splits an image repository reference (no tag, no digest: inputs.ts has
 * validated it) the way Docker does: the first component is a host when it
 * has a dot or a port or is `localhost`; otherwise the repository is on Docker
 * Hub, where a one-part name is an official image under `library/`.
 */
export function parseRegistryRef(ref: string, { insecure = false }: { insecure?: boolean } = {}): RegistryRepository {
  const slash = ref.indexOf('/')
  const first = slash > 0 ? ref.slice(0, slash) : ''
  const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')
  const host = hasHost ? first : DOCKER_HUB
  const path = hasHost ? ref.slice(slash + 1) : ref
  if (DOCKER_HUB_NAMES.has(host.toLowerCase())) {
    // docker.io itself answers the API with a redirect to the website, not with the registry.
    return { host: DOCKER_HUB, endpoints: [{ url: `https://${DOCKER_HUB_API}`, verifyTls: true }], repository: path.includes('/') ? path : `library/${path}` }
  }
  return { host, endpoints: endpointsFor(host, insecure), repository: path }
}
