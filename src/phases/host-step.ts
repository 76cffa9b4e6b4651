import path from 'node:path'
import { builderCacheBytes } from '../builders/persistent/budget.js'
import { recordCacheBytes } from '../builders/persistent/records-io.js'
import { pruneBuilderTo } from '../host/prune-builder.js'
import { enforceHostBudget, hostWords, type HostReport } from '../host/host-pass.js'
import { effectiveBudget, hostBudget, hostCap } from '../host/host-budget.js'
import { scanHost, type HostCaches, type StoreUsage } from '../host/host-scan.js'
import { dockerCli } from '../runner/exec.js'
import type { JobState } from '../runner/state.js'
import type { Reporter } from '../runner-port.js'
import { diskStat } from '../store/volume.js'
import { errorMessage } from '../error-message.js'

/**
 * max-size as the host lets this store keep it: never more than
 * host-max-size, nor than the volume's disk less host-min-free. One line when it
 * shrank. Unchanged where the disk cannot be measured. Also hands back the
 * host's caches as read, so the host pass after need not read them again.
 */
export function storeBudget(state: JobState, runner: Reporter): { maxSizeBytes?: number; caches?: HostCaches } {
  const maxSize = state.retention?.maxSizeBytes
  if (maxSize === undefined || !state.storeRoot) return { maxSizeBytes: maxSize }
  const volumePath = path.dirname(state.storeRoot)
  const disk = diskStat(volumePath)
  if (!disk) return { maxSizeBytes: maxSize }
  const caches = scanHost(volumePath)
  const effective = effectiveBudget('max-size', maxSize, hostCap(hostBudget(disk, state.host?.maxSize, state.host?.minFree), disk))
  if (effective.why) runner.info(effective.why)
  return { maxSizeBytes: effective.bytes, caches }
}

/** The caches as read before, with this job's store as its post just recorded it. */
export function withOwnStore(caches: HostCaches, own: StoreUsage): HostCaches {
  return { ...caches, stores: [...caches.stores.filter((store) => store.repo !== own.repo), own] }
}

/** The host row of post's table: every cache on the host against its budget, and the volume's free space against its floor. */
export function hostRow(report: HostReport): [string, string] {
  return ['host', hostWords(report)]
}

/** The builder's cache as `buildx du` totals it now, recorded (not in a dry run) so the next post need not measure it again. */
async function measureBuilder(volumePath: string, name: string, dryRun: boolean, runner: Reporter): Promise<number | undefined> {
  const bytes = await builderCacheBytes(dockerCli, name)
  if (bytes !== undefined && !dryRun) await recordCacheBytes(volumePath, name, bytes, runner)
  return bytes
}

/** Post, after its own store: the host budget across every repository, never what this job uses. */
export async function hostStep(state: JobState, protectTags: string[], runner: Reporter, caches?: HostCaches): Promise<HostReport | undefined> {
  if (!state.storeRoot) return undefined
  try {
    return await enforceHostBudget(
      {
        volumePath: path.dirname(state.storeRoot),
        maxSize: state.host?.maxSize,
        minFree: state.host?.minFree,
        protect: { repo: path.basename(state.storeRoot), tags: protectTags, builder: state.builder?.name },
        dryRun: state.dryRun ?? false,
        caches,
        pruneBuilder: (name, toBytes) => pruneBuilderTo(dockerCli, path.dirname(state.storeRoot!), name, toBytes, runner),
        measureBuilder: (name) => measureBuilder(path.dirname(state.storeRoot!), name, state.dryRun ?? false, runner)
      },
      runner
    )
  } catch (error) {
    runner.warning(`Host budget not enforced: ${errorMessage(error)}`)
    return undefined
  }
}
