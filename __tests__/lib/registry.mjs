// The engine suites' registries: scripts/lib/registry.mjs (shared with the
// benchmarks) plus what only the suites use: a registry started before a
// suite's tests and stopped after them, and reads and writes of tags through
// the distribution API.
import { afterAll, beforeAll } from '@jest/globals'
import { startRegistry } from '../../scripts/lib/registry.mjs'

export { fetchManifest, freePort, manifestRevisions, startRegistry, startTokenRegistry, storedBlobBytes } from '../../scripts/lib/registry.mjs'

/** The media types a cache manifest is stored with (buildx exports an OCI image manifest or index). */
const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json'

/** The digest a tag points at, or undefined when the tag is absent. */
export async function digestOf(registryUrl, repository, tag) {
  const response = await fetch(`http://${registryUrl}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: MANIFEST_TYPES } })
  return response.status === 200 ? response.headers.get('docker-content-digest') : undefined
}

/** A repository's tags, sorted; none when the repository is absent. */
export async function tagsOf(registryUrl, repository) {
  const list = await fetch(`http://${registryUrl}/v2/${repository}/tags/list`).then((r) => (r.ok ? r.json() : {}))
  return (list.tags ?? []).sort()
}

/** Puts the manifest a tag points at under a second tag, as a user's own push of the same image would; the PUT's status. */
export async function retag(registryUrl, repository, from, to) {
  const manifest = await fetch(`http://${registryUrl}/v2/${repository}/manifests/${from}`, { headers: { Accept: MANIFEST_TYPES } })
  const put = await fetch(`http://${registryUrl}/v2/${repository}/manifests/${to}`, {
    method: 'PUT',
    headers: { 'Content-Type': manifest.headers.get('content-type') ?? '' },
    body: Buffer.from(await manifest.arrayBuffer())
  })
  return put.status
}

/**
 * A registry for the whole suite (startRegistry's options): started in beforeAll, stopped in afterAll.
 * The handle is filled in when it has started (url, and dataDir, credentials and garbageCollect for one
 * started here); call it after the suite's own beforeAll (ensureEngine) so that one runs first.
 * deleteAfterAll(repository) names a repository whose manifests go before the stop: the registry on
 * 5000 that scripts/engine.sh starts outlives the suite and keeps nothing the suite pushed.
 */
export function useRegistry(options) {
  const repositories = []
  const registry = { url: '', deleteAfterAll: (repository) => void repositories.push(repository) }
  beforeAll(async () => {
    Object.assign(registry, await startRegistry(options))
  })
  afterAll(async () => {
    if (!registry.url) return
    for (const repository of repositories)
      for (const tag of await tagsOf(registry.url, repository)) {
        const digest = await digestOf(registry.url, repository, tag)
        if (digest) await fetch(`http://${registry.url}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' })
      }
    await registry.stop?.()
  })
  return registry
}
