import { builderRecord, keepWithinBudget, recordCacheBytes } from '../builders/persistent-io.js'
import { builderContainer, createArgs } from '../builders/persistent.js'
import type { DockerCli } from '../docker-cli.js'
import type { Logger } from '../log.js'

/** What buildx says of a builder its configuration has no record of (buildx 0.13 and later). */
const UNKNOWN_BUILDER = /no builder .* found|failed to find instance/i

/**
 * Makes this buildx configuration's record of another repository's builder
 * (a job container's buildx knows only its own), without --use, as main would
 * make it; buildx finds the running node container by its name. `gone`: there
 * is no node container, so nothing to prune (a record made now would make the
 * prune bootstrap a new, empty builder).
 */
async function makeKnown(docker: DockerCli, volumePath: string, name: string): Promise<{ gone: true } | { gone: false; problem?: string }> {
  if ((await docker(['container', 'inspect', '--format', '{{.Name}}', builderContainer(name)])).code !== 0) return { gone: true }
  const created = await docker(createArgs(name, builderRecord(volumePath, name)?.driverOpts ?? [], undefined, false))
  if (created.code === 0 || /existing instance/i.test(created.stderr)) return { gone: false }
  return { gone: false, problem: `docker buildx create: ${created.stderr.trim().split('\n').pop() || `exit ${created.code}`}` }
}

/**
 * Prunes a persistent builder's cache down to `toBytes` for the host budget,
 * then records what is left (its last use unchanged). Resolves with the
 * problem, or undefined when done. Post and the CLI's gc pass their own docker.
 */
export async function pruneBuilderTo(docker: DockerCli, volumePath: string, name: string, toBytes: number, logger: Logger): Promise<string | undefined> {
  let budget = await keepWithinBudget(docker, name, toBytes)
  if (!budget.ok && UNKNOWN_BUILDER.test(budget.detail)) {
    const known = await makeKnown(docker, volumePath, name)
    if (known.gone) {
      // Its container is gone, and its cache with it: the record no longer counts it.
      await recordCacheBytes(volumePath, name, 0, logger)
      return undefined
    }
    if (known.problem) return known.problem
    budget = await keepWithinBudget(docker, name, toBytes)
  }
  if (!budget.ok) return budget.detail
  if (budget.bytes !== undefined) await recordCacheBytes(volumePath, name, budget.bytes, logger)
  return undefined
}
