import { keepWithinBudget } from '../builders/persistent/budget.js'
import { existsArgs } from '../builders/persistent/buildx-args.js'
import { isUnknownBuilder } from '../builders/persistent/buildx-output.js'
import { makeKnown } from '../builders/persistent/known.js'
import { builderRecord, recordCacheBytes } from '../builders/persistent/records-io.js'
import type { DockerCli } from '../docker-cli.js'
import type { Logger } from '../log.js'

/**
 * Prunes a persistent builder's cache down to `toBytes` for the host budget,
 * then records what is left (its last use unchanged). Resolves with the
 * problem, or undefined when done. Post and the CLI's gc pass their own docker.
 */
export async function pruneBuilderTo(docker: DockerCli, volumePath: string, name: string, toBytes: number, logger: Logger): Promise<string | undefined> {
  let budget = await keepWithinBudget(docker, name, toBytes)
  if (!budget.ok && isUnknownBuilder(budget.detail)) {
    if ((await docker(existsArgs(name))).code !== 0) {
      // Its container is gone, and its cache with it: the record no longer counts it.
      await recordCacheBytes(volumePath, name, 0, logger)
      return undefined
    }
    const problem = await makeKnown(docker, name, builderRecord(volumePath, name)?.driverOpts)
    if (problem) return problem
    budget = await keepWithinBudget(docker, name, toBytes)
  }
  if (!budget.ok) return budget.detail
  if (budget.bytes !== undefined) await recordCacheBytes(volumePath, name, budget.bytes, logger)
  return undefined
}
