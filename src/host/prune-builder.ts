import { keepWithinBudget, recordCacheBytes } from '../builders/persistent-io.js'
import type { DockerCli } from '../docker-cli.js'
import type { Logger } from '../log.js'

/**
 * Prunes a persistent builder's cache down to `toBytes` for the host budget,
 * then records what is left (its last use unchanged). Resolves with the
 * problem, or undefined when done. Post and the CLI's gc pass their own docker.
 */
export async function pruneBuilderTo(docker: DockerCli, volumePath: string, name: string, toBytes: number, logger: Logger): Promise<string | undefined> {
  const budget = await keepWithinBudget(docker, name, toBytes)
  if (!budget.ok) return budget.detail
  if (budget.bytes !== undefined) await recordCacheBytes(volumePath, name, budget.bytes, logger)
  return undefined
}
