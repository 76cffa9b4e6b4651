// An independent reading of a store for the tests: what tags it has and
// whether each resolves to blobs that exist with the right size and digest.
// Written apart from src/ on purpose, so the product is not checked by itself.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export function readTags(storeDir) {
  const file = path.join(storeDir, 'index.json')
  if (!fs.existsSync(file)) return {}
  const index = JSON.parse(fs.readFileSync(file, 'utf8'))
  return Object.fromEntries(index.manifests.map((d) => [d.annotations?.['org.opencontainers.image.ref.name'], d]))
}

/** Problems found (empty when every tag resolves completely); `hash` also re-hashes every blob. */
export function storeProblems(storeDir, { hash = false } = {}) {
  const problems = []
  const reachable = new Set()
  const visit = (descriptor, where) => {
    const hex = descriptor.digest.replace(/^sha256:/, '')
    const file = path.join(storeDir, 'blobs', 'sha256', hex)
    if (!fs.existsSync(file)) return problems.push(`${where}: ${descriptor.digest} missing`)
    const data = fs.readFileSync(file)
    if (data.length !== descriptor.size) return problems.push(`${where}: ${descriptor.digest} has ${data.length} bytes, expected ${descriptor.size}`)
    if (hash && createHash('sha256').update(data).digest('hex') !== hex) problems.push(`${where}: ${descriptor.digest} content does not match`)
    reachable.add(hex)
    if (/manifest|index/.test(descriptor.mediaType ?? '')) {
      const manifest = JSON.parse(data.toString('utf8'))
      for (const child of [...(manifest.manifests ?? []), ...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])]) {
        visit(child, where)
      }
    }
  }
  for (const [tag, descriptor] of Object.entries(readTags(storeDir))) visit(descriptor, tag)
  return { problems, reachable }
}

export function blobNames(storeDir) {
  const dir = path.join(storeDir, 'blobs', 'sha256')
  return fs.existsSync(dir) ? fs.readdirSync(dir) : []
}
