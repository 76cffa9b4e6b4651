import { InputError } from '../config/input-error.js'
import { INPUT_DEFAULTS } from '../config/names.js'
import { hostMetricsText, writeMetricsFile } from '../metrics/metrics-file.js'
import { validMetricsFile } from '../config/metrics-path.js'
import { parse, requireVolume } from './args.js'
import type { CliIo } from './io.js'
import { EXIT } from './exit.js'

export const METRICS_HELP = `Usage: metrics [--volume PATH] [--output FILE.prom]
  The host's cache figures in the Prometheus text format, for node_exporter's textfile
  collector: each store's size, scopes and last use, each persistent builder's cache and
  last use, every cache together, the size and free space of the volume's disk, and per
  repository the builds post recorded, cache hits, steps cached and the estimated time
  saved, with each scope's recent hit ratio and last build time. Read from the records post
  and gc keep under the volume (default ${INPUT_DEFAULTS['volume-path']}): no blob is counted, no docker call made.
  --output writes an absolute path ending in .prom atomically (a temp file renamed over it),
  so cron can run it every minute; without it the figures are printed.`

export async function metricsCommand(io: CliIo, args: string[]): Promise<number> {
  const values = parse(args, { output: { type: 'string' } })
  if (values.repo !== undefined) {
    throw new InputError('--repo', String(values.repo), 'not with metrics, which covers every repository under the volume (one file per host)')
  }
  const volume = values.volume as string
  const file = validMetricsFile(String(values.output ?? ''), '--output')
  requireVolume(volume)
  const text = hostMetricsText(volume)
  if (file) {
    writeMetricsFile(file, text)
    io.err(`Wrote ${file}`)
  } else io.out(text.trimEnd())
  return Promise.resolve(EXIT.ok)
}
