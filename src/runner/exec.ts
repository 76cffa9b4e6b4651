import * as core from '@actions/core'
import * as exec from '@actions/exec'
import * as io from '@actions/io'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { DockerUnavailable, type DockerCli } from '../docker-cli.js'
import { errorMessage } from '../error-message.js'

/**
 * The one place that runs commands: quiet, and a non-zero exit is a result, not an exception.
 * A job container without the docker CLI is common (act_runner's default images): that is
 * said in one plain sentence instead of exec's "Unable to locate executable file" paragraph.
 */
export const dockerCli: DockerCli = async (args) => {
  if (!(await io.which('docker', false))) {
    throw new DockerUnavailable(
      'docker CLI not found on PATH; install it in the job container (or mount the host one) for builder pruning, or set prune-builders: false'
    )
  }
  const started = Date.now()
  const { exitCode, stdout, stderr } = await exec.getExecOutput('docker', args, { silent: true, ignoreReturnCode: true })
  // Every docker call is a process start (~70 ms here): the debug log shows what each phase spends them on.
  core.debug(`docker ${args.slice(0, 3).join(' ')}: exit ${exitCode} in ${Date.now() - started} ms`)
  return { code: exitCode, stdout, stderr }
}

/**
 * Starts docker in the background and returns at once: its output goes to two
 * files, not to the phase's own (the runner waits for those to close), and it
 * outlives the phase in a process group of its own. A docker that cannot be
 * started (none on the job's PATH) throws and leaves no files. `env` is the job's.
 */
export function startDetached(args: string[], stdoutFile: string, stderrFile: string, env: NodeJS.ProcessEnv): void {
  const out = fs.openSync(stdoutFile, 'w', 0o600)
  const err = fs.openSync(stderrFile, 'w', 0o600)
  let started: boolean
  try {
    const child = spawn('docker', args, { detached: true, stdio: ['ignore', out, err], env })
    // Its 'error' comes a tick later; a child with no pid was never started (no docker on the job's PATH).
    child.on('error', () => undefined)
    child.unref()
    started = child.pid !== undefined
  } finally {
    fs.closeSync(out)
    fs.closeSync(err)
  }
  if (!started) {
    for (const file of [stdoutFile, stderrFile]) fs.rmSync(file, { force: true })
    throw new DockerUnavailable('docker CLI not found on PATH')
  }
}

/** Runs a Docker credential helper's `get`, the server URL on its standard input; a missing program is a result too. */
export async function credentialHelperGet(program: string, serverUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { exitCode, stdout, stderr } = await exec.getExecOutput(program, ['get'], { silent: true, ignoreReturnCode: true, input: Buffer.from(serverUrl) })
    return { code: exitCode, stdout, stderr }
  } catch (error) {
    return { code: 127, stdout: '', stderr: errorMessage(error) }
  }
}
