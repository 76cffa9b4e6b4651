import type { BuildSteps } from '../builders/persistent/buildx-output.js'
import { buildSteps } from '../builders/persistent/history.js'
import { STEPS_CACHED_OUTPUT } from '../config/names.js'
import { dockerCli } from '../runner/exec.js'
import type { Runner } from '../runner-port.js'
import type { BuilderState } from './builder-attach-step.js'
import { errorMessage } from '../error-message.js'

/** post: this job's builds with their cached steps; undefined where buildx keeps no history (0.13). Never throws. */
export async function readSteps(builder: BuilderState, runner: Pick<Runner, 'debug'>): Promise<BuildSteps[] | undefined> {
  if (builder.sinceMs === undefined) return undefined
  try {
    return await buildSteps(dockerCli, builder.name, builder.sinceMs)
  } catch (error) {
    runner.debug(`Build history not read: ${errorMessage(error)}`)
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
