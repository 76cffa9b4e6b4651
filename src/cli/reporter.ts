import { tableText } from '../report/table-text.js'
import type { Reporter } from '../runner-port.js'
import type { CliIo } from './io.js'

/**
 * The CLI's side of the reports it shares with the phases: results on standard
 * output, progress and warnings on standard error, as a command's output can be
 * piped; no debug lines.
 */
export function cliReporter(io: Pick<CliIo, 'out' | 'err'>): Reporter {
  return {
    info: (message) => io.err(message),
    warning: (message) => io.err(`warning: ${message}`),
    notice: (message) => io.err(message),
    debug: () => {},
    group: (_title, work) => work(),
    table: (title, rows) => Promise.resolve(io.out(tableText(title, rows)))
  }
}
