import { writeFileAtomic } from '../store/files.js'
import { hostFamilies, readHostFacts } from './host-metrics.js'
import { renderFamilies } from './prometheus.js'

/**
 * The host's metrics file for node_exporter's textfile collector, which reads
 * every `*.prom` of its folder on each scrape: written to a hidden temp file
 * beside it and renamed over it, so a scrape never reads half a file, and one
 * file per host, so posts of several jobs replace each other's copy instead
 * of adding series.
 */

export function hostMetricsText(volume: string): string {
  return renderFamilies(hostFamilies(readHostFacts(volume)))
}

/** Readable by node_exporter's own user: the figures are sizes and times, nothing secret. */
export function writeMetricsFile(file: string, text: string): void {
  writeFileAtomic(file, text, 0o644)
}
