import fs from 'node:fs'
import path from 'node:path'
import { parseRecord } from '../builders/persistent/record.js'
import { RECORDS_DIR } from '../builders/persistent/records-io.js'
import { ensureRealDirectory, lstatOrUndefined, writeFileAtomic } from '../store/files.js'
import { withOpenedBlobs } from '../store/gc.js'
import { isBlobName, storeLayout, type StoreLayout } from '../store/layout.js'
import { readLastUsed } from '../store/last-used.js'
import { inRealDirectory, readRegularFile } from '../store/no-follow.js'
import { memoizedCheck, readIndex, tagOf } from '../store/oci.js'
import type { BuilderCandidate, ScopeCandidate } from './eviction-plan.js'

/**
 * What each cache on the host holds, read from what post and the CLI's gc
 * leave behind: one small record per store (`.meta/usage.json`) and the
 * persistent builders' records in `.builders/`. Reading them is one folder
 * listing and a file each, so post can afford it on every job.
 */

export interface StoreUsage {
  repo: string
  bytes: number
  lastUsedMs: number
  /** The scopes of the repository's default branch (one per bake target): evicted last. */
  defaultBranch: string[]
  /** No record was found: the blobs were counted now (the host pass then records them, so this happens once). */
  measured?: boolean
}

export interface HostCaches {
  stores: StoreUsage[]
  builders: BuilderCandidate[]
}

const USAGE_FILE = 'usage.json'

export function writeStoreUsage(layout: StoreLayout, usage: Omit<StoreUsage, 'repo'>): void {
  ensureRealDirectory(layout.meta)
  writeFileAtomic(path.join(layout.meta, USAGE_FILE), JSON.stringify(usage))
}

/** The store's record as post or the CLI's gc last wrote it; undefined when there is none or it cannot be read. */
export function readStoreUsage(layout: StoreLayout, repo: string): StoreUsage | undefined {
  try {
    const value = JSON.parse(readRegularFile(path.join(layout.meta, USAGE_FILE))) as Partial<StoreUsage>
    if (!Number.isFinite(value.bytes) || !Number.isFinite(value.lastUsedMs)) return undefined
    const defaultBranch = Array.isArray(value.defaultBranch) ? value.defaultBranch.filter((tag) => typeof tag === 'string') : []
    return { repo, bytes: value.bytes!, lastUsedMs: value.lastUsedMs!, defaultBranch }
  } catch {
    return undefined
  }
}

/** A store no post has recorded yet (made by an older release): its blobs counted once, its last use from its scopes. */
function measureStore(layout: StoreLayout, repo: string): StoreUsage {
  const counted = withOpenedBlobs(layout, (blobs) => {
    let bytes = 0
    for (const entry of fs.readdirSync(blobs, { withFileTypes: true })) {
      if (isBlobName(entry.name) && entry.isFile()) bytes += lstatOrUndefined(path.join(blobs, entry.name))?.size ?? 0
    }
    return bytes
  })
  const times = [...readLastUsed(layout).values()]
  return { repo, bytes: typeof counted === 'number' ? counted : 0, lastUsedMs: times.length > 0 ? Math.max(...times) : 0, defaultBranch: [], measured: true }
}

/** The repositories with a store under the volume: real folders holding an OCI layout (never a link). */
export function storeNames(volumePath: string): string[] {
  let names: string[]
  try {
    names = fs.readdirSync(volumePath)
  } catch {
    return []
  }
  return names.filter(
    (name) => !name.startsWith('.') && lstatOrUndefined(path.join(volumePath, name))?.isDirectory() && fs.existsSync(path.join(volumePath, name, 'oci-layout'))
  )
}

function builderRecords(volumePath: string): BuilderCandidate[] {
  try {
    return inRealDirectory(volumePath, [RECORDS_DIR], (dir) =>
      fs.readdirSync(dir).flatMap((file) => {
        if (!file.endsWith('.json')) return []
        let record
        try {
          record = parseRecord(readRegularFile(path.join(dir, file)))
        } catch {
          return []
        }
        return record ? [{ name: record.name, bytes: record.cacheBytes ?? 0, lastUsedMs: record.lastUsedMs }] : []
      })
    )
  } catch {
    return []
  }
}

export function scanHost(volumePath: string): HostCaches {
  const stores = storeNames(volumePath).map((repo) => {
    const layout = storeLayout(path.join(volumePath, repo))
    return readStoreUsage(layout, repo) ?? measureStore(layout, repo)
  })
  return { stores, builders: builderRecords(volumePath) }
}

/** Every scope of one store with its blobs, for the eviction plan; a store that cannot be read offers none. */
export function storeScopes(volumePath: string, usage: StoreUsage): ScopeCandidate[] {
  const layout = storeLayout(path.join(volumePath, usage.repo))
  const lastUsed = readLastUsed(layout)
  const defaults = new Set(usage.defaultBranch)
  const scopes = withOpenedBlobs(layout, (blobs) => {
    const check = memoizedCheck(blobs)
    let manifests
    try {
      manifests = readIndex(layout.index).manifests
    } catch {
      return []
    }
    return manifests.flatMap((descriptor): ScopeCandidate[] => {
      const tag = tagOf(descriptor)
      const result = check(descriptor)
      if (!tag || result.state !== 'intact') return []
      return [{ repo: usage.repo, tag, lastUsedMs: lastUsed.get(tag) ?? usage.lastUsedMs, blobs: result.blobs, isDefault: defaults.has(tag) }]
    })
  })
  return Array.isArray(scopes) ? scopes : []
}
