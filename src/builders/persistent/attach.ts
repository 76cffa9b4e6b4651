import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DockerCli } from '../../docker-cli.js'
import type { Logger } from '../../log.js'
import { createArgs, inspectArgs, runningArgs, useArgs } from './buildx-args.js'
import { readInstance, restoreInstance } from './buildx-config.js'
import { failure, isExistingInstance, isNameConflict, isUnknownBuilder, lastLine, parseInspect } from './buildx-output.js'
import { createDigest, type BuildxInstance } from './buildx-record.js'
import { builderContainer } from '../buildx-names.js'
import { canSkipBootstrap, driverOptsNote, type BuilderRecord } from './record.js'
import { builderRecord, readNodeRecord, withRecordsLock, writeNodeRecord, writeRecord } from './records-io.js'
import { removeBuilder } from './remove.js'
import { errorMessage } from '../../error-message.js'

/**
 * Making the persistent builder ready for a job: re-attached when its node
 * runs, created when buildx or Docker lacks it, recreated once when it will
 * not start. The record that says so is written here (records-io.ts).
 */

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
  /** The job's environment: where buildx keeps its files (buildx-config.ts). */
  env?: NodeJS.ProcessEnv
}

type How = 'attached' | 'created' | 'recreated'

/** `current`: a create in this job made buildx's record with `--use`, so the builder is already the job's current one. `record`: what attach wrote, for post to write back. */
export type Attach =
  | {
      state: 'ready'
      name: string
      how: How
      buildkit?: string
      current: boolean
      record?: BuilderRecord
      /** buildx's record as this job's create wrote it (none when no create ran). */
      instance?: BuildxInstance
    }
  | { state: 'unavailable'; reason: string }

type Ready = Extract<Attach, { state: 'ready' }>

/** `raced`: another job made the node container while this one tried to. */
type Started = { ok: boolean; buildkit?: string; error: string; raced?: boolean }

async function bootstrapOnce(cli: DockerCli, name: string): Promise<Started> {
  const result = await cli(inspectArgs(name, true))
  const inspected = parseInspect(result.stdout)
  const ok = result.code === 0 && inspected.status === 'running'
  return { ok, buildkit: inspected.buildkit, error: lastLine(result.stderr) || `status ${inspected.status ?? 'unknown'}` }
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
 * The `buildx create` calls of one attach and what they left: whether buildx's
 * current file names the builder (`--use`), and the record a create wrote.
 * buildx finds an existing `buildx_buildkit_<name>0` container at bootstrap.
 */
class Creation {
  instance?: BuildxInstance
  private readonly madeWith: string

  constructor(
    private readonly cli: DockerCli,
    private readonly options: AttachOptions,
    public current: boolean
  ) {
    this.madeWith = createDigest(options.driverOpts, options.buildkitdConfig)
  }

  /** Makes buildx's record (current); a record made meanwhile in this job container is as good as ours. The problem, if any. */
  async make(): Promise<string | undefined> {
    const { buildkitdConfig, name, driverOpts } = this.options
    // buildx copies the file into its own record at create: it need not outlive the call.
    const dir = buildkitdConfig ? fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-buildkitd-')) : undefined
    const file = dir ? path.join(dir, 'buildkitd.toml') : undefined
    if (file) fs.writeFileSync(file, buildkitdConfig ?? '')
    const result = await this.cli(createArgs(name, driverOpts, file)).finally(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
    })
    if (result.code !== 0) return isExistingInstance(result.stderr) ? undefined : failure(result)
    this.current = true
    this.instance = readInstance(name, this.madeWith, this.options.env)
    return undefined
  }
}

type Outcome = { started: Started; recreated: boolean } | { reason: string }

/** Where a recreated builder's cache comes from. */
function warmth(options: AttachOptions): string {
  return options.volumePath ? 'it starts from the local store' : 'it starts cold (no persistent volume-path holds a copy)'
}

/** A builder that will not start and whose container is not running: removed and made again, once. */
async function recreate(cli: DockerCli, options: AttachOptions, creation: Creation, error: string, logger: Logger): Promise<Outcome> {
  logger.warning(`Builder ${options.name} did not start (${error}); recreating it, ${warmth(options)}`)
  await removeBuilder(cli, options.name)
  creation.current = false
  const problem = await creation.make()
  if (problem) return { reason: `docker buildx create: ${problem}` }
  const started = await bootstrap(cli, options.name)
  return started.ok ? { started, recreated: true } : { reason: `docker buildx inspect --bootstrap: ${started.error}` }
}

