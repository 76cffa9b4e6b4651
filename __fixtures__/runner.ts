import { expect } from '@jest/globals'
import type { Runner } from '../src/runner-port.js'

/** A runner that records what a phase asks of it; state carries over from phase to phase, as the Actions runner's does. */
export interface RecordingRunner extends Runner {
  outputs: Record<string, string>
  state: Record<string, string>
  log: Array<{ level: 'info' | 'warning' | 'debug' | 'notice' | 'failed'; text: string }>
  tables: Array<{ title: string; rows: Array<[string, string]> }>
  secrets: string[]
}

/** `env` defaults to process.env itself (as the Actions runner's), `now` to the wall clock. */
export function recordingRunner(
  inputs: Record<string, string>,
  state: Record<string, string> = {},
  context: Partial<Pick<Runner, 'env' | 'now'>> = {}
): RecordingRunner {
  const runner: RecordingRunner = {
    env: context.env ?? process.env,
    now: context.now ?? (() => Date.now()),
    outputs: {},
    state: { ...state },
    log: [],
    tables: [],
    secrets: [],
    input: (name) => inputs[name] ?? '',
    setOutput: (name, value) => void (runner.outputs[name] = value),
    saveState: (key, value) => void (runner.state[key] = value),
    getState: (key) => runner.state[key] ?? '',
    setSecret: (value) => void runner.secrets.push(value),
    setFailed: (text) => void runner.log.push({ level: 'failed', text }),
    info: (text) => void runner.log.push({ level: 'info', text }),
    warning: (text) => void runner.log.push({ level: 'warning', text }),
    debug: (text) => void runner.log.push({ level: 'debug', text }),
    notice: (text) => void runner.log.push({ level: 'notice', text }),
    group: (_title, work) => work(),
    table: (title, rows) => Promise.resolve(void runner.tables.push({ title, rows }))
  }
  return runner
}

/** What the phase said at one level, in order. */
export function said(runner: RecordingRunner, level: RecordingRunner['log'][number]['level']): string[] {
  return runner.log.filter((entry) => entry.level === level).map(({ text }) => text)
}

/** The rows of the one table the phase showed under `title`. */
export function shownTable(runner: RecordingRunner, title: string): Array<[string, string]> {
  const shown = runner.tables.filter((table) => table.title === title)
  expect(shown).toHaveLength(1)
  return shown[0].rows
}
