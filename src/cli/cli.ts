import path from 'node:path'
import { pruneBuilders, pruneLabelFromEnv } from '../builders/prune.js'
import { planCache, planEntries } from '../backends/cache-plan.js'
import { InputError, parseInputs, validDuration, validRepoName, type RawInputs } from '../config/inputs.js'
import { INPUT_DEFAULTS, type InputName } from '../config/names.js'
import type { EventContext } from '../scopes/event.js'
import { checkStore, withContentFailures, type ContentFailures } from '../store/check.js'
import { collectGarbage, type GcResult } from '../store/gc.js'
import { storeLayout, type StoreLayout } from '../store/layout.js'
import { withStoreLock } from '../store/lock.js'
import { sweepWords } from '../report/gc-words.js'
import { reportPrune } from '../report/prune-report.js'
import { memoizedCheck } from '../store/oci.js'
import { importableTags } from '../store/snapshot.js'
import { MissingError, parse, repoFlag, requireVolume, stores } from './args.js'
import { GC_HELP, gcCommand } from './gc.js'
import { METRICS_HELP, metricsCommand } from './metrics.js'
import { REGISTRY_HELP, registryCommand } from './registry.js'
import { cliReporter } from './reporter.js'
import { reset, RESET_FLAGS, RESET_HELP, scopeFlags } from './reset.js'
import { isStore } from './status.js'
import { STATUS_HELP, statusCommand } from './status-command.js'

import { EXIT } from './exit.js'
import type { CliIo } from './io.js'
import { errorMessage } from '../error-message.js'

export { EXIT }

const HELP: Record<string, string> = {
  '': `Usage: node dist/cli/index.js <command> [options]

Commands:
  status          scopes of every store under a volume: size, blobs, last used; --host: every
                  store, persistent builder and disk on the host against the host budget
  gc              retention and garbage collection of one store, or of all of them and then
                  the host budget (--host-max-size, --host-min-free): the cron command
  check           every tag resolves, every blob present (and its digest, with --verify-digests)
  prune-builders  remove stale buildx_buildkit_builder-* containers and volumes
  plan            print cache-from / cache-to for other CI systems
  registry        list or remove the scopes of a registry cache (registry list|rm)
  reset           start one repository's cache over: its scopes, and with --builder its persistent builder's cache
  metrics         the host's cache figures in the Prometheus text format, for node_exporter's textfile collector

Run a command with --help for its options. Exit codes: 0 ok, 1 problems found or the work failed, 2 bad usage.`,
  status: STATUS_HELP,
  gc: GC_HELP,
  check: `Usage: check [--volume PATH] [--repo NAME] [--verify-digests [--dry-run]] [--json]
  Exits 1 when a tag does not resolve, a blob is missing or short, (with
  --verify-digests) a blob's sha256 does not match its name, or there is no store to check.
  Content that fails its digest is repaired: the scopes that reference it are dropped and
  garbage collection deletes it (with --dry-run only reported). Without --verify-digests
  check changes nothing.`,
  'prune-builders': `Usage: prune-builders [--max-age 6h] [--dry-run]
  Removes setup-buildx-action's builders (buildx_buildkit_builder-<uuid>0) that are
  running and older than --max-age, or stopped for longer than min(5m, --max-age),
  with their _state volumes. Other containers and volumes are never touched.
  Lists the builders it keeps and why; exits 1 when a stale one could not be removed.`,
  plan: `Usage: plan [--mode local|registry|local+registry|inline|gha|s3|off] [--registry-ref REF] [--repo NAME]
            [--branch B | --pr N --base B | --tag T] [--default-branch main] [--scope S]
            [--key K] [--cache-options k=v,...] [--read-only] [--volume PATH] [--json]
  Prints the cache-from and cache-to lines the action would emit. Local mode needs the
  volume; a store that does not exist yet is cold (the first build creates it). In local mode the
  lines point at the store itself: without the action's per-job snapshots, run one
  job per repository at a time and run 'gc' afterwards.`,
  registry: REGISTRY_HELP,
  reset: RESET_HELP,
  metrics: METRICS_HELP
}

/** What a repair did, in one line (or would do, in a dry run). */
function repairLine(repair: GcResult, dryRun: boolean): string {
  if (repair.aborted) return `repair ${sweepWords(repair, dryRun)}`
  return `${dryRun ? 'would ' : ''}drop ${repair.droppedTags.join(', ') || 'no scope'}; gc ${sweepWords(repair, dryRun)}`
}