/** Bootstraps the node: made when buildx does not know it, never removed while it runs (it may serve another job's build). */
async function bootstrapped(cli: DockerCli, options: AttachOptions, creation: Creation, logger: Logger): Promise<Outcome> {
  const { name } = options
  let started = await bootstrap(cli, name)
  if (!started.ok && isUnknownBuilder(started.error)) {
    const problem = await creation.make()
    if (problem) return { reason: `docker buildx create: ${problem}` }
    started = await bootstrap(cli, name)
  }
  if (started.ok) return { started, recreated: false }
  if (!(await isRunning(cli, name))) return recreate(cli, options, creation, started.error, logger)
  // Running but not answering (a bootstrap also times out under load): once more, then build without it.
  started = await bootstrap(cli, name)
  if (started.ok) return { started, recreated: false }
  return {
    reason: `its container ${builderContainer(name)} is running (perhaps serving another job's build) but did not answer (${started.error}); it is left alone, remove it if this persists`
  }
}

/** A builder that answers, or why there is none; the caller writes the record. */
async function startBuilder(cli: DockerCli, options: AttachOptions, previous: BuilderRecord | undefined, logger: Logger): Promise<Attach> {
  const { name } = options
  // A new buildx configuration (a new job container): the record an earlier job's create wrote, when it is what create would write now.
  const creation = new Creation(cli, options, !options.buildxKnows && restoreInstance(options, previous?.buildx, logger, options.env))
  // buildx does not say whether bootstrap found the container or made it; docker does. A new job container has no buildx record
  // of the builder: making it runs beside the inspect; one this buildx folder already holds (a host runner, a reused job
  // container) is read, not made again. A node that runs, whose BuildKit the record already names, needs no bootstrap.
  const [state, problem] = await Promise.all([cli(runningArgs(name)), options.buildxKnows || creation.current ? undefined : creation.make()])
  const existed = state.code === 0
  const ready = (how: How, buildkit: string | undefined): Ready => ({
    state: 'ready',
    name,
    how,
    buildkit,
    current: creation.current,
    instance: creation.instance
  })
  if (!problem && canSkipBootstrap(existed && state.stdout.trim() === 'true', previous)) return ready('attached', previous?.buildkit)
  const outcome = await bootstrapped(cli, options, creation, logger)
  if ('reason' in outcome) return { state: 'unavailable', reason: outcome.reason }
  const how: How = outcome.started.raced ? 'attached' : outcome.recreated ? 'recreated' : existed ? 'attached' : 'created'
  return ready(how, outcome.started.buildkit)
}

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

/** Starts the builder from its previous record and returns it ready with its next record (not yet written). */
async function attachFrom(cli: DockerCli, options: AttachOptions, previous: BuilderRecord | undefined, logger: Logger): Promise<Attach> {
  const note = driverOptsNote(previous?.driverOpts, options.driverOpts)
  if (note) logger.info(note)
  const result = await startBuilder(cli, options, previous, logger)
  return result.state === 'ready' ? { ...result, record: nextRecord(options, result, previous) } : result
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
  try {
    if (!volumePath) {
      const result = await attachFrom(cli, options, await readNodeRecord(cli, name), logger)
      if (result.state === 'ready' && result.record) await writeNodeRecord(cli, result.record)
      return result
    }
    return await withRecordsLock(volumePath, logger, async (lock) => {
      const result = await attachFrom(cli, options, builderRecord(volumePath, name), logger)
      if (result.state === 'ready' && result.record) writeRecord(lock, volumePath, result.record)
      return result
    })
  } catch (error) {
    return { state: 'unavailable', reason: errorMessage(error) }
  }
}

/** Makes the builder the job's current one, so `docker buildx build` without `--builder` uses it; the reason when it failed. */
export async function useBuilder(cli: DockerCli, name: string): Promise<string | undefined> {
  const result = await cli(useArgs(name))
  return result.code === 0 ? undefined : failure(result)
}
