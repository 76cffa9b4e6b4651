// A CI job as users write it: the action, then docker/build-push-action fed
// with its cache-from / cache-to outputs, then the action's post step.
import fs from 'node:fs'
import { bake, bakeTakesAllow, buildx } from './docker.mjs'
import { lines, runJob } from './runner-emulation.mjs'

/**
 * Runs one job on the real engine; `build` is undefined when main failed.
 * A non-empty `builder` output is passed as `--builder`, as build-push-action's
 * `builder:` does; `buildEnv` is the build step's environment (a job container's DOCKER_CONFIG).
 */
export async function buildJob({
  volume,
  project,
  event,
  inputs = {},
  platform = 'gitea',
  withPre = true,
  env = {},
  phaseEnv = {},
  node,
  actionFile,
  runtimes,
  beforeBuild,
  buildEnv
}) {
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

/**
 * A bake job: the action with bake-targets, then `docker buildx bake -f
 * docker-bake.hcl -f <bake-file>` (what docker/bake-action runs with
 * `files:`), after `--print` shows what buildx itself makes of the two files.
 */
export async function bakeJob({ volume, project, event, targets = ['api', 'worker'], inputs = {}, platform = 'gitea', env = {} }) {
  let build
  let printed
  let definition
  const job = await runJob({
    inputs: { 'volume-path': volume, 'bake-targets': targets.join('\n'), ...inputs },
    event,
    platform,
    env,
    steps: async (outputs) => {
      const files = ['docker-bake.hcl', outputs['bake-file']]
      definition = JSON.parse(fs.readFileSync(outputs['bake-file'], 'utf8'))
      // What the README tells users of newer buildx: the store as a file-system entitlement.
      const allow = outputs['cache-dir'] && bakeTakesAllow() ? ['--allow', `fs=${outputs['cache-dir']}`] : []
      const print = await bake(project, { files, targets, args: ['--print'] })
      printed = print.ok ? JSON.parse(print.stdout) : { error: print.output }
      build = await bake(project, { files, targets, args: allow })
      return { ok: build.ok }
    }
  })
  return { job, build, printed, definition, outputs: job.outputs, postOutputs: job.post?.outputs ?? {} }
}
