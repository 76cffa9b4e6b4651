import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { keepLockFresh, withDirLock, type LockHandle } from '../lock/dir-lock.js'
import type { Logger } from '../log.js'
import type { DockerCli } from '../docker-cli.js'
import { ensureRealDirectory, lstatOrUndefined, writeFileAtomic } from '../store/files.js'
import { inRealDirectory, readRegularFile } from '../store/no-follow.js'
import {
  budgetFlag,
  buildxConfigDir,
  builderContainer,
  defaultEndpoint,
  isCurrentBuilder,
  builderOfNode,
  clearCacheArgs,
  builderStateVolume,
  createArgs,
  currentFileFor,
  duArgs,
  inspectArgs,
  isNameConflict,
  historyArgs,
  nodeListArgs,
  parseHistory,
  type BuildSteps,
  parseDuTotal,
  parseInspect,
  pruneArgs,
  rmArgs,
  runningArgs,
  useArgs,
  type BudgetFlag
} from './persistent.js'
import { canSkipBootstrap, driverOptsNote, newerRecord, parseRecord, RECORD_IN_CONTAINER, unusedBuilders, type BuilderRecord } from './builder-record.js'
import { createDigest, restorableInstance, type BuildxInstance } from './buildx-record.js'

/**
 * The persistent builder's I/O: make or re-attach it, bound its cache,
 * retire it when unused. Everything runs through the docker CLI passed in.
 * With a persistent volume, bookkeeping lives in `<volume-path>/.builders/`,
 * which every job on the host shares, so its lock is host-wide. Without one,
 * Docker itself keeps both: its one-container-per-name rule is the lock (a
 * bootstrap that loses the race attaches to the winner's container), and the
 * record lives in the node container (RECORD_IN_CONTAINER).
 */
export const RECORDS_DIR = '.builders'

export interface AttachOptions {
  name: string
  repoName: string
  /** The persistent volume holding the records and their lock; undefined when the job has none (Docker keeps both). */
  volumePath: string | undefined
  driverOpts: string[]
  maxAgeMs: number
  /** The buildkitd.toml the builder is made with: it applies only when its container is made (an existing one keeps its own, even after a new create). */
  buildkitdConfig?: string
  /** This job's buildx folder already holds the builder's record (buildxKnows): no create unless bootstrap finds none. */
  buildxKnows?: boolean
  now?: number
}

/** `current`: a create in this job made buildx's record with `--use`, so the builder is already the job's current one. `record`: what attach wrote, for post to write back. */
export type Attach =
  | {
      state: 'ready'
      name: string
      how: 'attached' | 'created' | 'recreated'
      buildkit?: string
      current: boolean
      record?: BuilderRecord
      /** buildx's record as this job's create wrote it (none when no create ran). */
      instance?: BuildxInstance
    }
  | { state: 'unavailable'; reason: string }

const firstLine = (text: string) => text.trim().split('\n').filter(Boolean).pop() ?? ''

function recordsDir(volumePath: string): string {
  return path.join(volumePath, RECORDS_DIR)
}

/** The host-wide lock over the records and over making or removing a builder. */
function withRecordsLock<T>(volumePath: string, logger: Logger, work: (lock: LockHandle) => T | Promise<T>): Promise<T> {
  return withDirLock(path.join(recordsDir(volumePath), '.lock'), logger, work)
}

/**
 * Whether the records folder is there (false: nothing recorded yet). Any job
 * can write the volume: a `.builders` that is a symlink or a file would aim
 * the lock, the records and their removal elsewhere, so it throws.
 */
function recordsDirExists(volumePath: string): boolean {
  const stat = lstatOrUndefined(recordsDir(volumePath))
  if (stat && !stat.isDirectory()) throw new Error(`${recordsDir(volumePath)} is a symlink or not a directory: builder records are not kept through it`)
  return stat !== undefined
}

/** Runs `work` in the records folder opened without following links (inRealDirectory): one swapped for a link meanwhile is never used. */
function inRecordsDir<T>(volumePath: string, work: (dir: string) => T): T {
  return inRealDirectory(volumePath, [RECORDS_DIR], work)
}

/**
 * A record file, or undefined: only a regular file is read, without blocking
 * (a FIFO planted there would stall every job of the host; readRegularFile),
 * and only one that names the builder its file is named for, so a record
 * cannot stand in for another builder.
 */
