import type { Logger } from './log.js'

/**
 * What a report needs from whoever shows it: the Actions runner's log and step
 * summary (runner/actions.ts), or a terminal (cli/reporter.ts).
 */
export interface Reporter extends Logger {
  notice(message: string): void
  group<T>(title: string, work: () => Promise<T>): Promise<T>
  /** A two-column table of what a step did. */
  table(title: string, rows: Array<[string, string]>): Promise<void>
}

/**
 * The job's environment (GITHUB_*, ACTIONS_*, DOCKER_*, BUILDX_*) and clock: a
 * phase reads neither process.env nor the wall clock itself, so a test hands it
 * its own.
 */
export interface JobContext {
  readonly env: NodeJS.ProcessEnv
  now(): number
}

/** Everything a phase asks of the runner, so that a phase runs the same under any runner (and under a test's recording one). */
export interface Runner extends Reporter, JobContext {
  /** The input's value as written in the workflow, '' when absent. */
  input(name: string): string
  setOutput(name: string, value: string): void
  /** State handed from one phase to the next (pre → main → post); '' when absent. */
  saveState(key: string, value: string): void
  getState(key: string): string
  /** Masks a value wherever the runner prints it. */
  setSecret(value: string): void
  setFailed(message: string): void
}
