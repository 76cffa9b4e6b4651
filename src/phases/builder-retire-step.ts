import { retireUnusedBuilders, retireUnusedNodeBuilders } from '../builders/persistent/retire.js'
import type { Inputs } from '../config/inputs.js'
import { dockerCli } from '../runner/exec.js'
import type { Reporter } from '../runner-port.js'
import { storeProblem } from './builder-attach-step.js'
import { errorMessage } from '../error-message.js'

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
    runner.warning(`Unused persistent builders were not removed: ${errorMessage(error)}`)
  }
}
