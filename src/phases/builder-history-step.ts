import type { BuildSteps } from '../history/build-records.js'
import { STEPS_CACHED_OUTPUT } from '../config/names.js'
import type { Runner } from '../runner-port.js'

/** post: "N of M steps cached" per build, a row each and the steps-cached output; nothing without a history, never a guess. */
export async function reportSteps(builds: BuildSteps[] | undefined, runner: Pick<Runner, 'setOutput' | 'table'>): Promise<void> {
  if (!builds || builds.length === 0) return
  runner.setOutput(STEPS_CACHED_OUTPUT, builds.map(({ cached, total }) => `${cached}/${total}`).join('\n'))
  await runner.table(
    'Persistent builder steps',
    builds.map(({ name, cached, total }, i): [string, string] => [`build ${i + 1}${name ? ` (${name})` : ''}`, `${cached} of ${total} steps cached`])
  )
}