/**
 * Drops the scopes that reference content failing its digest and sweeps it,
 * as GC drops any broken scope; hashing already ran, so the lock is held for
 * a stat-only pass.
 */
function repairContent(io: CliIo, layout: StoreLayout, failures: ContentFailures, dryRun: boolean): Promise<GcResult> {
  const reporter = cliReporter(io)
  return withStoreLock(layout, reporter, (lock) =>
    collectGarbage(lock, layout, reporter, dryRun, (blobs) => withContentFailures(memoizedCheck(blobs), failures))
  )
}

async function check(io: CliIo, args: string[]): Promise<number> {
  const values = parse(args, {
    'verify-digests': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false }
  })
  const volume = values.volume as string
  const dryRun = values['dry-run'] as boolean
  const names = stores(values)
  // A health check that checked nothing must not pass (a mistyped --volume holding no store).
  if (names.length === 0) throw new MissingError(`--volume ${volume}: no stores to check`)
  const results = []
  for (const [i, repo] of names.entries()) {
    if (values['verify-digests']) io.err(`[${i + 1}/${names.length}] hashing ${repo}`)
    const layout = storeLayout(path.join(volume, repo))
    const { failures, ...result } = await checkStore(layout, { verifyDigests: values['verify-digests'] as boolean })
    const repair = failures.corrupt.size > 0 ? await repairContent(io, layout, failures, dryRun) : undefined
    results.push({ repo, ...result, ...(repair && { repair: { dryRun, ...repair } }) })
  }
  if (values.json) io.out(JSON.stringify(results, null, 2))
  else
    for (const r of results) {
      const lines = r.ok ? [`${r.repo}: ok (${r.tags.length} scopes)`] : [`${r.repo}: ${r.problems.length} problems`, ...r.problems]
      if (r.repair) lines.push(repairLine(r.repair, dryRun))
      io.out(lines.join('\n  '))
    }
  // Problems found exit 1 even when repaired: a health check run from cron must say the store was damaged.
  return results.every((r) => r.ok && !r.repair?.aborted) ? EXIT.ok : EXIT.problems
}

async function pruneCommand(io: CliIo, args: string[]): Promise<number> {
  const values = parse(args, { 'max-age': { type: 'string', default: INPUT_DEFAULTS['builder-max-age'] }, 'dry-run': { type: 'boolean', default: false } })
  const maxAgeMs = validDuration(values['max-age'] as string, '--max-age')
  const onlyLabel = pruneLabelFromEnv(process.env)
  const result = await pruneBuilders(io.docker, { maxAgeMs, dryRun: values['dry-run'] as boolean, onlyLabel }, cliReporter(io))
  if (result.unavailable) {
    io.err(`docker is not usable: ${result.unavailable}`)
    return EXIT.problems
  }
  // The builders removed and kept are the command's result: standard output, as the table.
  await reportPrune(result, values['dry-run'] as boolean, { ...cliReporter(io), info: (line) => io.out(line) })
  const failed = result.notRemoved.containers.length + result.notRemoved.volumes.length
  return failed ? EXIT.problems : EXIT.ok
}

function eventFromFlags(values: Record<string, string | boolean | undefined>): EventContext {
  const payload = { repository: { default_branch: values['default-branch'] as string } }
  if (values.pr)
    return { eventName: 'pull_request', ref: `refs/pull/${values.pr}/merge`, refName: String(values.pr), baseRef: (values.base as string) ?? '', payload }
  if (values.tag) return { eventName: 'push', ref: `refs/tags/${values.tag}`, refName: values.tag as string, baseRef: '', payload }
  const branch = (values.branch as string) ?? (values['default-branch'] as string)
  return { eventName: 'push', ref: `refs/heads/${branch}`, refName: branch, baseRef: '', payload }
}

/** plan's flags that are action inputs under the flag's name: what the action accepts, plan accepts. */
const PLAN_FLAGS: Record<string, InputName> = {
  mode: 'cache-mode',
  'registry-ref': 'registry-ref',
  volume: 'volume-path',
  scope: 'scope',
  key: 'key',
  'cache-options': 'cache-options',
  'read-only': 'read-only'
}

