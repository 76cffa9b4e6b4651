import { INPUT_DEFAULTS } from '../config/names.js'
import { formatBytes } from '../config/units.js'
import { parse, stores } from './args.js'
import type { CliIo } from './io.js'
import { EXIT } from './exit.js'
import { HOST_FLAGS, hostFlags, refuseHostFlags } from './host-flags.js'
import { hostStatusCommand } from './host-status.js'
import { formatTable } from '../report/table-text.js'
import { storeStatus } from './status.js'
import { volumeHistories } from '../history/history-file.js'
import { repoWorth, repoWorthCells, scopeWorth } from '../history/worth-summary.js'

export const STATUS_HELP = `Usage: status [--volume PATH] [--repo NAME] [--json]
       status --host [--volume PATH] [--host-max-size auto] [--host-min-free auto] [--json]
  Lists repositories and scopes under the volume (default ${INPUT_DEFAULTS['volume-path']}): size, blobs,
  last used and state of each scope, then per repository the builds post recorded, how many hit
  the cache and the time it saved (an estimate: each build against its scope's last cold one;
  see docs/cache-worth.md). --json adds each scope's recent builds and hits to its row.
  With --host, the whole host instead, in one table: each repository's store (size and last
  use as recorded by post or gc, scopes), each persistent builder from its record (repository,
  cache size as last measured, last use), how many setup-buildx builders docker lists (when it
  answers), each filesystem the volume and its stores are on (size, free), the host budget
  resolved for the volume's disk (--host-max-size and --host-min-free as gc takes them, auto
  by default), and the totals against it. --json prints the same as one object.`

const STATUS_FLAGS = {
  json: { type: 'boolean', default: false },
  host: { type: 'boolean', default: false },
  ...HOST_FLAGS
} as const

export async function statusCommand(io: CliIo, args: string[]): Promise<number> {
  const values = parse(args, STATUS_FLAGS)
  if (values.host) return hostStatusCommand(io, values)
  refuseHostFlags(values, hostFlags(values), 'only with --host, the view of the whole host')
  const volume = values.volume as string
  const rows = []
  const repos = stores(values)
  for (const repo of repos) rows.push(...(await storeStatus(volume, repo)))
  const histories = volumeHistories(volume)
  if (values.json) {
    io.out(
      JSON.stringify(
        rows.map((row) => ({ ...row, ...scopeWorth(histories.get(row.repo), row.scope) })),
        null,
        2
      )
    )
    return EXIT.ok
  }
  if (rows.length === 0) {
    io.out(`No stores under ${volume}`)
    return EXIT.ok
  }
  io.out(
    formatTable(
      ['REPO', 'SCOPE', 'SIZE', 'BLOBS', 'LAST USED', 'STATE'],
      rows.map((r) => [r.repo, r.scope, formatBytes(r.bytes), String(r.blobs), r.lastUsed?.replace('T', ' ').slice(0, 16) ?? '-', r.state])
    )
  )
  const worth = repos.flatMap((repo) => {
    const history = histories.get(repo)
    return history ? [repoWorthCells(repoWorth(repo, history))] : []
  })
  if (worth.length > 0) io.out(`\n${formatTable(['REPO', 'BUILDS', 'HIT RATE', 'TIME SAVED (ESTIMATE)'], worth)}`)
  return EXIT.ok
}
