import fs from 'node:fs'
import path from 'node:path'
import type { DockerCli } from '../../docker-cli.js'
import { builderContainer } from '../buildx-names.js'
import { parseDuTotal } from './buildx-output.js'

/**
 * The builder's whole cache as BuildKit totals it, asked in its node
 * container: `buildctl` is there for every docker-container builder (buildx
 * dials it through `buildctl dial-stdio`). One exec costs 50-90 ms, nearly
 * all of it docker starting a process in the container (an exec of `true`
 * costs as much), where `docker buildx du` costs 110-170 ms. So pre starts
 * it in the background (startCacheProbe) and main reads what it found
 * (awaitCacheProbe): the exec runs beside the job's own steps, not before its
 * build. Main asks itself only when pre did not run or gave no answer.
 */

/** `bytes` undefined when it cannot be told; `nodeDown` when that is because the node container was not running (or not there): attach may start it, so asking again after it can tell. Any other failure (an image without buildctl) would fail again. */
export interface CacheTotal {
  bytes: number | undefined
  nodeDown: boolean
}

/** docker exec's own refusals when the container does not run or does not exist (exit 1, where the command's own failures exit 126/127 or its code). */
const NODE_DOWN = /is not running|No such container|is paused|is restarting/i

export function cacheProbeArgs(name: string): string[] {
  return ['exec', builderContainer(name), 'buildctl', 'du']
}

/** What an exec of cacheProbeArgs says; undefined while it is still running (no total and nothing on stderr yet). */
export function cacheTotalOf(stdout: string, stderr: string, exitCode?: number): CacheTotal | undefined {
  const bytes = parseDuTotal(stdout)
  if (bytes !== undefined) return { bytes, nodeDown: false }
  if (exitCode === undefined && stderr.trim() === '') return undefined
  return { bytes: undefined, nodeDown: NODE_DOWN.test(stderr) }
}

/** Asks now and waits for the answer. */
export async function builderCacheTotal(cli: DockerCli, name: string): Promise<CacheTotal> {
  try {
    const result = await cli(cacheProbeArgs(name))
    return cacheTotalOf(result.stdout, result.stderr, result.code) ?? { bytes: undefined, nodeDown: false }
  } catch {
    return { bytes: undefined, nodeDown: false }
  }
}

/** Starts a docker command that outlives the phase, its output into two files (runner/exec.ts startDetached). */
export type StartDetached = (args: string[], stdoutFile: string, stderrFile: string) => void

const OUT = 'du.out'
const ERR = 'du.err'

/** pre: starts the probe in `dir` (a new folder of the job's own) and returns at once. */
export function startCacheProbe(start: StartDetached, name: string, dir: string): void {
  start(cacheProbeArgs(name), path.join(dir, OUT), path.join(dir, ERR))
}

/** The answer in `dir`, undefined while the probe runs; throws when pre left no files there. */
function answerIn(dir: string): CacheTotal | undefined {
  return cacheTotalOf(fs.readFileSync(path.join(dir, OUT), 'utf8'), fs.readFileSync(path.join(dir, ERR), 'utf8'))
}

/** How often main looks for pre's answer while the probe still runs. */
const POLL_MS = 10

/**
 * main: what pre's probe in `dir` found, waited for up to `waitMs` while it
 * still runs (a job whose main follows pre at once): one exec finishing beats
 * a second one beside it. Undefined when no answer came in time or pre left
 * nothing; the folder is removed either way.
 */
export async function awaitCacheProbe(dir: string, waitMs: number): Promise<CacheTotal | undefined> {
  const deadline = performance.now() + waitMs
  try {
    for (;;) {
      const answer = answerIn(dir)
      if (answer || performance.now() >= deadline) return answer
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  } catch {
    return undefined
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
