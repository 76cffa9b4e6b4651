import type { DockerCli } from '../../docker-cli.js'
import { budgetFlag, clearCacheArgs, duArgs, pruneArgs, type BudgetFlag } from './buildx-args.js'
import { failure, parseDuTotal, reclaimedTotal } from './buildx-output.js'
import { errorMessage } from '../../error-message.js'

/** The builder's cache: measured with `buildx du`, pruned to its budget, or cleared for a fresh build. */

export interface Budget {
  ok: boolean
  flag?: BudgetFlag
  /** What buildx reports reclaimed ("Total: 1.2GB"), or why pruning failed. */
  detail: string
  /** The builder's cache as `buildx du` totals it afterwards; undefined when du gives none. */
  bytes?: number
}

/**
 * Whether the budget prune is needed: du's total is past the budget, or du
 * gave none (prune then, as before: an unknown size must not go unbounded).
 * A prune down to a budget the cache is already within reclaims nothing.
 */
export function pruneNeeded(duBytes: number | undefined, maxBytes: number): boolean {
  return duBytes === undefined || duBytes > maxBytes
}

/**
 * Keeps the builder's cache within `maxBytes`: one `buildx du`, and only past
 * the budget a prune of the least recently used cache, with `knownFlag` (from
 * the builder's record) or else the flag `buildx prune --help` names. Never throws.
 */
export async function keepWithinBudget(cli: DockerCli, name: string, maxBytes: number, knownFlag?: BudgetFlag): Promise<Budget> {
  try {
    const before = await builderCacheBytes(cli, name)
    if (!pruneNeeded(before, maxBytes)) return { ok: true, flag: knownFlag, detail: 'nothing to reclaim', bytes: before }
    const flag = knownFlag ?? budgetFlag(await pruneHelp(cli))
    const result = await cli(pruneArgs(name, maxBytes, flag))
    // A recorded flag another buildx client does not know: ask this one.
    if (result.code !== 0 && knownFlag && /unknown flag/i.test(result.stderr)) return keepWithinBudget(cli, name, maxBytes)
    if (result.code !== 0) return { ok: false, flag, detail: failure(result), bytes: before }
    const total = reclaimedTotal(result.stdout)
    return { ok: true, flag, detail: total ? `${total} reclaimed` : 'nothing to reclaim', bytes: await builderCacheBytes(cli, name) }
  } catch (error) {
    return { ok: false, detail: errorMessage(error) }
  }
}

async function pruneHelp(cli: DockerCli): Promise<string> {
  const help = await cli(['buildx', 'prune', '--help'])
  return help.stdout + help.stderr
}

/** The builder's cache size as du totals it; undefined when du gives none. */
export async function builderCacheBytes(cli: DockerCli, name: string): Promise<number | undefined> {
  const result = await cli(duArgs(name))
  return result.code === 0 ? parseDuTotal(result.stdout) : undefined
}

/** fresh-build: the builder's whole cache goes (cache mounts included); the reason when it failed. */
export async function clearBuilderCache(cli: DockerCli, name: string): Promise<string | undefined> {
  const result = await cli(clearCacheArgs(name))
  return result.code === 0 ? undefined : failure(result)
}
