import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  attachBuilder,
  builderRecord,
  buildSteps,
  buildxKnows,
  currentBuilderName,
  isCurrentAlready,
  builderCacheBytes,
  clearBuilderCache,
  keepWithinBudget,
  retireUnusedBuilders,
  retireUnusedNodeBuilders,
  touchRecord,
  useBuilder,
  writeNodeRecord
} from '../builders/persistent-io.js'
import { resolveBackend } from '../backends/cache-entries.js'
import { buildkitWarning, remoteCacheAdvice } from '../builders/buildkit-advice.js'
import { builderConfig, buildxConfigDir, isBudgetFlag, persistentBuilderName, type BuildSteps } from '../builders/persistent.js'
import { BUDGET_CHECK_INTERVAL_MS, budgetCheckDue, nodeRecordDue } from '../builders/builder-record.js'
import { BUILDKIT_DEFAULTS, formatDiskSpace } from '../config/disk-space.js'
import type { Inputs } from '../config/inputs.js'
import { STEPS_CACHED_OUTPUT } from '../config/names.js'
import { formatBytes, formatDuration } from '../config/units.js'
import { dockerCli } from '../runner/exec.js'
import type { JobState } from '../runner/state.js'
import type { Reporter, Runner } from '../runner-port.js'

/** What post needs to bound the builder main attached. */
export type BuilderState = NonNullable<JobState['builder']>

/**
 * Why there is no store to keep the builder's durable copy in, or undefined
 * when there is one. Only a volume-path that does not exist counts (a job
 * container without the volume mounted, the default /opt/buildx-cache
 * absent): a folder on the root filesystem is a persistent store on a host
 * runner, and in a job container the mount-point warning already says so.
 */
export function storeProblem(volumePath: string): string | undefined {
  return fs.existsSync(volumePath) ? undefined : `volume-path ${volumePath} does not exist.`
}

/** buildx's own default buildkitd.toml, which an explicit --buildkitd-config replaces: its settings (registries, mirrors) are kept. */
function buildxDefaultConfig(env: NodeJS.ProcessEnv): string | undefined {
  const file = path.join(buildxConfigDir(env, os.homedir()), 'buildkitd.default.toml')
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
}

/** The buildkitd.toml the builder is made with; a user's file that cannot be read fails main, naming the input. */
function buildkitdConfigFor(inputs: Inputs, runner: Reporter): string {
  let base: string | undefined
  if (inputs.buildkitdConfig) {
    try {
      base = fs.readFileSync(inputs.buildkitdConfig, 'utf8')
    } catch (error) {
      throw new Error(
        `Input 'buildkitd-config' ${inputs.buildkitdConfig} cannot be read: ${(error as Error).message}; give the absolute path of a buildkitd.toml`,
        { cause: error }
      )
    }
  } else base = buildxDefaultConfig(process.env)
  const config = builderConfig(base, inputs.builderMaxSize, inputs.hostMinFree)
  const floor = inputs.hostMinFree ? formatDiskSpace(inputs.hostMinFree) : `${BUILDKIT_DEFAULTS.minFreePercent}%`
  runner.info(
    config.gc === 'added'
      ? `A new builder keeps its cache, cache mounts included, within ${formatBytes(inputs.builderMaxSize)}, and ${floor} of its disk free (buildkitd GC policy)`
      : 'A new builder uses the GC policy of its own buildkitd.toml (it has a [worker] section)'
  )
  return config.text
}

