import path from 'node:path'
import type { DiskSpace } from '../config/disk-space.js'
import { formatBytes } from '../config/units.js'
import type { Logger } from '../log.js'
import { updateLastUsed } from '../store/last-used.js'
import { storeLayout } from '../store/layout.js'
import { withStoreLock } from '../store/lock.js'
import { maintainStore } from '../store/maintain.js'
import { readIndex, tagOf } from '../store/oci.js'
import { writeStoreIndex } from '../store/store.js'
import { diskStat } from '../store/volume.js'
import { planHostEviction, scopeKey, type HostEviction } from './eviction-plan.js'
import { hostBudget, type DiskStat, type HostBudget } from './host-budget.js'
import { scanHost, storeScopes, writeStoreUsage, type HostCaches, type StoreUsage } from './host-scan.js'
import { errorMessage } from '../error-message.js'

export interface HostPassOptions {
  volumePath: string
  maxSize?: DiskSpace
  minFree?: DiskSpace
  /** What the running job reads, writes and builds on: never evicted. */
  protect?: { repo: string; tags: string[]; builder?: string }
  dryRun: boolean
  /** The caches as the caller just read them (post reads them once for its own budget); absent: read here. */
  caches?: HostCaches
  /** Prunes a builder's cache down to `toBytes`; resolves with a problem, or undefined when done. Absent: builders are left alone. */
  pruneBuilder?: (name: string, toBytes: number) => Promise<string | undefined>
  /** Measures a builder's cache now (and records it); undefined when it cannot. Absent: records only. */
  measureBuilder?: (name: string) => Promise<number | undefined>
}

export interface HostReport {
  cacheBytes: number
  budget: HostBudget
  disk: DiskStat
  /** Set when the host was over its budget or under its floor. */
  eviction?: HostEviction
}

/** The host at a glance, the same words in post's host row and the CLI's host line: all caches against host-max-size, the volume's free space against host-min-free. */
export function hostWords({ cacheBytes, budget, disk }: Pick<HostReport, 'cacheBytes' | 'budget' | 'disk'>): string {
  return `all caches ${formatBytes(cacheBytes)} of ${formatBytes(budget.maxBytes)} host-max-size; volume's disk ${formatBytes(disk.freeBytes)} free (host-min-free ${formatBytes(budget.minFreeBytes)})`
}

export function cacheBytesOf(caches: HostCaches): number {
  return caches.stores.reduce((sum, store) => sum + store.bytes, 0) + caches.builders.reduce((sum, builder) => sum + builder.bytes, 0)
}

/** Drops the planned scopes of one store under its lock, collects its garbage and records what it holds now. */
async function evictFromStore(volumePath: string, usage: StoreUsage, tags: string[], logger: Logger): Promise<void> {
  const layout = storeLayout(path.join(volumePath, usage.repo))
  await withStoreLock(layout, logger, (lock) => {
    const index = readIndex(layout.index)
    const drop = new Set(tags)
    writeStoreIndex(lock, layout, { ...index, manifests: index.manifests.filter((descriptor) => !drop.has(tagOf(descriptor) ?? '')) })
    updateLastUsed(lock, layout, { dropped: tags })
    const result = maintainStore(lock, layout, {}, logger)
    if (!result.gc.aborted) writeStoreUsage(layout, { ...usage, bytes: result.gc.keptBytes + (result.snapshotBytes ?? 0) })
  })
}

async function applyEviction(options: HostPassOptions, caches: HostCaches, eviction: HostEviction, logger: Logger): Promise<void> {
  for (const usage of caches.stores) {
    const tags = eviction.scopes.filter((scope) => scope.repo === usage.repo).map((scope) => scope.tag)
    if (tags.length === 0) continue
    try {
      await evictFromStore(options.volumePath, usage, tags, logger)
    } catch (error) {
      logger.warning(`Host budget: ${usage.repo} not reduced: ${errorMessage(error)}`)
    }
  }
  for (const { name, toBytes } of eviction.builders) {
    const problem = await options.pruneBuilder?.(name, toBytes)
    if (problem) logger.warning(`Host budget: builder ${name} not pruned to ${formatBytes(toBytes)}: ${problem}`)
  }
}

