import path from 'node:path'
import { InputError } from './input-error.js'

/** node_exporter's textfile collector reads only `*.prom` files of its folder. */
const PROM = /\.prom$/

/** The metrics-file input or the CLI's --output: an absolute path ending in .prom; undefined when empty. */
export function validMetricsFile(value: string, name: string): string | undefined {
  const file = value.trim()
  if (file === '') return undefined
  if (!path.isAbsolute(file) || !PROM.test(file)) {
    throw new InputError(name, value, "an absolute path ending in .prom, in node_exporter's --collector.textfile.directory")
  }
  return file
}
