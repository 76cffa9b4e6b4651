import fs from 'node:fs'
import path from 'node:path'
import { builderRecord } from '../builders/persistent/records-io.js'
import { isBuilderContainer, SETUP_BUILDX_PREFIX } from '../builders/select.js'
import { BUILDKIT_DEFAULTS, formatDiskSpace } from '../config/disk-space.js'
import { InputError } from '../config/input-error.js'
import { formatBytes } from '../config/units.js'
import type { DockerCli } from '../docker-cli.js'
import { hostHeadroom } from '../host/host-budget.js'
import { cacheBytesOf, hostWords } from '../host/host-pass.js'
import { scanHost } from '../host/host-scan.js'
import { storeLayout } from '../store/layout.js'
import { readIndex, tagOf } from '../store/oci.js'
import { diskStat } from '../store/volume.js'
import { requireVolume, type FlagValues } from './args.js'
import type { CliIo } from './io.js'
import { EXIT } from './exit.js'
import { flagBudget, hostFlags, type HostFlags } from './host-flags.js'
import { formatTable } from '../report/table-text.js'

/**
 * `status --host`: every cache on the host against the host budget, read from
 * the records post and gc leave (a store without one is measured once, as the
 * host pass does), so it costs a file read per cache and one `docker ps`.
 */
export interface HostStatus {
  volume: string
  stores: Array<{ repo: string; bytes: number; lastUsed: string | null; scopes: number | null; recorded: boolean }>
  builders: Array<{ name: string; repo: string; cacheBytes: number | null; measured: string | null; lastUsed: string | null }>
  /** setup-buildx-action's builder containers (buildx_buildkit_builder-<uuid>0); null when docker did not answer. */
  setupBuildxBuilders: number | null
  /** Each filesystem the volume and its stores are on; empty where Node cannot measure a disk. */
  disks: Array<{ path: string; totalBytes: number; freeBytes: number; stores: string[] }>
  /** Resolved for the volume's disk, as the host pass would. */
  budget: { hostMaxSize: string; hostMinFree: string; maxBytes: number; minFreeBytes: number } | null
  totals: { storeBytes: number; builderBytes: number; cacheBytes: number; headroomBytes: number | null }
}

const iso = (ms: number | undefined): string | null => (ms ? new Date(ms).toISOString() : null)

function scopeCount(volume: string, repo: string): number | null {
  try {
    return readIndex(storeLayout(path.join(volume, repo)).index).manifests.filter((descriptor) => tagOf(descriptor)).length
  } catch {
    return null
  }
}

/** The filesystems under the volume, one entry per device: a store may be a mount of its own. */
function disksOf(volume: string, repos: string[]): HostStatus['disks'] {
  const byDevice = new Map<number, { path: string; stores: string[] }>()
  for (const [dir, repo] of [[volume, undefined], ...repos.map((name) => [path.join(volume, name), name])]) {
    let device: number
    try {
      device = fs.statSync(dir!).dev
    } catch {
      continue
    }
    const disk = byDevice.get(device) ?? { path: dir!, stores: [] }
    byDevice.set(device, disk)
    if (repo) disk.stores.push(repo)
  }
  return [...byDevice.values()].flatMap((disk) => {
    const stat = diskStat(disk.path)
    return stat ? [{ path: disk.path, ...stat, stores: disk.stores }] : []
  })
}

/** One `docker ps`: cheap enough for a status, and nothing is said when docker is not there. */
async function setupBuildxBuilders(docker: DockerCli): Promise<number | null> {
  try {
    const result = await docker(['ps', '-a', '--filter', `name=${SETUP_BUILDX_PREFIX}`, '--format', '{{.Names}}'])
    return result.code === 0 ? result.stdout.split('\n').filter((name) => isBuilderContainer(name.trim())).length : null
  } catch {
    return null
  }
}