function readRecordFile(dir: string, file: string): BuilderRecord | undefined {
  try {
    const record = parseRecord(readRegularFile(path.join(dir, file)))
    return record && `${record.name}.json` === file ? record : undefined
  } catch {
    return undefined
  }
}

function readRecord(volumePath: string, name: string): BuilderRecord | undefined {
  try {
    return inRecordsDir(volumePath, (dir) => readRecordFile(dir, `${name}.json`))
  } catch {
    return undefined
  }
}

/** The record whole or not at all (writeFileAtomic). Call under the records lock. */
function writeRecord(volumePath: string, record: BuilderRecord): void {
  keepLockFresh()
  inRecordsDir(volumePath, (dir) => writeFileAtomic(path.join(dir, `${record.name}.json`), JSON.stringify(record)))
}

/** Drops a builder's record: only a regular file in the real records folder, never what a link points at. */
function removeRecord(volumePath: string, name: string): void {
  inRecordsDir(volumePath, (dir) => {
    const file = path.join(dir, `${name}.json`)
    if (lstatOrUndefined(file)?.isFile()) fs.unlinkSync(file)
  })
}

/** `raced`: another job made the node container while this one tried to. */
type Started = { ok: boolean; buildkit?: string; error: string; raced?: boolean }

async function bootstrapOnce(cli: DockerCli, name: string): Promise<Started> {
  const result = await cli(inspectArgs(name, true))
  const inspected = parseInspect(result.stdout)
  const ok = result.code === 0 && inspected.status === 'running'
  return { ok, buildkit: inspected.buildkit, error: firstLine(result.stderr) || `status ${inspected.status ?? 'unknown'}` }
}

/** A bootstrap that lost the race for the container name found someone else's node: it attaches to that one. */
async function bootstrap(cli: DockerCli, name: string): Promise<Started> {
  const started = await bootstrapOnce(cli, name)
  return !started.ok && isNameConflict(started.error) ? { ...(await bootstrapOnce(cli, name)), raced: true } : started
}

/** Whether the node container runs; a container that cannot be inspected (gone) does not. */
async function isRunning(cli: DockerCli, name: string): Promise<boolean> {
  const result = await cli(runningArgs(name))
  return result.code === 0 && result.stdout.trim() === 'true'
}

/**
 * Makes buildx's record of the builder (current, `--use`); buildx finds an
 * existing `buildx_buildkit_<name>0` container at bootstrap. `made`: this call
 * made the record (one that existed is left as it was, and not made current).
 */
async function create(cli: DockerCli, options: AttachOptions): Promise<{ problem?: string; made: boolean }> {
  // buildx copies the file into its own record at create: it need not outlive the call.
  const dir = options.buildkitdConfig ? fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-buildkitd-')) : undefined
  const file = dir ? path.join(dir, 'buildkitd.toml') : undefined
  if (file) fs.writeFileSync(file, options.buildkitdConfig ?? '')
  const result = await cli(createArgs(options.name, options.driverOpts, file)).finally(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })
  if (result.code === 0) return { made: true }
  // A record made meanwhile in this job container is as good as ours.
  return /existing instance/i.test(result.stderr) ? { made: false } : { problem: firstLine(result.stderr), made: false }
}

/**
 * Writes buildx's record of the builder and makes it current, as `buildx
 * create --use` would have, from the record a create wrote in an earlier job;
 * false (create runs) when the recorded one is not what this job's inputs
 * would create (restorableInstance, whichever copy it came from), or cannot
 * be written.
 */
function restoreInstance(options: AttachOptions, recorded: BuildxInstance | undefined, logger: Logger, env: NodeJS.ProcessEnv = process.env): boolean {
  const { name } = options
  const endpoint = defaultEndpoint(env)
  if (endpoint === undefined) return false
  const restorable = restorableInstance(recorded, { name, endpoint, driverOpts: options.driverOpts, buildkitdConfig: options.buildkitdConfig })
  if (!restorable.ok) {
    if (recorded) logger.info(`buildx's kept record of builder ${name} not restored (${restorable.reason}); buildx create runs (a live node keeps its config)`)
    return false
  }
  const buildxDir = buildxConfigDir(env, os.homedir())
  try {
    fs.mkdirSync(path.dirname(instanceFile(name, env)), { recursive: true })
    // buildx's own files are its user's alone (0600), as buildx writes them.
    writeFileAtomic(instanceFile(name, env), restorable.json, 0o600)
    writeFileAtomic(path.join(buildxDir, 'current'), currentFileFor(name, endpoint), 0o600)
    return true
  } catch {
    fs.rmSync(instanceFile(name, env), { force: true })
    return false
  }
}

