import fs from 'node:fs'
import { errorMessage } from '../error-message.js'
import { builderCacheRow, cacheActivityOutputs, cacheActivityRows } from '../report/cache-activity.js'
import { actionsRunner } from '../runner/actions.js'
import { loadJobState, type JobState } from '../runner/state.js'
import type { Reporter, Runner } from '../runner-port.js'
import { budgetStep } from './builder-budget-step.js'
import { reportSteps } from './builder-history-step.js'
import { hostRow, hostStep } from './host-step.js'
import { planPost, type PostPlan } from './post-plan.js'
import { promoteStep, type PromotionSeen } from './promote-step.js'
import { checkRegistryExport } from './registry-cache.js'
import { builderSteps, readBuildRecords, worthStep } from './worth-step.js'

type LocalPlan = NonNullable<PostPlan['local']>

/** The bake definition lives only as long as the job. */
function removeBakeFile(file: string, runner: Reporter): void {
  try {
    fs.rmSync(file, { force: true })
  } catch (error) {
    runner.debug(`Bake file ${file} not removed: ${errorMessage(error)}`)
  }
}

/** The persistent builder without a store to promote into (no volume): its own cache is the whole report. */
async function builderAloneReport(state: JobState, builderCacheBytes: number | undefined, runner: Runner): Promise<void> {
  if (!state.builder || builderCacheBytes === undefined) return
  await runner.table('Persistent builder cache', [builderCacheRow(builderCacheBytes, state.builder.maxSizeBytes)])
}

/** Promotion into the store, then the host budget outside the store's lock (the host pass takes each store's lock in turn); the table and outputs. */
async function localStep(local: LocalPlan, state: JobState, runner: Runner, builderCacheBytes: number | undefined, seen: PromotionSeen): Promise<void> {
  const activity = await runner.group('Promoting the new cache', () => promoteStep(local, state, runner, builderCacheBytes, seen))
  const host = await hostStep(state, local.protect, runner, seen.caches)
  for (const [name, value] of Object.entries(cacheActivityOutputs(activity))) runner.setOutput(name, value)
  await runner.table('Build cache promotion', [...cacheActivityRows(activity), ...(host ? [hostRow(host)] : [])])
}

/** Applies post's plan (post-plan.ts). Post never fails the job: the build already succeeded or failed on its own merits. */
export async function run(runner: Runner = actionsRunner): Promise<void> {
  const postStartMs = runner.now()
  try {
    const state = loadJobState(runner)
    if (!state) {
      runner.info('Nothing to do: main did not prepare a cache')
      return
    }
    const plan = planPost(state)
    if (plan.bakeFile) removeBakeFile(plan.bakeFile, runner)
    // buildx history ls (~0.1 s) runs while the store's work is done; only a budget prune waits for it.
    const records = readBuildRecords(state, runner)
    const steps = state.builder ? records.then((found) => builderSteps(found, state.builder?.sinceMs)) : undefined
    const builderCacheBytes = plan.builderBudget && state.builder ? await budgetStep(state.builder, runner, { beforePrune: steps }) : undefined
    const seen: PromotionSeen = {}
    if (plan.local) await localStep(plan.local, state, runner, builderCacheBytes, seen)
    if (plan.builderReportAlone) await builderAloneReport(state, builderCacheBytes, runner)
    if (plan.registryCheck) {
      const rows = await runner.group('Checking the registry cache export', () => checkRegistryExport(state, runner))
      if (rows.length > 0) await runner.table('Build cache export', rows)
    }
    await reportSteps(await steps, runner)
    await worthStep(state, records, seen.exports ?? [], runner, postStartMs)
  } catch (error) {
    runner.warning(`Cache post step: ${errorMessage(error)}`)
  }
}
