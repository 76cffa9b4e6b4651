import { spawn } from 'node:child_process'
import type { DockerCli } from '../docker-cli.js'

/** The docker CLI for the command-line tool, which runs outside any runner: plain child_process, not @actions/exec. */
export const spawnDocker: DockerCli = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