/** main: the repository's persistent builder, made or re-attached, and made the job's current builder; undefined (with a warning) when it cannot be had. */
export async function attachStep(inputs: Inputs, runner: Reporter, persistentStore = true): Promise<BuilderState | undefined> {
  if (!inputs.persistentBuilder) return undefined
  const buildkitdConfig = buildkitdConfigFor(inputs, runner)
  return runner.group('Attaching the persistent builder', async () => {
    const name = persistentBuilderName(inputs.repoName)
    const since = Date.now()
    const record = { repoName: inputs.repoName, driverOpts: inputs.builderDriverOpts, maxAgeMs: inputs.maxAge }
    const options = { name, ...record, volumePath: persistentStore ? inputs.volumePath : undefined, buildkitdConfig, buildxKnows: buildxKnows(name) }
    const before = currentBuilderName()
    const result = await attachBuilder(dockerCli, options, runner)
    if (result.state === 'unavailable') {
      // Its create made it current (--use): the job's builds go back to the builder they had.
      if (before !== name && isCurrentAlready(name)) await useBuilder(dockerCli, before ?? 'default')
      // The build goes on with whatever builder the job has; only the speed-up is lost.
      runner.warning(`The persistent builder ${name} is not used for this build: ${result.reason}`)
      return undefined
    }
    const outdated = buildkitWarning(result.buildkit)
    if (outdated) runner.warning(outdated)
    const advice = remoteCacheAdvice(result.buildkit, resolveBackend(inputs.cacheMode, process.env))
    if (advice) runner.notice(advice)
    // As setup-buildx-action's use: true: a `docker buildx build` without --builder lands on it. A create
    // in this job did so with --use, and buildx's current file may already name it: no call then.
    const notUsed = result.current || isCurrentAlready(name) ? undefined : await useBuilder(dockerCli, name)
    if (notUsed) runner.warning(`docker buildx use ${name} failed (${notUsed}): builds without builder: ${name} run elsewhere`)
    let fresh = inputs.freshBuild ? 'cache cleared' : undefined
    if (inputs.freshBuild && !inputs.dryRun) {
      const problem = await clearBuilderCache(dockerCli, name)
      if (problem) {
        fresh = `cache not cleared: ${problem}`
        runner.warning(`fresh-build: the cache of builder ${name} was not cleared (${problem}); steps may still come from it`)
      }
    } else if (inputs.freshBuild) fresh = 'cache would be cleared (dry-run)'
    await runner.table('Persistent builder', [
      ['builder', name],
      ['how', result.how],
      ['BuildKit', result.buildkit ?? 'unknown'],
      ['current builder', notUsed ? 'no' : 'yes'],
      ...(fresh ? [['fresh-build', fresh] as [string, string]] : [])
    ])
    // Post rewrites the node container's record: it keeps what attach recorded (the BuildKit, so the next job skips the bootstrap; the builder's own driver-opts).
    const kept = result.record
      ? {
          repoName: result.record.repoName,
          driverOpts: result.record.driverOpts,
          maxAgeMs: result.record.maxAgeMs,
          ...(result.record.buildkit ? { buildkit: result.record.buildkit } : {}),
          ...(result.record.budgetFlag ? { budgetFlag: result.record.budgetFlag } : {}),
          ...(result.record.buildx ? { buildx: result.record.buildx } : {})
        }
      : record
    return {
      name,
      volumePath: inputs.volumePath,
      maxSizeBytes: inputs.builderMaxSize,
      dryRun: inputs.dryRun,
      persistentStore,
      record: kept,
      sinceMs: since,
      how: result.how
    }
  })
}

/**
 * post: the builder's own cache back within builder-max-size; returns its size
 * for the report (as last measured when no check is due, budgetCheckDue).
 * Never throws.
 */
