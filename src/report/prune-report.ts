import type { PruneResult } from '../builders/prune.js'
import { KEPT_REASONS, type KeptReason } from '../builders/select.js'
import type { Reporter } from '../runner-port.js'

/** What a builder prune did, for the job's log and summary and for the CLI alike: a line per builder, then the counts. */
export async function reportPrune(result: PruneResult, dryRun: boolean, reporter: Reporter): Promise<void> {
  const verb = dryRun ? 'would remove' : 'removed'
  for (const name of result.containers) reporter.info(`${verb} container ${name}`)
  for (const name of result.volumes) reporter.info(`${verb} volume ${name}`)
  for (const kept of result.kept) reporter.info(kept.description)
  const rows: Array<[string, string]> = [
    [`containers ${verb}`, String(result.containers.length)],
    [`volumes ${verb}`, String(result.volumes.length)]
  ]
  const { notRemoved } = result
  if (notRemoved.containers.length + notRemoved.volumes.length > 0) {
    rows.push(['containers not removed', String(notRemoved.containers.length)], ['volumes not removed', String(notRemoved.volumes.length)])
  }
  rows.push(['builders kept', keptSummary(result.kept.map((k) => k.reason))])
  await reporter.table('Stale builders', rows)
}

/** "2 (1 younger than builder-max-age, 1 stopped within the grace)", or "0"; reasons always in the same order. */
function keptSummary(reasons: KeptReason[]): string {
  if (reasons.length === 0) return '0'
  const counts = KEPT_REASONS.map((reason) => [reason, reasons.filter((r) => r === reason).length] as const).filter(([, count]) => count > 0)
  return `${reasons.length} (${counts.map(([reason, count]) => `${count} ${reason}`).join(', ')})`
}