/** buildx's record of the builder as the create just made it, for later jobs to restore. */
function readInstance(name: string, madeWith: string, env: NodeJS.ProcessEnv = process.env): BuildxInstance | undefined {
  try {
    return { json: fs.readFileSync(instanceFile(name, env), 'utf8'), madeWith }
  } catch {
    return undefined
  }
}

/** buildx's own record of the builder in this job's buildx folder (`instances/<name>`): then `buildx create` would only say it exists. */
export function buildxKnows(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return fs.existsSync(instanceFile(name, env))
}

/** Where buildx keeps its record of a builder in this job's buildx folder. */
function instanceFile(name: string, env: NodeJS.ProcessEnv): string {
  return path.join(buildxConfigDir(env, os.homedir()), 'instances', name)
}

function currentFile(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return fs.readFileSync(path.join(buildxConfigDir(env, os.homedir()), 'current'), 'utf8')
  } catch {
    return undefined
  }
}

/** Whether buildx's `current` file already names the builder for this job's Docker (a read, no call). */
export function isCurrentAlready(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return isCurrentBuilder(currentFile(env), name, defaultEndpoint(env))
}

/** The builder buildx's `current` file names ('' or undefined: the default one). */
export function currentBuilderName(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const name = (JSON.parse(currentFile(env) ?? '{}') as { Name?: unknown }).Name
    return typeof name === 'string' && name !== '' ? name : undefined
  } catch {
    return undefined
  }
}

/** Drops whatever is left of a broken builder: buildx's record, the container and its state (the local store holds the cache). */
async function remove(cli: DockerCli, name: string): Promise<void> {
  await cli(rmArgs(name))
  await cli(['rm', '-f', builderContainer(name)])
  await cli(['volume', 'rm', '-f', builderStateVolume(name)])
}

/** Where a recreated builder's cache comes from. */
function warmth(options: AttachOptions): string {
  return options.volumePath ? 'it starts from the local store' : 'it starts cold (no persistent volume-path holds a copy)'
}

function busyReason(name: string, error: string): string {
  return `its container ${builderContainer(name)} is running (perhaps serving another job's build) but did not answer (${error}); it is left alone, remove it if this persists`
}

/** A builder that answers, or why there is none; the caller writes the record. */
async function startBuilder(cli: DockerCli, options: AttachOptions, previous: BuilderRecord | undefined, logger: Logger): Promise<Attach> {
  const { name } = options
  const madeWith = createDigest(options.driverOpts, options.buildkitdConfig)
  let instance: BuildxInstance | undefined
  const made = async () => {
    const result = await create(cli, options)
    current ||= result.made
    if (result.made) instance = readInstance(name, madeWith)
    return result.problem
  }
  // A new buildx configuration (a new job container): the record an earlier job's create wrote, when it is what create would write now.
  const restored = !options.buildxKnows && restoreInstance(options, previous?.buildx, logger)
  let current = restored
  // buildx does not say whether bootstrap found the container or made it; docker does. A new job container has no buildx record
  // of the builder: making it runs beside the inspect; one this buildx folder already holds (a host runner, a reused job
  // container) is read, not made again. A node that runs, whose BuildKit the record already names, needs no bootstrap.
  const [state, problem] = await Promise.all([cli(runningArgs(name)), options.buildxKnows || restored ? undefined : made()])
  const existed = state.code === 0
  if (!problem && canSkipBootstrap(existed && state.stdout.trim() === 'true', previous))
    return { state: 'ready', name, how: 'attached', buildkit: previous?.buildkit, current, instance }
  let how: 'attached' | 'created' | 'recreated' = existed ? 'attached' : 'created'
  let started = await bootstrap(cli, name)
  if (!started.ok && /no builder .* found|not found/i.test(started.error)) {
    const problem = await made()
    if (problem) return { state: 'unavailable', reason: `docker buildx create: ${problem}` }
    started = await bootstrap(cli, name)
  }
  if (!started.ok && (await isRunning(cli, name))) {
    // Never removed while running: try once more, then build without it.
    started = await bootstrap(cli, name)
    if (!started.ok) return { state: 'unavailable', reason: busyReason(name, started.error) }
  }
  if (!started.ok) {
    logger.warning(`Builder ${name} did not start (${started.error}); recreating it, ${warmth(options)}`)
    await remove(cli, name)
    current = false
    const problem = await made()
    if (problem) return { state: 'unavailable', reason: `docker buildx create: ${problem}` }
    started = await bootstrap(cli, name)
    if (!started.ok) return { state: 'unavailable', reason: `docker buildx inspect --bootstrap: ${started.error}` }
    how = 'recreated'
  }
  if (started.raced) how = 'attached'
  return { state: 'ready', name, how, buildkit: started.buildkit, current, instance }
}

