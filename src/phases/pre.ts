import * as core from '@actions/core'
import { getInputs } from '../runner/inputs.js'
import { pruneStep, PRUNED_STATE } from './prune-step.js'

export async function run(): Promise<void> {
  try {
    const { inputs } = getInputs()
    const pruned = await pruneStep(inputs)
    core.saveState(PRUNED_STATE, String(pruned))
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