export async function budgetStep(
  builder: BuilderState,
  runner: Reporter,
  { beforePrune, now = Date.now() }: { beforePrune?: Promise<unknown>; now?: number } = {}
): Promise<number | undefined> {
  return runner.group('Keeping the persistent builder within its budget', async () => {
    try {
      const withStore = builder.persistentStore !== false
      const recorded = withStore ? builderRecord(builder.volumePath, builder.name) : undefined
      const known = (recorded ?? builder.record)?.budgetFlag
      let bytes: number | undefined
      let flag = known
      let measured: { budgetCheckedMs: number; cacheBytes: number } | undefined
      if (builder.dryRun) {
        runner.info(`dry-run: the cache of ${builder.name} is not pruned`)
        bytes = await builderCacheBytes(dockerCli, builder.name)
      } else if (recorded?.cacheBytes !== undefined && !budgetCheckDue(recorded, builder.maxSizeBytes, now)) {
        bytes = recorded.cacheBytes
        const age = formatDuration(now - (recorded.budgetCheckedMs ?? now))
        runner.info(
          `Builder ${builder.name}: ${formatBytes(bytes)} of ${formatBytes(builder.maxSizeBytes)} when measured ${age} ago; measured again after ${formatDuration(BUDGET_CHECK_INTERVAL_MS)} (its GC policy bounds it meanwhile)`
        )
      } else {
        // A prune may drop the build history's records with the cache: the history is read first.
        await beforePrune
        const budget = await keepWithinBudget(dockerCli, builder.name, builder.maxSizeBytes, known)
        const how = budget.flag ? ` (${budget.flag})` : ''
        if (budget.ok) runner.info(`Builder ${builder.name} within ${formatBytes(builder.maxSizeBytes)}${how}: ${budget.detail}`)
        else runner.warning(`The cache of builder ${builder.name} was not pruned to ${formatBytes(builder.maxSizeBytes)}: ${budget.detail}`)
        bytes = budget.bytes
        if (budget.ok) flag = budget.flag ?? known
        if (budget.ok && budget.bytes !== undefined) measured = { budgetCheckedMs: now, cacheBytes: budget.bytes }
      }
      const learnt = { ...(isBudgetFlag(flag) ? { budgetFlag: flag } : {}), ...measured }
      // Jobs without the volume find the builder's record in its container; jobs with it refresh that copy when it would tell them something new.
      const nodeDue = builder.record !== undefined && (!withStore || nodeRecordDue(recorded, { ...builder.record, ...learnt }, builder.how === 'attached', now))
      const written = Date.now()
      await Promise.all([
        withStore ? touchRecord(builder.volumePath, builder.name, runner, written, { ...learnt, ...(nodeDue ? { nodeRecordMs: written } : {}) }) : undefined,
        nodeDue && builder.record ? writeNodeRecord(dockerCli, { name: builder.name, ...builder.record, lastUsedMs: written, ...learnt }) : undefined
      ])
      return bytes
    } catch (error) {
      runner.warning(`Persistent builder: ${error instanceof Error ? error.message : String(error)}`)
      return undefined
    }
  })
}

/** pre (or main without pre): remove this action's builders unused for their max-age. Never throws. */
export async function retireStep(inputs: Inputs, runner: Reporter): Promise<void> {
  if (!inputs.pruneBuilders) return
  try {
    const options = { dryRun: inputs.dryRun }
    // Without a volume only jobs that use the persistent builder look for its records in Docker: the others pay no docker call for it.
    const withoutVolume = storeProblem(inputs.volumePath) !== undefined
    if (withoutVolume && !inputs.persistentBuilder) return
    const names = withoutVolume
      ? await retireUnusedNodeBuilders(dockerCli, options, runner)
      : await retireUnusedBuilders(dockerCli, inputs.volumePath, options, runner)
    const verb = inputs.dryRun ? 'would remove' : 'removed'
    for (const name of names) runner.info(`${verb} unused persistent builder ${name}`)
  } catch (error) {
    runner.warning(`Unused persistent builders were not removed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** post: this job's builds with their cached steps; undefined where buildx keeps no history (0.13). Never throws. */
export async function readSteps(builder: BuilderState, runner: Pick<Runner, 'debug'>): Promise<BuildSteps[] | undefined> {
  if (builder.sinceMs === undefined) return undefined
  try {
    return await buildSteps(dockerCli, builder.name, builder.sinceMs)
  } catch (error) {
    runner.debug(`Build history not read: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
}

/** post: "N of M steps cached" per build, a row each and the steps-cached output; nothing without a history, never a guess. */
export async function reportSteps(builds: BuildSteps[] | undefined, runner: Pick<Runner, 'setOutput' | 'table'>): Promise<void> {
  if (!builds || builds.length === 0) return
  runner.setOutput(STEPS_CACHED_OUTPUT, builds.map(({ cached, total }) => `${cached}/${total}`).join('\n'))
  await runner.table(
    'Persistent builder steps',
    builds.map(({ name, cached, total }, i): [string, string] => [`build ${i + 1}${name ? ` (${name})` : ''}`, `${cached} of ${total} steps cached`])
  )
}