/** Stores an older release made have no record: counted once now, recorded so no later post counts them again. */
function recordMeasured(volumePath: string, stores: StoreUsage[], logger: Logger): void {
  for (const { repo, measured, ...usage } of stores) {
    if (!measured) continue
    try {
      writeStoreUsage(storeLayout(path.join(volumePath, repo)), usage)
    } catch (error) {
      logger.debug(`Host budget: no usage record written for ${repo}: ${errorMessage(error)}`)
    }
  }
}

/**
 * The caches with the builder the running job builds on as it is now: its
 * record may predate this job's builds (post measures it at most every 10
 * minutes, budgetCheckDue), and it never gives way, so what the others must
 * lose counts what it really holds. Measured only past the budget.
 */
async function withOwnBuilderMeasured(options: HostPassOptions, caches: HostCaches): Promise<HostCaches> {
  const name = options.protect?.builder
  if (!name || !options.measureBuilder || !caches.builders.some((builder) => builder.name === name)) return caches
  const bytes = await options.measureBuilder(name)
  if (bytes === undefined) return caches
  return { ...caches, builders: caches.builders.map((builder) => (builder.name === name ? { ...builder, bytes } : builder)) }
}

function describe(eviction: HostEviction, dryRun: boolean): string[] {
  const verb = dryRun ? 'would evict' : 'evicted'
  return [
    ...eviction.scopes.map(({ repo, tag, bytes }) => `Host budget: ${verb} scope ${tag} of ${repo} (${formatBytes(bytes)}), least recently used on the host`),
    ...eviction.builders.map(
      ({ name, fromBytes, toBytes }) =>
        `Host budget: ${dryRun ? 'would prune' : 'pruned'} builder ${name} from ${formatBytes(fromBytes)} to ${formatBytes(toBytes)}`
    )
  ]
}

/**
 * Keeps every cache on the host within host-max-size and the volume's disk
 * above host-min-free, least recently used first across repositories. Reads
 * only the caches' records while within both (what post pays on every job);
 * takes each store's lock in turn, never two at once. Undefined where the disk
 * cannot be measured (a Node without statfs).
 */
export async function enforceHostBudget(options: HostPassOptions, logger: Logger): Promise<HostReport | undefined> {
  const disk = diskStat(options.volumePath)
  if (!disk) return undefined
  const budget = hostBudget(disk, options.maxSize, options.minFree)
  let caches = options.caches ?? scanHost(options.volumePath)
  if (!options.dryRun) recordMeasured(options.volumePath, caches.stores, logger)
  if (cacheBytesOf(caches) > budget.maxBytes) caches = await withOwnBuilderMeasured(options, caches)
  const cacheBytes = cacheBytesOf(caches)
  const overBudget = cacheBytes - budget.maxBytes
  const underFloor = budget.minFreeBytes - disk.freeBytes
  if (overBudget <= 0 && underFloor <= 0) return { cacheBytes, budget, disk }
  const protect = options.protect
  const eviction = planHostEviction({
    scopes: caches.stores.flatMap((usage) => storeScopes(options.volumePath, usage)),
    builders: options.pruneBuilder ? caches.builders : [],
    protectedScopes: new Set(protect ? protect.tags.map((tag) => scopeKey(protect.repo, tag)) : []),
    protectedBuilders: new Set(protect?.builder ? [protect.builder] : []),
    overBudget,
    underFloor
  })
  for (const line of describe(eviction, options.dryRun)) logger.info(line)
  if (eviction.shortBytes > 0) {
    logger.warning(`Host budget: ${formatBytes(eviction.shortBytes)} could not be freed: nothing is left to evict but what the running job uses`)
  }
  if (!options.dryRun) await applyEviction(options, caches, eviction, logger)
  const after = options.dryRun ? cacheBytes : cacheBytesOf(scanHost(options.volumePath))
  return { cacheBytes: after, budget, disk: options.dryRun ? disk : (diskStat(options.volumePath) ?? disk), eviction }
}
