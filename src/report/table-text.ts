/** The widest cell of each column. */
function columnWidths(rows: readonly string[][]): number[] {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return widths
}

/** One row, each cell padded to its column's width, two spaces apart; nothing trails the line. */
const alignedLine = (cells: string[], widths: number[]) =>
  cells
    .map((cell, i) => cell.padEnd(widths[i]))
    .join('  ')
    .trimEnd()

/** A two-column table as text, for a log or a terminal: the title, then one aligned row per line. */
export function tableText(title: string, rows: Array<[string, string]>): string {
  const widths = columnWidths(rows)
  return [title, ...rows.map((row) => `  ${alignedLine(row, widths)}`)].join('\n')
}

/** A plain text table for the command line: the header, a rule under each column, then the rows. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = columnWidths([header, ...rows])
  return [header, widths.map((width) => '-'.repeat(width)), ...rows].map((row) => alignedLine(row, widths)).join('\n')
}