type Ready = Extract<Attach, { state: 'ready' }>

/** The record attach writes for the builder it made ready. */
function nextRecord(options: AttachOptions, result: Ready, previous: BuilderRecord | undefined): BuilderRecord {
  const attached = result.how === 'attached' && previous !== undefined
  return {
    name: options.name,
    repoName: options.repoName,
    lastUsedMs: options.now ?? Date.now(),
    maxAgeMs: options.maxAgeMs,
    // An existing container keeps the options it was made with, and the prune flag post learnt for it.
    driverOpts: attached ? previous.driverOpts : options.driverOpts,
    ...(result.buildkit ? { buildkit: result.buildkit } : {}),
    ...(attached && previous.budgetFlag ? { budgetFlag: previous.budgetFlag } : {}),
    // A node made in this job starts unmeasured: its first post measures it.
    ...(attached && previous.budgetCheckedMs !== undefined && previous.cacheBytes !== undefined
      ? { budgetCheckedMs: previous.budgetCheckedMs, cacheBytes: previous.cacheBytes }
      : {}),
    // A create in this job wrote buildx's record afresh; else the one kept is still the builder's.
    ...(result.instance ? { buildx: result.instance } : previous?.buildx ? { buildx: previous.buildx } : {}),
    // The node container's copy is as old as before (a node made in this job has none yet).
    ...(attached && previous.nodeRecordMs !== undefined ? { nodeRecordMs: previous.nodeRecordMs } : {})
  }
}

/**
 * Re-attaches the repository's builder, or creates it, and bootstraps it.
 * With a volume, under the host-wide lock; without one, Docker's name rule
 * makes two first jobs share one container. A builder that will not start is
 * removed and made again once, but only when its container is not running: a
 * running one may be serving another job's build right now (a bootstrap also
 * times out under load), and jobs without the shared volume do not take the
 * lock. Never throws.
 */
export async function attachBuilder(cli: DockerCli, options: AttachOptions, logger: Logger): Promise<Attach> {
  const { name, volumePath } = options
  const record = (result: Ready, previous: BuilderRecord | undefined) => nextRecord(options, result, previous)
  const started = async (previous: BuilderRecord | undefined) => {
    const note = driverOptsNote(previous?.driverOpts, options.driverOpts)
    if (note) logger.info(note)
    return startBuilder(cli, options, previous, logger)
  }
  try {
    if (!volumePath) {
      const previous = await readNodeRecord(cli, name)
      const result = await started(previous)
      if (result.state !== 'ready') return result
      const written = record(result, previous)
      await writeNodeRecord(cli, written)
      return { ...result, record: written }
    }
    ensureRealDirectory(recordsDir(volumePath))
    return await withRecordsLock(volumePath, logger, async () => {
      const previous = readRecord(volumePath, name)
      const result = await started(previous)
      if (result.state !== 'ready') return result
      const written = record(result, previous)
      writeRecord(volumePath, written)
      return { ...result, record: written }
    })
  } catch (error) {
    return { state: 'unavailable', reason: error instanceof Error ? error.message : String(error) }
  }
}

