import * as core from '@actions/core'
import { tableText } from '../report/table-text.js'
import type { Runner } from '../runner-port.js'
import { errorMessage } from '../error-message.js'

/**
 * The Actions runner (GitHub, Gitea, Forgejo) through @actions/core. Tables go
 * to the step summary where the runner has one, and always to the log (Gitea
 * and Forgejo show no step summary).
 */
export const actionsRunner: Runner = {
  env: process.env,
  now: () => Date.now(),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  notice: (message) => core.notice(message),
  group: (title, work) => core.group(title, work),
  input: (name) => core.getInput(name),
  setOutput: (name, value) => core.setOutput(name, value),
  saveState: (key, value) => core.saveState(key, value),
  getState: (key) => core.getState(key),
  setSecret: (value) => core.setSecret(value),
  setFailed: (message) => core.setFailed(message),
  async table(title, rows) {
    core.info(tableText(title, rows))
    if (!actionsRunner.env.GITHUB_STEP_SUMMARY) return
    try {
      await core.summary
        .addHeading(title, 3)
        .addTable([
          [
            { data: 'item', header: true },
            { data: 'value', header: true }
          ],
          ...rows
        ])
        .write()
    } catch (error) {
      core.debug(`Step summary not written: ${errorMessage(error)}`)
    }
  }
}
