import * as exec from '@actions/exec'
import type { DockerCli } from '../builders/prune.js'

/** The one place that runs commands: quiet, and a non-zero exit is a result, not an exception. */
export const dockerCli: DockerCli = async (args) => {
  const { exitCode, stdout, stderr } = await exec.getExecOutput('docker', args, { silent: true, ignoreReturnCode: true })
  return { code: exitCode, stdout, stderr }
}