export async function hostStatus(volume: string, flags: HostFlags, docker: DockerCli): Promise<HostStatus> {
  const caches = scanHost(volume)
  const stores = caches.stores.map((usage) => ({
    repo: usage.repo,
    bytes: usage.bytes,
    lastUsed: iso(usage.lastUsedMs),
    scopes: scopeCount(volume, usage.repo),
    recorded: !usage.measured
  }))
  const builders = caches.builders.flatMap(({ name }) => {
    const record = builderRecord(volume, name)
    if (!record) return []
    return [{ name, repo: record.repoName, cacheBytes: record.cacheBytes ?? null, measured: iso(record.budgetCheckedMs), lastUsed: iso(record.lastUsedMs) }]
  })
  const disks = disksOf(
    volume,
    stores.map((store) => store.repo)
  )
  const volumeDisk = disks[0]
  const resolved = volumeDisk && flagBudget(volumeDisk, flags)
  const budget = resolved
    ? {
        hostMaxSize: flags.maxSize ? formatDiskSpace(flags.maxSize) : 'auto',
        hostMinFree: flags.minFree ? formatDiskSpace(flags.minFree) : 'auto',
        ...resolved
      }
    : null
  const storeBytes = stores.reduce((sum, store) => sum + store.bytes, 0)
  const cacheBytes = cacheBytesOf(caches)
  const totals = {
    storeBytes,
    builderBytes: cacheBytes - storeBytes,
    cacheBytes,
    headroomBytes: resolved ? hostHeadroom(resolved, volumeDisk, cacheBytes) : null
  }
  return { volume, stores, builders, setupBuildxBuilders: await setupBuildxBuilders(docker), disks, budget, totals }
}

const when = (time: string | null) => time?.replace('T', ' ').slice(0, 16) ?? '-'
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

function budgetRows(status: HostStatus): string[][] {
  const { budget, totals } = status
  if (!budget) return [['budget', 'host', '-', '-', 'not resolved: this Node cannot measure the disk (fs.statfsSync)']]
  const auto = (given: string, words: string) => (given === 'auto' ? `auto: ${words}` : given)
  const maxAuto = `${BUILDKIT_DEFAULTS.maxPercent}% of the disk, at most ${BUILDKIT_DEFAULTS.maxBytes / 1e9}GB`
  const disk = status.disks[0]
  const headroom = totals.headroomBytes ?? 0
  return [
    ['budget', 'host-max-size', formatBytes(budget.maxBytes), '-', auto(budget.hostMaxSize, maxAuto)],
    ['budget', 'host-min-free', formatBytes(budget.minFreeBytes), '-', auto(budget.hostMinFree, `${BUILDKIT_DEFAULTS.minFreePercent}% of the disk`)],
    [
      'total',
      'all caches',
      formatBytes(totals.cacheBytes),
      '-',
      `${hostWords({ cacheBytes: totals.cacheBytes, budget, disk })}; ${headroom >= 0 ? `${formatBytes(headroom)} headroom` : `over by ${formatBytes(-headroom)}: gc evicts`}`
    ]
  ]
}

/** The host view as one table: a row per cache, filesystem and budget, then the totals. */
export function hostTable(status: HostStatus): string {
  const rows = [
    ...status.stores.map((s) => [
      'store',
      s.repo,
      formatBytes(s.bytes),
      when(s.lastUsed),
      `${s.scopes === null ? 'index.json unreadable' : plural(s.scopes, 'scope')}${s.recorded ? '' : '; no record yet: measured now'}`
    ]),
    ...status.builders.map((b) => [
      'builder',
      b.name,
      b.cacheBytes === null ? '-' : formatBytes(b.cacheBytes),
      when(b.lastUsed),
      `repository ${b.repo}; ${b.measured ? `measured ${when(b.measured)}` : 'not measured yet'}`
    ]),
    ...(status.setupBuildxBuilders === null
      ? []
      : [['builders', 'setup-buildx', '-', '-', `${plural(status.setupBuildxBuilders, 'container')} (prune-builders removes the stale ones)`]]),
    ...status.disks.map((d, i) => [
      'disk',
      d.path,
      formatBytes(d.totalBytes),
      '-',
      `${formatBytes(d.freeBytes)} free; ${[i === 0 ? 'the volume' : '', d.stores.length ? `stores ${d.stores.join(', ')}` : ''].filter(Boolean).join(', ')}`
    ]),
    ['total', 'stores', formatBytes(status.totals.storeBytes), '-', plural(status.stores.length, 'store')],
    ['total', 'builders', formatBytes(status.totals.builderBytes), '-', plural(status.builders.length, 'persistent builder')],
    ...budgetRows(status)
  ]
  return formatTable(['KIND', 'NAME', 'SIZE', 'LAST USED', 'DETAIL'], rows)
}

export async function hostStatusCommand(io: CliIo, values: FlagValues): Promise<number> {
  const volume = values.volume as string
  if (values.repo !== undefined) {
    throw new InputError('--repo', String(values.repo), 'not with --host, which covers every repository under the volume (status --repo lists one store)')
  }
  const flags = hostFlags(values)
  requireVolume(volume)
  const status = await hostStatus(volume, flags, io.docker)
  io.out(values.json ? JSON.stringify(status, null, 2) : hostTable(status))
  return EXIT.ok
}
