import { afterEach, beforeEach } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DockerCli } from '../src/docker-cli.js'
import { writeStoreUsage } from '../src/host/host-scan.js'
import { silentLogger } from '../src/log.js'
import { updateLastUsed } from '../src/store/last-used.js'
import { storeLayout } from '../src/store/layout.js'
import { withStoreLock } from '../src/store/lock.js'
import { runCli } from './cli.js'
import { writeCacheTag } from './oci.js'

// A host for the host budget from the command line: five repositories' stores and a persistent builder's record.

export const HOUR = 3600e3
export const NOW = Date.now()
export const MAIN_USED = NOW - 60e3
/** Hours since each repository's feature-x scope was last used: r3 is the least recently used on the host, then r1. */
export const FEATURE_AGE: Record<string, number> = { r1: 4, r2: 2, r3: 5, r4: 1, r5: 3 }
export const REPOS = Object.keys(FEATURE_AGE)
/** Used between r1's and r5's feature scopes: third in line. */
export const BUILDER = { name: 'cachekeeper-old', repoName: 'old', lastUsedMs: NOW - 3.5 * HOUR, cacheBytes: 4000, budgetCheckedMs: NOW - 3.5 * HOUR }

export const sizes = (root: string, hexes: string[]) => hexes.reduce((sum, hex) => sum + fs.statSync(path.join(root, 'blobs', 'sha256', hex)).size, 0)
export const storeBytes = (root: string) => sizes(root, fs.readdirSync(path.join(root, 'blobs', 'sha256')))
export const allStoreBytes = (volume: string) => REPOS.reduce((sum, repo) => sum + storeBytes(path.join(volume, repo)), 0)

export interface HostVolume {
  dir: string
  volume: string
  /** Bytes only each repository's feature-x scope references. */
  featureBytes: Record<string, number>
  close(): void
}

/** Each repository with main (used a minute ago) and feature-x (FEATURE_AGE), its usage recorded; BUILDER's record under .builders. */
export async function makeHostVolume(): Promise<HostVolume> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-host-test-'))
  const volume = path.join(dir, 'volume')
  const featureBytes: Record<string, number> = {}
  for (const [repo, hours] of Object.entries(FEATURE_AGE)) {
    const root = path.join(volume, repo)
    writeCacheTag(root, 'main')
    featureBytes[repo] = sizes(root, writeCacheTag(root, 'feature-x').blobs)
    const layout = storeLayout(root)
    await withStoreLock(layout, silentLogger, (lock) => {
      updateLastUsed(lock, layout, { used: ['main'] }, MAIN_USED)
      updateLastUsed(lock, layout, { used: ['feature-x'] }, NOW - hours * HOUR)
    })
    writeStoreUsage(layout, { bytes: storeBytes(root), lastUsedMs: MAIN_USED, defaultBranch: ['main'] })
  }
  fs.mkdirSync(path.join(volume, '.builders'))
  const record = { ...BUILDER, maxAgeMs: 14 * 24 * HOUR, driverOpts: [] }
  fs.writeFileSync(path.join(volume, '.builders', `${BUILDER.name}.json`), JSON.stringify(record))
  return { dir, volume, featureBytes, close: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** A docker that answers as buildx and the engine would, and records every call. */
export function hostDocker(): { calls: string[]; docker: DockerCli } {
  const calls: string[] = []
  let cacheBytes = '4kB'
  const docker: DockerCli = async (args) => {
    calls.push(args.join(' '))
    if (args[0] === 'ps') {
      const names = [
        'buildx_buildkit_builder-0f3a4b5c-1d2e-4f60-8a9b-0c1d2e3f4a5b0',
        'buildx_buildkit_builder-aaaabbbb-cccc-dddd-eeee-ffff000011110',
        'postgres'
      ]
      return { code: 0, stdout: names.join('\n') + '\n', stderr: '' }
    }
    if (args[1] === 'du') return { code: 0, stdout: `ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\nTotal:\t${cacheBytes}\n`, stderr: '' }
    if (args[1] === 'prune' && args[2] === '--help')
      return { code: 0, stdout: '      --reserved-space bytes   Amount of disk space always allowed to keep for cache\n', stderr: '' }
    if (args[1] === 'prune') cacheBytes = `${Number(args.at(-1)) / 1000}kB`
    if (args[1] === 'prune') return { code: 0, stdout: 'ID\tRECLAIMABLE\tSIZE\nTotal:\t1kB\n', stderr: '' }
    return { code: 1, stdout: '', stderr: 'unexpected' }
  }
  return { calls, docker }
}

/** A docker CLI that is not installed. */
export const ABSENT_DOCKER: DockerCli = async () => {
  throw new Error('spawn docker ENOENT')
}

/** Jest hooks for the file or describe block it is called in: a new host volume (makeHostVolume) before each test, handed to `use`, closed after it. */
export function eachHostVolume(use: (host: HostVolume) => void): void {
  let current: HostVolume | undefined
  beforeEach(async () => {
    current = await makeHostVolume()
    use(current)
  })
  afterEach(() => current?.close())
}

/** The CLI with `docker` as the host's docker, or none (ABSENT_DOCKER). */
export const hostCli = (docker: DockerCli | undefined, ...argv: string[]) => runCli(docker ?? ABSENT_DOCKER, argv)
