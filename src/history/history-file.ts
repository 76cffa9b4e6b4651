import fs from 'node:fs'
import path from 'node:path'
import { storeNames } from '../host/host-scan.js'
import { ensureRealDirectory, writeFileAtomic } from '../store/files.js'
import { storeLayout } from '../store/layout.js'
import { readRegularFile } from '../store/no-follow.js'
import { emptyHistory, parseWorthHistory, type WorthHistory } from './scope-history.js'

/**
 * Where a repository's history lives: beside the store's other records
 * (`<store>/.meta/history.json`, written under the store's lock), or, for a
 * repository without a store (a registry or gha cache, a persistent builder
 * alone), in `<volume-path>/.history/<repo-name>.json` when the volume exists.
 * Nothing is written outside volume-path.
 */
export const HISTORY_FILE = 'history.json'
export const HISTORY_DIR = '.history'

export type HistoryPlace = { file: string } | { why: string }

function storeHistoryFile(storeRoot: string): string {
  return path.join(storeLayout(storeRoot).meta, HISTORY_FILE)
}

export function historyPlace(volumePath: string, repoName: string, storeRoot?: string): HistoryPlace {
  if (storeRoot) return { file: storeHistoryFile(storeRoot) }
  if (!fs.existsSync(volumePath)) return { why: `volume-path ${volumePath} does not exist` }
  return { file: path.join(volumePath, HISTORY_DIR, `${repoName}.json`) }
}

/** The history as last written; empty when there is none, and when it is not a regular file (a link is never followed). */
export function readWorthHistory(file: string): WorthHistory {
  try {
    return parseWorthHistory(readRegularFile(file))
  } catch {
    return emptyHistory()
  }
}

/** Readers see the old history or the new one, never a part of either. */
export function writeWorthHistory(file: string, history: WorthHistory): void {
  ensureRealDirectory(path.dirname(file))
  writeFileAtomic(file, JSON.stringify(history))
}

/** Every repository's history under the volume: each store's, then those kept for repositories without a store. */
export function volumeHistories(volumePath: string): Map<string, WorthHistory> {
  const histories = new Map<string, WorthHistory>()
  for (const repo of storeNames(volumePath)) {
    const file = storeHistoryFile(path.join(volumePath, repo))
    if (fs.existsSync(file)) histories.set(repo, readWorthHistory(file))
  }
  let loose: string[] = []
  try {
    loose = fs.readdirSync(path.join(volumePath, HISTORY_DIR)).filter((name) => name.endsWith('.json') && !name.startsWith('.'))
  } catch {
    // No repository without a store has been recorded.
  }
  for (const name of loose) {
    const repo = name.slice(0, -'.json'.length)
    if (!histories.has(repo)) histories.set(repo, readWorthHistory(path.join(volumePath, HISTORY_DIR, name)))
  }
  return histories
}
