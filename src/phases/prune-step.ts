import * as core from '@actions/core'
import { pruneBuilders, pruneLabelFromEnv, PRUNE_LABEL_ENV } from '../builders/prune.js'
import { KEPT_REASONS, type KeptReason } from '../builders/select.js'
import type { Inputs } from '../config/inputs.js'
import { dockerCli } from '../runner/exec.js'
import { publishTable } from '../runner/summary.js'

/** Prunes stale builders; returns how many were removed (or would be, in dry-run). Never throws. */
export async function pruneStep(inputs: Inputs): Promise<number> {
  if (!inputs.pruneBuilders) {
    core.info('Builder pruning is off (prune-builders: false)')
    return 0
  }
  return core.group('Pruning stale builders', async () => {
    try {
      const onlyLabel = pruneLabelFromEnv(process.env)
      if (onlyLabel) core.info(`Only builders labelled ${onlyLabel} are considered (${PRUNE_LABEL_ENV}, set by the test suite)`)
      const result = await pruneBuilders(dockerCli, { maxAgeMs: inputs.builderMaxAge, dryRun: inputs.dryRun, onlyLabel }, core)
      if (result.unavailable) {
        core.warning(`Stale builders were not pruned: ${result.unavailable}`)
        return 0
      }
      const verb = inputs.dryRun ? 'would remove' : 'removed'
      for (const name of result.containers) core.info(`${verb} container ${name}`)
      for (const name of result.volumes) core.info(`${verb} volume ${name}`)
      for (const kept of result.kept) core.info(kept.description)
      const rows: Array<[string, string]> = [
        [`containers ${verb}`, String(result.containers.length)],
        [`volumes ${verb}`, String(result.volumes.length)]
      ]
      const { notRemoved } = result
      if (notRemoved.containers.length + notRemoved.volumes.length > 0) {
        rows.push(['containers not removed', String(notRemoved.containers.length)], ['volumes not removed', String(notRemoved.volumes.length)])
      }
      rows.push(['builders kept', keptSummary(result.kept.map((k) => k.reason))])
      await publishTable('Stale builders', rows)
      return result.containers.length
    } catch (error) {
      core.warning(`Stale builders were not pruned: ${error instanceof Error ? error.message : String(error)}`)
      return 0
    }
  })
}

/** "2 (1 younger than builder-max-age, 1 stopped within the grace)", or "0"; reasons always in the same order. */
function keptSummary(reasons: KeptReason[]): string {
  if (reasons.length === 0) return '0'
  const counts = KEPT_REASONS.map((reason) => [reason, reasons.filter((r) => r === reason).length] as const).filter(([, count]) => count > 0)
  return `${reasons.length} (${counts.map(([reason, count]) => `${count} ${reason}`).join(', ')})`
}
