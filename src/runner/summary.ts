import * as core from '@actions/core'

/**
 * Writes a two-column table to the step summary where the runner has one,
 * and always to the log (Gitea and Forgejo show no step summary).
 */
export async function publishTable(title: string, rows: Array<[string, string]>): Promise<void> {
  const width = Math.max(...rows.map(([name]) => name.length))
  core.info(`${title}\n${rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n')}`)
  if (!process.env.GITHUB_STEP_SUMMARY) return
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
    core.debug(`Step summary not written: ${(error as Error).message}`)
  }
}
