/** Where a `registry-ref` lives: the host as Docker names it, the API endpoint, and the repository path. */
export interface RegistryRepository {
  /** The host as written in the ref (and as `docker login` keys it), e.g. `git.example.com` or `127.0.0.1:5000`. */
  host: string
  /** Base URL of the distribution API, without `/v2/`. */
  endpoint: string
  /** Repository path inside the registry, e.g. `org/app-cache`. */
  repository: string
}

// Docker Hub is what a ref without a host means; its API and its login key differ from its name.
export const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_API = 'registry-1.docker.io'

/**
 * Hosts spoken to over plain HTTP without being asked: loopback, which dockerd
 * (insecure-registries 127.0.0.0/8) and containerd (localhost) also treat as insecure.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1')
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}

/**
 * Splits an image repository reference (no tag, no digest: inputs.ts has
 * validated it) the way Docker does: the first component is a host when it
 * has a dot or a port or is `localhost`; otherwise the repository is on Docker Hub.
 */
export function parseRegistryRef(ref: string, { insecure = false }: { insecure?: boolean } = {}): RegistryRepository {
  const slash = ref.indexOf('/')
  const first = slash > 0 ? ref.slice(0, slash) : ''
  const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')
  if (!hasHost) {
    const repository = ref.includes('/') ? ref : `library/${ref}`
    return { host: DOCKER_HUB, endpoint: `https://${DOCKER_HUB_API}`, repository }
  }
  const scheme = insecure || isLoopbackHost(first) ? 'http' : 'https'
  return { host: first, endpoint: `${scheme}://${first}`, repository: ref.slice(slash + 1) }
}
