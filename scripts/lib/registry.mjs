// Debian's docker-registry on loopback, started by the tests that need it.
import bcrypt from 'bcryptjs'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
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
export async function startRegistry({ port = 5000, auth = false } = {}) {
  if (!auth && (await answers(port))) return { url: `127.0.0.1:${port}`, stop: async () => {} }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'))
  const authConfig = auth ? `auth:\n  htpasswd:\n    realm: test\n    path: ${dir}/htpasswd\n` : ''
  const credentials = { username: 'ci', password: 'not-given-to-builds' }
  if (auth) fs.writeFileSync(path.join(dir, 'htpasswd'), `${credentials.username}:${bcrypt.hashSync(credentials.password, 10)}\n`)
  fs.writeFileSync(
    path.join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authConfig}`
  )
  const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr.on('data', (chunk) => (log += chunk))
  for (let i = 0; i < 50 && !(await answers(port)); i++) await sleep(100)
  if (!(await answers(port))) {
    child.kill()
    throw new Error(`docker-registry did not start on 127.0.0.1:${port}: ${log}`)
  }
  return {
    url: `127.0.0.1:${port}`,
    // The htpasswd login, for tests that hand it to a job through a Docker config.
    ...(auth ? { credentials } : {}),
    stop: async () => {
      child.kill()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** The manifest stored under a tag, as the registry API returns it (OCI media types accepted). */
export async function fetchManifest(registry, repository, tag) {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    headers: { Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json' }
  })
  if (!response.ok) return undefined
  return { mediaType: response.headers.get('content-type'), body: await response.json() }
}