/** The action's own validation, with errors naming the flag that was given rather than the input it maps to. */
function planInputs(raw: RawInputs): ReturnType<typeof parseInputs> {
  try {
    return parseInputs(raw, {})
  } catch (error) {
    const flag = error instanceof InputError ? Object.keys(PLAN_FLAGS).find((name) => PLAN_FLAGS[name] === error.input) : undefined
    if (flag && error instanceof InputError) throw new InputError(`--${flag}`, error.value, error.allowed)
    throw error
  }
}

function plan(io: CliIo, args: string[]): Promise<number> {
  const values = parse(args, {
    mode: { type: 'string', default: 'local' },
    'registry-ref': { type: 'string' },
    branch: { type: 'string' },
    pr: { type: 'string' },
    base: { type: 'string' },
    tag: { type: 'string' },
    'default-branch': { type: 'string', default: 'main' },
    scope: { type: 'string' },
    key: { type: 'string' },
    'cache-options': { type: 'string' },
    'read-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false }
  })
  const repo = repoFlag(values) ?? validRepoName(path.basename(process.cwd()), "--repo (default: the current folder's name)")
  const raw: RawInputs = { 'repo-name': repo }
  for (const [flag, input] of Object.entries(PLAN_FLAGS)) if (values[flag] !== undefined) raw[input] = String(values[flag])
  const { inputs } = planInputs(raw)
  const cachePlan = planCache(inputs, process.env, eventFromFlags(values))
  // gha's notices (the builder must reach the cache server; ACTIONS_CACHE_MODE) go where the action would log them.
  for (const message of cachePlan.messages) io.err(message.text)
  let local
  if (cachePlan.backend === 'local' || cachePlan.backend === 'local+registry') {
    // The volume must exist (a mistyped one would make every build cold, its cache written where no gc looks);
    // the store need not: the first build's export creates it.
    requireVolume(inputs.volumePath)
    const root = path.join(inputs.volumePath, inputs.repoName)
    const exists = isStore(inputs.volumePath, inputs.repoName)
    if (!exists) io.err(`No store at ${root} yet: the cache is cold and the first build creates it`)
    local = { snapshotDir: root, readTags: exists ? importableTags(root, cachePlan.readTags, cliReporter(io)) : [] }
  }
  const entries = planEntries(cachePlan, inputs, local)
  if (values.json) io.out(JSON.stringify({ backend: cachePlan.backend, scope: cachePlan.scopes.write ?? '', ...entries }, null, 2))
  else
    io.out(
      [
        `# backend ${cachePlan.backend}, scope ${cachePlan.writeTag ?? '(read-only)'}`,
        ...entries.cacheFrom.map((e) => `--cache-from ${e}`),
        ...entries.cacheTo.map((e) => `--cache-to ${e}`)
      ].join('\n')
    )
  return Promise.resolve(EXIT.ok)
}

async function resetCommand(io: CliIo, args: string[]): Promise<number> {
  const values = parse(args, RESET_FLAGS)
  // Never every repository at once: a reset names the one it starts over.
  const repo = repoFlag(values)
  if (repo === undefined) throw new InputError('--repo', '', 'the repository whose cache is reset is required, as status lists it')
  const options = {
    volume: values.volume as string,
    repo,
    scopes: scopeFlags(values.scope),
    builder: values.builder as boolean,
    dryRun: values['dry-run'] as boolean
  }
  return (await reset(io, options, cliReporter(io))) ? EXIT.ok : EXIT.problems
}

const COMMANDS: Record<string, (io: CliIo, args: string[]) => Promise<number>> = {
  status: statusCommand,
  gc: gcCommand,
  check,
  'prune-builders': pruneCommand,
  plan,
  registry: registryCommand,
  reset: resetCommand,
  metrics: metricsCommand
}

/** Runs one command line; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command = '', ...args] = argv
  if (command === '' || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP[''])
    return command === '' ? EXIT.usage : EXIT.ok
  }
  const handler = COMMANDS[command]
  if (!handler) {
    io.err(`Unknown command '${command}'.\n\n${HELP['']}`)
    return EXIT.usage
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(HELP[command])
    return EXIT.ok
  }
  try {
    return await handler(io, args)
  } catch (error) {
    io.err(errorMessage(error))
    const usage = error instanceof InputError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')
    return usage ? EXIT.usage : EXIT.problems
  }
}
