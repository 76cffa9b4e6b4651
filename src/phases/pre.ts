import { STATE_KEYS } from '../config/names.js'
import { actionsRunner } from '../runner/actions.js'
import { getInputs } from '../runner/inputs.js'
import type { Runner } from '../runner-port.js'
import { retireStep } from './builder-retire-step.js'
import { pruneStep } from './prune-step.js'
import { startProbeStep } from './cache-probe-step.js'
import { errorMessage } from '../error-message.js'

export async function run(runner: Runner = actionsRunner): Promise<void> {
  try {
    const { inputs } = getInputs(runner)
    startProbeStep(inputs, runner)
    // Independent docker work (stale setup-buildx builders; this action's unused ones): at once, not one after the other.
    const [pruned] = await Promise.all([pruneStep(inputs, runner), retireStep(inputs, runner)])
    runner.saveState(STATE_KEYS.buildersPruned, String(pruned))
  } catch (error) {
    runner.setFailed(errorMessage(error))
  }
}
