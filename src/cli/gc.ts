import path from 'node:path'
import { errorMessage } from '../error-message.js'
import { pruneBuilderTo } from '../host/prune-builder.js'
import { validDuration, validSize } from '../config/inputs.js'
import { INPUT_DEFAULTS } from '../config/names.js'
import { enforceHostBudget, hostWords } from '../host/host-pass.js'
import { readStoreUsage, writeStoreUsage } from '../host/host-scan.js'
import type { Logger } from '../log.js'
import { keptWords, sweepWords } from '../report/gc-words.js'
import { checkStore } from '../store/check.js'
import { readLastUsed } from '../store/last-used.js'
import { storeLayout, type StoreLayout } from '../store/layout.js'
import { withStoreLock, type LockHandle } from '../store/lock.js'
import { maintainStore, type MaintenanceResult } from '../store/maintain.js'
import { readIndex, tagOf } from '../store/oci.js'
import { diskStat } from '../store/volume.js'
import { parse, repoFlag, stores, type FlagValues } from './args.js'
import type { CliIo } from './io.js'
import { EXIT } from './exit.js'
import { flagBudget, HOST_FLAGS, hostFlags, refuseHostFlags, type HostFlags } from './host-flags.js'
import { cliReporter } from './reporter.js'

export const GC_HELP = `Usage: gc [--volume PATH] [--repo NAME] [--max-size 10GiB] [--max-age 14d] [--default-branch main]
          [--host-max-size auto] [--host-min-free auto] [--verify-digests] [--dry-run]
  Drops scopes unused for --max-age, evicts least recently used scopes past --max-size
  (the default branch, --default-branch main, last), then deletes unreferenced blobs and
  records the store's size, which the host budget reads. With --verify-digests every blob
  is hashed first, and the scopes that reference content whose sha256 does not match its
  name are dropped too.
  Without --repo every store under the volume is collected, then the host budget is kept
  (the cron job's share of what post does): past --host-max-size for every store and every
  persistent builder's cache together, or with less than --host-min-free free on the
  volume's disk, the least recently used scopes across repositories are evicted (each
  default branch last) and persistent builders' caches pruned smaller (docker buildx prune).
  Each takes a size (60GiB), a share of the disk (50%) or auto, BuildKit's defaults: 80% of
  the disk and at most 100GB; 20% free. Prints one line per eviction, then the host's totals.
  With --repo only that store is collected: the host flags are refused.
  --dry-run changes nothing and prints the same lines with "would"; its host plan counts
  the stores as they are, before what their own retention would drop.
  Exits 1 when a sweep aborted, a store or builder could not be reduced, or the caches
  could not be brought within the host budget.`

