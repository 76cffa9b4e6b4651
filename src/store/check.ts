import path from 'node:path'
import { sha256File } from './files.js'
import type { StoreLayout } from './layout.js'
import { checkDescriptor, readIndex, tagOf } from './oci.js'

export interface StoreCheck {
  ok: boolean
  tags: Array<{ tag: string; state: 'intact' | 'broken' | 'unreadable'; problem?: string; blobs: number; bytes: number }>
  problems: string[]
}

async function digestProblem(layout: StoreLayout, hex: string, verified: Map<string, string | undefined>): Promise<string | undefined> {
  if (verified.has(hex)) return verified.get(hex)
  const file = path.join(layout.blobs, hex)
  let problem: string | undefined
  try {
    if ((await sha256File(file)) !== hex) problem = `blob sha256:${hex} does not match its content`
  } catch (error) {
    problem = `could not read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`
  }
  verified.set(hex, problem)
  return problem
}

/** Every tag resolves, every referenced blob exists with its size, and (with `verifyDigests`) its content hashes to its name. */
export async function checkStore(layout: StoreLayout, { verifyDigests = false } = {}): Promise<StoreCheck> {
  const result: StoreCheck = { ok: true, tags: [], problems: [] }
  const verified = new Map<string, string | undefined>() // scopes share most blobs: each is hashed once
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
        const problem = await digestProblem(layout, hex, verified)
        if (problem) result.problems.push(`${tag}: ${problem}`)
      }
    }
    result.tags.push({ tag, state: 'intact', blobs: check.blobs.size, bytes: check.bytes })
  }
  result.ok = result.problems.length === 0
  return result
}
