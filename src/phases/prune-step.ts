import { pruneBuilders, pruneLabelFromEnv, PRUNE_LABEL_ENV } from '../builders/prune.js'
import type { Inputs } from '../config/inputs.js'
import { reportPrune } from '../report/prune-report.js'
import { dockerCli } from '../runner/exec.js'
import type { JobContext, Reporter } from '../runner-port.js'
import { errorMessage } from '../error-message.js'

/** Prunes stale builders; returns how many were removed (or would be, in dry-run). Never throws. */
export async function pruneStep(inputs: Inputs, runner: Reporter & JobContext): Promise<number> {
  if (!inputs.pruneBuilders) {
    runner.info('Builder pruning is off (prune-builders: false)')
    return 0
  }
  return runner.group('Pruning stale builders', async () => {
    try {
      const onlyLabel = pruneLabelFromEnv(runner.env)
      if (onlyLabel) runner.info(`Only builders labelled ${onlyLabel} are considered (${PRUNE_LABEL_ENV}, set by the test suite)`)
      const result = await pruneBuilders(dockerCli, { maxAgeMs: inputs.builderMaxAge, dryRun: inputs.dryRun, onlyLabel }, runner)
      if (result.unavailable) {
        runner.warning(`Stale builders were not pruned: ${result.unavailable}`)
        return 0
      }
      await reportPrune(result, inputs.dryRun, runner)
      return result.containers.length
    } catch (error) {
      runner.warning(`Stale builders were not pruned: ${errorMessage(error)}`)
      return 0
    }
  })
}
