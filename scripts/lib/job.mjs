// A CI job as users write it: the action, then docker/build-push-action fed
// with its cache-from / cache-to outputs, then the action's post step.
import { buildx } from './docker.mjs'
import { lines, runJob } from './runner-emulation.mjs'

/**
 * Runs one job on the real engine; `build` is undefined when main failed.
 * A non-empty `builder` output is passed as `--builder`, as build-push-action's
 * `builder:` does; `buildEnv` is the build step's environment (a job container's DOCKER_CONFIG).
 */
export async function buildJob({ volume, project, event, inputs = {}, platform = 'gitea', withPre = true, env = {}, phaseEnv = {}, node, actionFile, runtimes, beforeBuild, buildEnv }) {
  let build
  const job = await runJob({
    inputs: { 'volume-path': volume, ...inputs },
    event,
    platform,
    withPre,
    env,
    phaseEnv,
    node,
    actionFile,
    runtimes,
    steps: async (outputs) => {
      if (beforeBuild) await beforeBuild(outputs)
      const args = outputs.builder ? ['--builder', outputs.builder] : []
      build = await buildx(project, { cacheFrom: lines(outputs['cache-from']), cacheTo: lines(outputs['cache-to']), args, env: buildEnv })
      return { ok: build.ok }
    }
  })
  return { job, build, outputs: job.outputs }
}
