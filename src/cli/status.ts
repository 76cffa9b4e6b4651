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

/** Stores under a volume: real directories holding an oci-layout file (never followed through a symlink). */
export function listStores(volumePath: string): string[] {
  if (!lstatOrUndefined(volumePath)) return []
  return fs
    .readdirSync(volumePath)
    .filter((name) => lstatOrUndefined(path.join(volumePath, name))?.isDirectory())
    .filter((name) => lstatOrUndefined(path.join(volumePath, name, 'oci-layout'))?.isFile())
    .sort()
}

export function storeStatus(volumePath: string, repo: string): ScopeStatus[] {
  const layout = storeLayout(path.join(volumePath, repo))
  const check = checkStore(layout)
  if (check.tags.length === 0 && !check.ok) return [{ repo, scope: '(index.json)', blobs: 0, bytes: 0, state: check.problems[0] }]
  const lastUsed = readLastUsed(layout)
  return check.tags.map((tag) => ({
    repo,
    scope: tag.tag,
    blobs: tag.blobs,
    bytes: tag.bytes,
    lastUsed: lastUsed[tag.tag] ? new Date(lastUsed[tag.tag]).toISOString() : undefined,
    state: tag.state === 'intact' ? 'ok' : (tag.problem ?? tag.state)
  }))
}

/** A plain text table; columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
