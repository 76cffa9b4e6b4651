import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { StoreLayout } from './layout.js'
import { checkDescriptor, readIndex, tagOf } from './oci.js'

export interface StoreCheck {
  ok: boolean
  tags: Array<{ tag: string; state: 'intact' | 'broken' | 'unreadable'; problem?: string; blobs: number; bytes: number }>
  problems: string[]
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/** Every tag resolves, every referenced blob exists with its size, and (with `verifyDigests`) its content hashes to its name. */
export function checkStore(layout: StoreLayout, { verifyDigests = false } = {}): StoreCheck {
  const result: StoreCheck = { ok: true, tags: [], problems: [] }
  let index
  try {
    index = readIndex(layout.index)
  } catch (error) {
    return { ok: false, tags: [], problems: [`index.json: ${(error as Error).message}`] }
  }
  for (const descriptor of index.manifests) {
    const tag = tagOf(descriptor) ?? `(untagged ${descriptor.digest})`
    const check = checkDescriptor(layout.blobs, descriptor)
    if (check.state !== 'intact') {
      result.tags.push({ tag, state: check.state, problem: check.problem, blobs: 0, bytes: 0 })
      result.problems.push(`${tag}: ${check.problem}`)
      continue
    }
    if (verifyDigests) {
      for (const hex of check.blobs.keys()) {
        if (sha256(path.join(layout.blobs, hex)) !== hex) result.problems.push(`${tag}: blob sha256:${hex} does not match its content`)
      }
    }
    result.tags.push({ tag, state: 'intact', blobs: check.blobs.size, bytes: check.bytes })
  }
  result.ok = result.problems.length === 0
  return result
}
