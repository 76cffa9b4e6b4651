import * as core from '@actions/core'
import { getInputs } from '../runner/inputs.js'
import { STATE_KEYS } from '../config/names.js'
import { retireStep } from './builder-step.js'
import { pruneStep } from './prune-step.js'

export async function run(): Promise<void> {
  try {
    const { inputs } = getInputs()
    const pruned = await pruneStep(inputs)
    await retireStep(inputs)
    core.saveState(STATE_KEYS.buildersPruned, String(pruned))
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
