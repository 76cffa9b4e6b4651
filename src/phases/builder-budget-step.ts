import { builderCacheBytes, keepWithinBudget } from '../builders/persistent/budget.js'
import { isBudgetFlag, type BudgetFlag } from '../builders/persistent/buildx-args.js'
import { BUDGET_CHECK_INTERVAL_MS, budgetCheckDue, nodeRecordDue, type BuilderRecord } from '../builders/persistent/record.js'
import { builderRecord, touchRecord, writeNodeRecord } from '../builders/persistent/records-io.js'
import { formatBytes, formatDuration } from '../config/units.js'
import { dockerCli } from '../runner/exec.js'
import type { JobContext, Reporter } from '../runner-port.js'
import type { BuilderState } from './builder-attach-step.js'
import { errorMessage } from '../error-message.js'

/** What post learnt of the builder's cache: its size, the prune flag that worked, and when it was measured. */
interface Measured {
  bytes?: number
  flag?: BudgetFlag
  checked?: { budgetCheckedMs: number; cacheBytes: number }
}

/** Measures the builder's cache and prunes it to builder-max-size when past it; the recorded size when no check is due. */
async function measure(
  builder: BuilderState,
  recorded: BuilderRecord | undefined,
  runner: Reporter,
  beforePrune: Promise<unknown> | undefined,
  now: number
): Promise<Measured> {
  const known = (recorded ?? builder.record)?.budgetFlag
  if (builder.dryRun) {
    runner.info(`dry-run: the cache of ${builder.name} is not pruned`)
    return { bytes: await builderCacheBytes(dockerCli, builder.name), flag: known }
  }
  if (recorded?.cacheBytes !== undefined && !budgetCheckDue(recorded, builder.maxSizeBytes, now)) {
    const age = formatDuration(now - (recorded.budgetCheckedMs ?? now))
    runner.info(
      `Builder ${builder.name}: ${formatBytes(recorded.cacheBytes)} of ${formatBytes(builder.maxSizeBytes)} when measured ${age} ago; measured again after ${formatDuration(BUDGET_CHECK_INTERVAL_MS)} (its GC policy bounds it meanwhile)`
    )
    return { bytes: recorded.cacheBytes, flag: known }
  }
  // A prune may drop the build history's records with the cache: the history is read first.
  await beforePrune
  const budget = await keepWithinBudget(dockerCli, builder.name, builder.maxSizeBytes, known)
  const how = budget.flag ? ` (${budget.flag})` : ''
  if (!budget.ok) {
    runner.warning(`The cache of builder ${builder.name} was not pruned to ${formatBytes(builder.maxSizeBytes)}: ${budget.detail}`)
    return { bytes: budget.bytes, flag: known }
  }
  runner.info(`Builder ${builder.name} within ${formatBytes(builder.maxSizeBytes)}${how}: ${budget.detail}`)
  const checked = budget.bytes !== undefined ? { budgetCheckedMs: now, cacheBytes: budget.bytes } : undefined
  return { bytes: budget.bytes, flag: budget.flag ?? known, checked }
}

/**
 * Writes back what was learnt: the volume's record (its last use now), and the
 * node container's copy, which jobs without the volume read, when it would
 * tell them something new.
 */
async function recordUse(
  builder: BuilderState,
  recorded: BuilderRecord | undefined,
  measured: Measured,
  runner: Reporter & JobContext,
  now: number
): Promise<void> {
  const withStore = builder.persistentStore !== false
  const learnt = { ...(isBudgetFlag(measured.flag) ? { budgetFlag: measured.flag } : {}), ...measured.checked }
  const nodeDue = builder.record !== undefined && (!withStore || nodeRecordDue(recorded, { ...builder.record, ...learnt }, builder.how === 'attached', now))
  const written = runner.now()
  await Promise.all([
    withStore ? touchRecord(builder.volumePath, builder.name, runner, written, { ...learnt, ...(nodeDue ? { nodeRecordMs: written } : {}) }) : undefined,
    nodeDue && builder.record ? writeNodeRecord(dockerCli, { name: builder.name, ...builder.record, lastUsedMs: written, ...learnt }) : undefined
  ])
}

/**
 * post: the builder's own cache back within builder-max-size; returns its size
 * for the report (as last measured when no check is due, budgetCheckDue).
 * Never throws.
 */
export async function budgetStep(
  builder: BuilderState,
  runner: Reporter & JobContext,
  { beforePrune, now = runner.now() }: { beforePrune?: Promise<unknown>; now?: number } = {}
): Promise<number | undefined> {
  return runner.group('Keeping the persistent builder within its budget', async () => {
    try {
      const recorded = builder.persistentStore !== false ? builderRecord(builder.volumePath, builder.name) : undefined
      const measured = await measure(builder, recorded, runner, beforePrune, now)
      await recordUse(builder, recorded, measured, runner, now)
      return measured.bytes
    } catch (error) {
      runner.warning(`Persistent builder: ${errorMessage(error)}`)
      return undefined
    }
  })
}
