/** A two-column table as text, for a log or a terminal: the title, then one aligned row per line. */
export function tableText(title: string, rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([name]) => name.length))
  return `${title}\n${rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n')}`
}