const GC_FLAGS = {
  'max-size': { type: 'string', default: INPUT_DEFAULTS['max-size'] },
  'max-age': { type: 'string', default: INPUT_DEFAULTS['max-age'] },
  'default-branch': { type: 'string', default: 'main' },
  'verify-digests': { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  ...HOST_FLAGS
} as const

interface StoreGcOptions {
  maxAgeMs: number
  maxSizeBytes: number
  defaultBranch: string
  verifyDigests: boolean
  dryRun: boolean
}

function storeGcOptions(values: FlagValues): StoreGcOptions {
  return {
    maxSizeBytes: validSize(values['max-size'] as string, '--max-size'),
    maxAgeMs: validDuration(values['max-age'] as string, '--max-age'),
    defaultBranch: values['default-branch'] as string,
    verifyDigests: values['verify-digests'] as boolean,
    dryRun: values['dry-run'] as boolean
  }
}

/** The newest last use among the scopes the store still holds; undefined when none has one. */
function newestScopeUse(layout: StoreLayout): number | undefined {
  const lastUsed = readLastUsed(layout)
  let held: Set<string> | undefined
  try {
    held = new Set(readIndex(layout.index).manifests.map((descriptor) => tagOf(descriptor) ?? ''))
  } catch {
    held = undefined
  }
  const times = [...lastUsed].filter(([tag]) => held?.has(tag) ?? true).map(([, time]) => time)
  return times.length > 0 ? Math.max(...times) : undefined
}

/**
 * What post records after its own store, recorded by cron too, so a host no
 * job writes to still has records the host pass can read without measuring.
 * The default branch is the record's: only a job knows it.
 */
export function recordUsage(lock: LockHandle, layout: StoreLayout, repo: string, result: MaintenanceResult, defaultBranch: string): void {
  const recorded = readStoreUsage(layout, repo)
  lock.keepFresh()
  writeStoreUsage(layout, {
    bytes: result.gc.keptBytes + (result.snapshotBytes ?? 0),
    lastUsedMs: newestScopeUse(layout) ?? recorded?.lastUsedMs ?? 0,
    defaultBranch: recorded?.defaultBranch ?? [defaultBranch]
  })
}

/** Retention and GC of one store, one line of result; false when it failed. */
async function gcStore(io: CliIo, volume: string, repo: string, options: StoreGcOptions): Promise<boolean> {
  const layout = storeLayout(path.join(volume, repo))
  const { dryRun } = options
  try {
    // Hashing takes long on a big store: it runs before the lock, which is then held only for stat-only work.
    const contentFailures = options.verifyDigests ? (await checkStore(layout, { verifyDigests: true })).failures : undefined
    const reporter = cliReporter(io)
    const retention = { maxAgeMs: options.maxAgeMs, maxSizeBytes: options.maxSizeBytes, defaultBranch: options.defaultBranch }
    const result = await withStoreLock(layout, reporter, (lock) => {
      const done = maintainStore(lock, layout, { retention, dryRun, contentFailures }, reporter)
      if (!dryRun && !done.gc.aborted) recordUsage(lock, layout, repo, done, options.defaultBranch)
      return done
    })
    const dropped = [...(result.retention?.expired ?? []), ...(result.retention?.evicted ?? [])]
    const kept = keptWords(result.gc)
    io.out(
      `${repo}: ${dryRun ? 'would ' : ''}drop ${dropped.length ? dropped.join(', ') : 'no scope'}; gc ${sweepWords(result.gc, dryRun)}${kept ? `; keeps ${kept}` : ''}`
    )
    return !result.gc.aborted
  } catch (error) {
    io.err(`${repo}: ${errorMessage(error)}`)
    return false
  }
}

/** Host-pass warnings count as problems (exit 1); everything else is reported as cliReporter does. */
function hostLogger(io: CliIo): { logger: Logger; problems: () => number } {
  let problems = 0
  const reporter = cliReporter(io)
  const logger: Logger = {
    ...reporter,
    // The evictions are the command's result: standard output, like the stores' lines.
    info: (line) => io.out(line),
    warning: (line) => {
      if (line.startsWith('Host budget:')) problems += 1
      reporter.warning(line)
    }
  }
  return { logger, problems: () => problems }
}

/** The host pass after every store; false when something could not be freed, pruned or reduced. */
async function hostPass(io: CliIo, volume: string, flags: HostFlags, dryRun: boolean): Promise<boolean> {
  const { logger, problems } = hostLogger(io)
  const report = await enforceHostBudget(
    {
      volumePath: volume,
      maxSize: flags.maxSize,
      minFree: flags.minFree,
      dryRun,
      pruneBuilder: (name, toBytes) => pruneBuilderTo(io.docker, volume, name, toBytes, logger)
    },
    logger
  )
  if (!report) {
    io.err('Host budget not kept: this Node cannot measure the disk (fs.statfsSync)')
    return true
  }
  io.out(`host: ${hostWords(report)}`)
  return problems() === 0
}

export async function gcCommand(io: CliIo, args: string[]): Promise<number> {
  const values = parse(args, GC_FLAGS)
  const options = storeGcOptions(values)
  const flags = hostFlags(values)
  const volume = values.volume as string
  const wholeVolume = repoFlag(values) === undefined
  if (!wholeVolume) refuseHostFlags(values, flags, 'the host budget is kept by gc without --repo, over every repository under the volume')
  const names = stores(values)
  // A budget the disk cannot hold is bad usage: said before any store is touched, not after.
  const disk = wholeVolume ? diskStat(volume) : undefined
  if (disk) flagBudget(disk, flags)
  if (names.length === 0) io.out(`No stores under ${volume}`)
  let failed = 0
  for (const [i, repo] of names.entries()) {
    io.err(`[${i + 1}/${names.length}] ${repo}`)
    if (!(await gcStore(io, volume, repo, options))) failed += 1
  }
  if (wholeVolume && !(await hostPass(io, volume, flags, options.dryRun))) failed += 1
  return failed ? EXIT.problems : EXIT.ok
}
