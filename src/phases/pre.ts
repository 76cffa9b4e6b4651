import * as core from '@actions/core'
import { getInputs } from '../runner/inputs.js'
import { STATE_KEYS } from '../config/names.js'
import { retireStep } from './builder-step.js'
import { pruneStep } from './prune-step.js'

export async function run(): Promise<void> {
  try {
    const { inputs } = getInputs()
    // Independent docker work (stale setup-buildx builders; this action's unused ones): at once, not one after the other.
    const [pruned] = await Promise.all([pruneStep(inputs), retireStep(inputs)])
    core.saveState(STATE_KEYS.buildersPruned, String(pruned))
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
