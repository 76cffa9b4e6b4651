import * as core from '@actions/core'
import { pruneBuilders } from '../builders/prune.js'
import type { Inputs } from '../config/inputs.js'
import { dockerCli } from '../runner/exec.js'
import { report } from '../runner/report.js'

/** Prunes stale builders; returns how many were removed (or would be, in dry-run). Never throws. */
export async function pruneStep(inputs: Inputs): Promise<number> {
  if (!inputs.pruneBuilders) {
    core.info('Builder pruning is off (prune-builders: false)')
    return 0
  }
  return core.group('Pruning stale builders', async () => {
    try {
      const result = await pruneBuilders(dockerCli, { maxAgeMs: inputs.builderMaxAge, dryRun: inputs.dryRun }, core)
      if (result.unavailable) {
        core.warning(`Stale builders were not pruned: ${result.unavailable}`)
        return 0
      }
      const verb = inputs.dryRun ? 'would remove' : 'removed'
      for (const name of result.containers) core.info(`${verb} container ${name}`)
      for (const name of result.volumes) core.info(`${verb} volume ${name}`)
      await report('Stale builders', [
        [`containers ${verb}`, String(result.containers.length)],
        [`volumes ${verb}`, String(result.volumes.length)]
      ])
      return result.containers.length
    } catch (error) {
      core.warning(`Stale builders were not pruned: ${error instanceof Error ? error.message : String(error)}`)
      return 0
    }
  })
}