/** The record kept in the node container; undefined when there is none or it is not this builder's. */
export async function readNodeRecord(cli: DockerCli, name: string): Promise<BuilderRecord | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-record-'))
  try {
    const copied = await cli(['cp', `${builderContainer(name)}:${RECORD_IN_CONTAINER}`, dir])
    if (copied.code !== 0) return undefined
    // docker cp copies a link or a FIFO as it is: only a regular file is read.
    const record = parseRecord(readRegularFile(path.join(dir, path.basename(RECORD_IN_CONTAINER))))
    return record?.name === name ? record : undefined
  } catch {
    return undefined
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Writes the record into the node container; `docker cp` swaps the whole file, and a torn read only postpones retirement. */
export async function writeNodeRecord(cli: DockerCli, record: BuilderRecord): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-record-'))
  try {
    const file = path.join(dir, 'record.json')
    fs.writeFileSync(file, JSON.stringify(record))
    return (await cli(['cp', file, `${builderContainer(record.name)}:${RECORD_IN_CONTAINER}`])).code === 0
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Makes the builder the job's current one, so `docker buildx build` without `--builder` uses it; the reason when it failed. */
export async function useBuilder(cli: DockerCli, name: string): Promise<string | undefined> {
  const result = await cli(useArgs(name))
  return result.code === 0 ? undefined : firstLine(result.stderr) || `exit ${result.code}`
}

/** fresh-build: the builder's whole cache goes (cache mounts included); the reason when it failed. */
export async function clearBuilderCache(cli: DockerCli, name: string): Promise<string | undefined> {
  const result = await cli(clearCacheArgs(name))
  return result.code === 0 ? undefined : firstLine(result.stderr) || `exit ${result.code}`
}

export interface Budget {
  ok: boolean
  flag?: BudgetFlag
  /** What buildx reports reclaimed ("Total: 1.2GB"), or why pruning failed. */
  detail: string
  /** The builder's cache as `buildx du` totals it afterwards; undefined when du gives none. */
  bytes?: number
}

/**
 * Whether the budget prune is needed: du's total is past the budget, or du
 * gave none (prune then, as before: an unknown size must not go unbounded).
 * A prune down to a budget the cache is already within reclaims nothing.
 */
export function pruneNeeded(duBytes: number | undefined, maxBytes: number): boolean {
  return duBytes === undefined || duBytes > maxBytes
}

/**
 * Keeps the builder's cache within `maxBytes`: one `buildx du`, and only past
 * the budget a prune of the least recently used cache, with `knownFlag` (from
 * the builder's record) or else the flag `buildx prune --help` names. Never throws.
 */
export async function keepWithinBudget(cli: DockerCli, name: string, maxBytes: number, knownFlag?: BudgetFlag): Promise<Budget> {
  try {
    const before = await builderCacheBytes(cli, name)
    if (!pruneNeeded(before, maxBytes)) return { ok: true, flag: knownFlag, detail: 'nothing to reclaim', bytes: before }
    let flag = knownFlag
    if (!flag) {
      const help = await cli(['buildx', 'prune', '--help'])
      flag = budgetFlag(help.stdout + help.stderr)
    }
    const result = await cli(pruneArgs(name, maxBytes, flag))
    // A recorded flag another buildx client does not know: ask this one.
    if (result.code !== 0 && knownFlag && /unknown flag/i.test(result.stderr)) return keepWithinBudget(cli, name, maxBytes)
    if (result.code !== 0) return { ok: false, flag, detail: firstLine(result.stderr) || `exit ${result.code}`, bytes: before }
    const total = /^Total:\s*(.+)$/m.exec(result.stdout)?.[1]?.trim()
    return { ok: true, flag, detail: total ? `${total} reclaimed` : 'nothing to reclaim', bytes: await builderCacheBytes(cli, name) }
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) }
  }
}

/** The builder's cache size as du totals it; undefined when du gives none. */
export async function builderCacheBytes(cli: DockerCli, name: string): Promise<number | undefined> {
  const result = await cli(duArgs(name))
  return result.code === 0 ? parseDuTotal(result.stdout) : undefined
}

/** Marks the builder used now, so retirement counts from this job's end. Under the records lock: retirement reads them. */
export async function touchRecord(
  volumePath: string,
  name: string,
  logger: Logger,
  now = Date.now(),
  change: Partial<Pick<BuilderRecord, 'budgetFlag' | 'budgetCheckedMs' | 'cacheBytes' | 'nodeRecordMs'>> = {}
): Promise<BuilderRecord | undefined> {
  if (!recordsDirExists(volumePath)) return undefined
  return withRecordsLock(volumePath, logger, () => {
    const record = readRecord(volumePath, name)
    if (record) writeRecord(volumePath, { ...record, ...change, lastUsedMs: now })
    return record
  })
}

