import * as core from '@actions/core'
import { attachBuilder, builderCacheBytes, builderRecord, keepWithinBudget, retireUnusedBuilders, touchRecord } from '../builders/persistent-io.js'
import { buildkitWarning, persistentBuilderName } from '../builders/persistent.js'
import type { Inputs } from '../config/inputs.js'
import { formatBytes } from '../config/units.js'
import { dockerCli } from '../runner/exec.js'
import { publishTable } from '../runner/summary.js'
import type { JobState } from '../runner/state.js'

/** What post needs to bound the builder main attached. */
export type BuilderState = NonNullable<JobState['builder']>

/** main: the repository's persistent builder, made or re-attached; undefined (with a warning) when it cannot be had. */
export async function attachStep(inputs: Inputs): Promise<BuilderState | undefined> {
  if (!inputs.persistentBuilder) return undefined
  return core.group('Attaching the persistent builder', async () => {
    const name = persistentBuilderName(inputs.repoName)
    const result = await attachBuilder(
      dockerCli,
      { name, repoName: inputs.repoName, volumePath: inputs.volumePath, driverOpts: inputs.builderDriverOpts, maxAgeMs: inputs.maxAge },
      core
    )
    if (result.state === 'unavailable') {
      // The build goes on with whatever builder the job has; only the speed-up is lost.
      core.warning(`The persistent builder ${name} is not used for this build: ${result.reason}`)
      return undefined
    }
    const outdated = buildkitWarning(result.buildkit)
    if (outdated) core.warning(outdated)
    await publishTable('Persistent builder', [
      ['builder', name],
      ['how', result.how],
      ['BuildKit', result.buildkit ?? 'unknown']
    ])
    return { name, volumePath: inputs.volumePath, maxSizeBytes: inputs.builderMaxSize, dryRun: inputs.dryRun }
  })
}

/** post: the builder's own cache back within builder-max-size; returns its size afterwards for the report. Never throws. */
export async function budgetStep(builder: BuilderState): Promise<number | undefined> {
  return core.group('Keeping the persistent builder within its budget', async () => {
    try {
      const known = builderRecord(builder.volumePath, builder.name)?.budgetFlag
      let bytes: number | undefined
      let flag = known
      if (builder.dryRun) {
        core.info(`dry-run: the cache of ${builder.name} is not pruned`)
        bytes = await builderCacheBytes(dockerCli, builder.name)
      } else {
        const budget = await keepWithinBudget(dockerCli, builder.name, builder.maxSizeBytes, known)
        const how = budget.flag ? ` (${budget.flag})` : ''
        if (budget.ok) core.info(`Builder ${builder.name} within ${formatBytes(builder.maxSizeBytes)}${how}: ${budget.detail}`)
        else core.warning(`The cache of builder ${builder.name} was not pruned to ${formatBytes(builder.maxSizeBytes)}: ${budget.detail}`)
        bytes = budget.bytes
        if (budget.ok) flag = budget.flag ?? known
      }
      await touchRecord(builder.volumePath, builder.name, core, Date.now(), flag ? { budgetFlag: flag } : {})
      return bytes
    } catch (error) {
      core.warning(`Persistent builder: ${error instanceof Error ? error.message : String(error)}`)
      return undefined
    }
  })
}

/** pre (or main without pre): remove this action's builders unused for their max-age. Never throws. */
export async function retireStep(inputs: Inputs): Promise<void> {
  if (!inputs.pruneBuilders) return
  try {
    const names = await retireUnusedBuilders(dockerCli, inputs.volumePath, { dryRun: inputs.dryRun }, core)
    const verb = inputs.dryRun ? 'would remove' : 'removed'
    for (const name of names) core.info(`${verb} unused persistent builder ${name}`)
  } catch (error) {
    core.warning(`Unused persistent builders were not removed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
