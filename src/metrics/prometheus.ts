/**
 * The Prometheus text exposition format (version 0.0.4), as node_exporter's
 * textfile collector reads it: a HELP and TYPE line per family, then one line
 * per sample. Pure.
 */

export interface Sample {
  labels?: Record<string, string>
  value: number
}

export interface Family {
  name: string
  help: string
  type: 'gauge' | 'counter'
  samples: Sample[]
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

function sampleLine(name: string, { labels = {}, value }: Sample): string {
  const pairs = Object.entries(labels).map(([label, text]) => {
    if (!LABEL.test(label)) throw new Error(`metric ${name}: label name ${JSON.stringify(label)} is not [a-zA-Z_][a-zA-Z0-9_]*`)
    return `${label}="${escapeLabel(text)}"`
  })
  return `${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${value}`
}

/** Families in the order given; a sample that is not a finite number is left out (never written as NaN: it would read as a figure). */
export function renderFamilies(families: Family[]): string {
  const lines: string[] = []
  for (const family of families) {
    if (!NAME.test(family.name)) throw new Error(`metric name ${JSON.stringify(family.name)} is not [a-zA-Z_:][a-zA-Z0-9_:]*`)
    const samples = family.samples.filter(({ value }) => Number.isFinite(value))
    if (samples.length === 0) continue
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`)
    for (const sample of samples) lines.push(sampleLine(family.name, sample))
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}