/** Records what a prune left of a builder's cache, under the records lock; its last use stays as it is: being pruned is not being used. */
export async function recordCacheBytes(volumePath: string, name: string, cacheBytes: number, logger: Logger, now = Date.now()): Promise<void> {
  if (!recordsDirExists(volumePath)) return
  await withRecordsLock(volumePath, logger, () => {
    const record = readRecord(volumePath, name)
    if (record) writeRecord(volumePath, { ...record, cacheBytes, budgetCheckedMs: now })
  })
}

/** The builder's record as it stands (no lock: a reader never sees half a record). */
export function builderRecord(volumePath: string, name: string): BuilderRecord | undefined {
  return readRecord(volumePath, name)
}

export interface RetireOptions {
  now?: number
  dryRun: boolean
}

/**
 * Removes this action's builders unused for their repository's max-age:
 * only names it made and recorded, their container and `_state` volume.
 * Their cache lives on in the local store. Returns the names (would be) removed.
 */
export async function retireUnusedBuilders(cli: DockerCli, volumePath: string, options: RetireOptions, logger: Logger): Promise<string[]> {
  if (!recordsDirExists(volumePath)) return []
  return withRecordsLock(volumePath, logger, async () => {
    // A record must be named for the builder it describes: a stray file cannot aim the removal elsewhere (readRecordFile).
    const records = inRecordsDir(volumePath, (dir) =>
      fs
        .readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .flatMap((file) => readRecordFile(dir, file) ?? [])
    )
    const now = options.now ?? Date.now()
    const unused: BuilderRecord[] = []
    // Jobs without the volume record their use in the node container only: the newer of the two decides.
    for (const record of unusedBuilders(records, now))
      if (unusedBuilders([newerRecord(record, await readNodeRecord(cli, record.name)) as BuilderRecord], now).length) unused.push(record)
    if (options.dryRun) return unused.map((record) => record.name)
    for (const { name } of unused) {
      keepLockFresh()
      await remove(cli, name)
      const left = await cli(['container', 'inspect', '--format', '{{.Name}}', builderContainer(name)])
      if (left.code === 0) {
        logger.warning(`Unused builder ${name} could not be removed; it is tried again by the next job`)
        continue
      }
      keepLockFresh()
      removeRecord(volumePath, name)
    }
    return unused.map((record) => record.name)
  })
}

/**
 * retireUnusedBuilders for a job without a persistent volume: the node
 * containers of this action's builders, each judged by the record it holds.
 * A container without a readable record is never removed (nothing says it is
 * unused); each record is read again just before removal, so a job that
 * attached it meanwhile keeps it. Returns the names (would be) removed.
 */
export async function retireUnusedNodeBuilders(cli: DockerCli, options: RetireOptions, logger: Logger): Promise<string[]> {
  const listed = await cli(nodeListArgs())
  if (listed.code !== 0) return []
  const now = options.now ?? Date.now()
  const names = listed.stdout.split('\n').flatMap((line) => builderOfNode(line) ?? [])
  const retired: string[] = []
  for (const name of names) {
    const record = await readNodeRecord(cli, name)
    if (!record || unusedBuilders([record], now).length === 0) continue
    if (options.dryRun) {
      retired.push(name)
      continue
    }
    const again = await readNodeRecord(cli, name)
    if (!again || unusedBuilders([again], now).length === 0) continue
    await remove(cli, name)
    const left = await cli(['container', 'inspect', '--format', '{{.Name}}', builderContainer(name)])
    if (left.code === 0) logger.warning(`Unused builder ${name} could not be removed; it is tried again by the next job`)
    else retired.push(name)
  }
  return retired
}

/** This job's builds on the builder with their cached steps; undefined where buildx has no build history (0.13). */
export async function buildSteps(cli: DockerCli, name: string, sinceMs: number): Promise<BuildSteps[] | undefined> {
  const result = await cli(historyArgs(name))
  return result.code === 0 ? parseHistory(result.stdout, sinceMs) : undefined
}
