import fs from 'node:fs'
import path from 'node:path'
import { readLastUsed } from '../store/last-used.js'
import { storeLayout } from '../store/layout.js'
import { checkDescriptor, readIndex, tagOf } from '../store/oci.js'
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
  const lastUsed = readLastUsed(layout)
  let index
  try {
    index = readIndex(layout.index)
  } catch (error) {
    return [{ repo, scope: '(index.json)', blobs: 0, bytes: 0, state: (error as Error).message }]
  }
  return index.manifests.map((descriptor) => {
    const scope = tagOf(descriptor) ?? '(untagged)'
    const check = checkDescriptor(layout.blobs, descriptor)
    const used = lastUsed[scope]
    return {
      repo,
      scope,
      blobs: check.state === 'intact' ? check.blobs.size : 0,
      bytes: check.state === 'intact' ? check.bytes : 0,
      lastUsed: used ? new Date(used).toISOString() : undefined,
      state: check.state === 'intact' ? 'ok' : check.problem
    }
  })
}

/** A plain text table; columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
