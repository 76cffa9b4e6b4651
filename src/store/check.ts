import path from 'node:path'
import { errorMessage } from '../error-message.js'
import { sha256File } from './files.js'
import type { StoreLayout } from './layout.js'
import { checkDescriptor, readIndex, tagOf, type DescriptorCheck } from './oci.js'

/**
 * What hashing found, by blob hex: content that does not hash to its name, and
 * blobs that could not be read. A blob in neither matched or was not hashed.
 */
export interface ContentFailures {
  corrupt: Map<string, string>
  unreadable: Map<string, string>
}

export interface StoreCheck {
  ok: boolean
  tags: Array<{ tag: string; state: 'intact' | 'broken' | 'unreadable'; problem?: string; blobs: number; bytes: number }>
  problems: string[]
  /** Empty without `verifyDigests`. */
  failures: ContentFailures
}

function hashBlob(layout: StoreLayout, hex: string, failures: ContentFailures): string | undefined {
  const file = path.join(layout.blobs, hex)
  try {
    if (sha256File(file) !== hex) failures.corrupt.set(hex, `blob sha256:${hex} does not match its content`)
  } catch (error) {
    failures.unreadable.set(hex, `could not read ${file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`)
  }
  return failures.corrupt.get(hex) ?? failures.unreadable.get(hex)
}

/**
 * Every tag resolves, every referenced blob exists with its size, and (with
 * `verifyDigests`) its content hashes to its name. The work is synchronous
 * (sha256File serves promotion's synchronous loop too); callers await the result.
 */
export function checkStore(layout: StoreLayout, { verifyDigests = false } = {}): Promise<StoreCheck> {
  return new Promise((resolve) => resolve(checkNow(layout, verifyDigests)))
}

function checkNow(layout: StoreLayout, verifyDigests: boolean): StoreCheck {
  const failures: ContentFailures = { corrupt: new Map(), unreadable: new Map() }
  const result: StoreCheck = { ok: true, tags: [], problems: [], failures }
  const hashed = new Map<string, string | undefined>() // scopes share most blobs: each is hashed once
  let index
  try {
    index = readIndex(layout.index)
  } catch (error) {
    return { ...result, ok: false, problems: [`index.json: ${errorMessage(error)}`] }
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
        if (!hashed.has(hex)) hashed.set(hex, hashBlob(layout, hex, failures))
        const problem = hashed.get(hex)
        if (problem) result.problems.push(`${tag}: ${problem}`)
      }
    }
    result.tags.push({ tag, state: 'intact', blobs: check.blobs.size, bytes: check.bytes })
  }
  result.ok = result.problems.length === 0
  return result
}

/**
 * `check` that also holds each tag to what hashing found: a tag referencing
 * content that fails its digest is broken (GC then drops it, as any broken
 * tag, and sweeps what only it referenced); one referencing a blob hashing
 * could not read is unreadable (GC does not sweep on a guess). Hashing runs
 * before the lock, so the lock is held only for the stat-only pass.
 */
export function withContentFailures(check: DescriptorCheck, failures: ContentFailures): DescriptorCheck {
  return (descriptor) => {
    const result = check(descriptor)
    if (result.state !== 'intact') return result
    const blobs = [...result.blobs.keys()]
    const corrupt = blobs.find((hex) => failures.corrupt.has(hex))
    if (corrupt) return { state: 'broken', problem: failures.corrupt.get(corrupt) as string }
    const unreadable = blobs.find((hex) => failures.unreadable.has(hex))
    if (unreadable) return { state: 'unreadable', problem: failures.unreadable.get(unreadable) as string }
    return result
  }
}
