import fs from 'node:fs'
import path from 'node:path'
import { readLastUsed } from '../store/last-used.js'
import { storeLayout } from '../store/layout.js'
import { checkStore } from '../store/check.js'
import { lstatOrUndefined } from '../store/files.js'

export interface ScopeStatus {
  repo: string
  scope: string
  blobs: number
  bytes: number
  lastUsed?: string
  state: string
}

/** A store is a real directory holding an oci-layout file (never followed through a symlink, which could lead outside the volume). */
export function isStore(volumePath: string, repo: string): boolean {
  return Boolean(lstatOrUndefined(path.join(volumePath, repo))?.isDirectory() && lstatOrUndefined(path.join(volumePath, repo, 'oci-layout'))?.isFile())
}

/** Stores under a volume, by name. */
export function listStores(volumePath: string): string[] {
  if (!lstatOrUndefined(volumePath)) return []
  return fs
    .readdirSync(volumePath)
    .filter((name) => isStore(volumePath, name))
    .sort()
}

export async function storeStatus(volumePath: string, repo: string): Promise<ScopeStatus[]> {
  const layout = storeLayout(path.join(volumePath, repo))
  const check = await checkStore(layout)
  if (check.tags.length === 0 && !check.ok) return [{ repo, scope: '(index.json)', blobs: 0, bytes: 0, state: check.problems[0] }]
  const lastUsed = readLastUsed(layout)
  return check.tags.map((tag) => ({
    repo,
    scope: tag.tag,
    blobs: tag.blobs,
    bytes: tag.bytes,
    lastUsed: lastUsed.has(tag.tag) ? new Date(lastUsed.get(tag.tag) ?? 0).toISOString() : undefined,
    state: tag.state === 'intact' ? 'ok' : (tag.problem ?? tag.state)
  }))
}
