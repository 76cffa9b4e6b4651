import fs from 'node:fs'
import path from 'node:path'
import { resolveBackend } from '../backends/cache-entries.js'
import { buildkitWarning, remoteCacheAdvice } from '../builders/persistent/advice.js'
import { attachBuilder, useBuilder, type Attach } from '../builders/persistent/attach.js'
import { clearBuilderCache } from '../builders/persistent/budget.js'
import { buildxConfigDir, buildxKnows, currentBuilderName, isCurrentAlready } from '../builders/persistent/buildx-config.js'
import { builderConfig } from '../builders/persistent/gc-config.js'
import { persistentBuilderName } from '../builders/persistent/name.js'
import { BUILDKIT_DEFAULTS, formatDiskSpace } from '../config/disk-space.js'
import type { Inputs } from '../config/inputs.js'
import { formatBytes } from '../config/units.js'
import { dockerCli } from '../runner/exec.js'
import type { JobState } from '../runner/state.js'
import type { JobContext, Reporter } from '../runner-port.js'
import { errorMessage } from '../error-message.js'

/** What post needs to bound the builder main attached. */
export type BuilderState = NonNullable<JobState['builder']>

type Ready = Extract<Attach, { state: 'ready' }>

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
  const file = path.join(buildxConfigDir(env), 'buildkitd.default.toml')
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
}

/** The buildkitd.toml the builder is made with; a user's file that cannot be read fails main, naming the input. */
function buildkitdConfigFor(inputs: Inputs, runner: Reporter & JobContext): string {
  let base: string | undefined
  if (inputs.buildkitdConfig) {
    try {
      base = fs.readFileSync(inputs.buildkitdConfig, 'utf8')
    } catch (error) {
      throw new Error(`Input 'buildkitd-config' ${inputs.buildkitdConfig} cannot be read: ${errorMessage(error)}; give the absolute path of a buildkitd.toml`, {
        cause: error
      })
    }
  } else base = buildxDefaultConfig(runner.env)
  const config = builderConfig(base, inputs.builderMaxSize, inputs.hostMinFree)
  const floor = inputs.hostMinFree ? formatDiskSpace(inputs.hostMinFree) : `${BUILDKIT_DEFAULTS.minFreePercent}%`
  runner.info(
    config.gc === 'added'
      ? `A new builder keeps its cache, cache mounts included, within ${formatBytes(inputs.builderMaxSize)}, and ${floor} of its disk free (buildkitd GC policy)`
      : 'A new builder uses the GC policy of its own buildkitd.toml (it has a [worker] section)'
  )
  return config.text
}

/** The builder made ready, or undefined with a warning, the job's own builder made current again. */
async function attach(
  inputs: Inputs,
  name: string,
  buildkitdConfig: string,
  persistentStore: boolean,
  runner: Reporter & JobContext
): Promise<Ready | undefined> {
  const options = {
    name,
    repoName: inputs.repoName,
    driverOpts: inputs.builderDriverOpts,
    maxAgeMs: inputs.maxAge,
    volumePath: persistentStore ? inputs.volumePath : undefined,
    buildkitdConfig,
    buildxKnows: buildxKnows(name, runner.env),
    env: runner.env,
    now: runner.now()
  }
  const before = currentBuilderName(runner.env)
  const result = await attachBuilder(dockerCli, options, runner)
  if (result.state === 'ready') return result
  // Its create made it current (--use): the job's builds go back to the builder they had.
  if (before !== name && isCurrentAlready(name, runner.env)) await useBuilder(dockerCli, before ?? 'default')
  // The build goes on with whatever builder the job has; only the speed-up is lost.
  runner.warning(`The persistent builder ${name} is not used for this build: ${result.reason}`)
  return undefined
}

/** The BuildKit advice for this builder: an old one's warning, and the version remote cache exports want. */
function adviseBuildkit(buildkit: string | undefined, inputs: Inputs, runner: Reporter & JobContext): void {
  const outdated = buildkitWarning(buildkit)
  if (outdated) runner.warning(outdated)
  const advice = remoteCacheAdvice(buildkit, resolveBackend(inputs.cacheMode, runner.env))
  if (advice) runner.notice(advice)
}

/** fresh-build: the builder's cache cleared; what happened, for the table. */
async function freshBuild(inputs: Inputs, name: string, runner: Reporter): Promise<string | undefined> {
  if (!inputs.freshBuild) return undefined
  if (inputs.dryRun) return 'cache would be cleared (dry-run)'
  const problem = await clearBuilderCache(dockerCli, name)
  if (!problem) return 'cache cleared'
  runner.warning(`fresh-build: the cache of builder ${name} was not cleared (${problem}); steps may still come from it`)
  return `cache not cleared: ${problem}`
}

/** What post rewrites into the node container's record: what attach recorded (the BuildKit, so the next job skips the bootstrap; the builder's own driver-opts). */
function keptRecord(inputs: Inputs, result: Ready): BuilderState['record'] {
  const record = result.record
  if (!record) return { repoName: inputs.repoName, driverOpts: inputs.builderDriverOpts, maxAgeMs: inputs.maxAge }
  return {
    repoName: record.repoName,
    driverOpts: record.driverOpts,
    maxAgeMs: record.maxAgeMs,
    ...(record.buildkit ? { buildkit: record.buildkit } : {}),
    ...(record.budgetFlag ? { budgetFlag: record.budgetFlag } : {}),
    ...(record.buildx ? { buildx: record.buildx } : {})
  }
}

/** main: the repository's persistent builder, made or re-attached, and made the job's current builder; undefined (with a warning) when it cannot be had. */
export async function attachStep(inputs: Inputs, runner: Reporter & JobContext, persistentStore = true): Promise<BuilderState | undefined> {
  if (!inputs.persistentBuilder) return undefined
  const buildkitdConfig = buildkitdConfigFor(inputs, runner)
  return runner.group('Attaching the persistent builder', async () => {
    const name = persistentBuilderName(inputs.repoName)
    const sinceMs = runner.now()
    const result = await attach(inputs, name, buildkitdConfig, persistentStore, runner)
    if (!result) return undefined
    adviseBuildkit(result.buildkit, inputs, runner)
    // As setup-buildx-action's use: true: a `docker buildx build` without --builder lands on it. A create
    // in this job did so with --use, and buildx's current file may already name it: no call then.
    const notUsed = result.current || isCurrentAlready(name, runner.env) ? undefined : await useBuilder(dockerCli, name)
    if (notUsed) runner.warning(`docker buildx use ${name} failed (${notUsed}): builds without builder: ${name} run elsewhere`)
    const fresh = await freshBuild(inputs, name, runner)
    await runner.table('Persistent builder', [
      ['builder', name],
      ['how', result.how],
      ['BuildKit', result.buildkit ?? 'unknown'],
      ['current builder', notUsed ? 'no' : 'yes'],
      ...(fresh ? [['fresh-build', fresh] as [string, string]] : [])
    ])
    const { volumePath, builderMaxSize: maxSizeBytes, dryRun } = inputs
    return { name, volumePath, maxSizeBytes, dryRun, persistentStore, record: keptRecord(inputs, result), sinceMs, how: result.how }
  })
}
