// Writes the README's input and output tables from action.yml (the one source
// of names, defaults and descriptions). `--check` exits 1 when the README differs.
import fs from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT, readActionManifest } from './lib/runner-emulation.mjs'

const README = path.join(PROJECT_ROOT, 'README.md')
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

export function referenceTables(manifest = readActionManifest()) {
  const inputs = [
    '| input | default | description |',
    '|---|---|---|',
    ...Object.entries(manifest.inputs).map(
      ([name, spec]) => `| \`${name}\` | ${spec.default ? `\`${cell(spec.default)}\`` : '—'} | ${cell(spec.description)} |`
    )
  ].join('\n')
  const outputs = [
    '| output | description |',
    '|---|---|',
    ...Object.entries(manifest.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`)
  ].join('\n')
  return { inputs, outputs }
}

export function renderReadme(text, tables = referenceTables()) {
  let result = text
  for (const [name, table] of Object.entries(tables)) {
    const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`)
    if (!pattern.test(result)) throw new Error(`README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`)
    result = result.replace(pattern, (_, start, end) => `${start}\n${table}\n${end}`)
  }
  return result
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(PROJECT_ROOT, 'scripts', 'docs.mjs')) {
  const current = fs.readFileSync(README, 'utf8')
  const rendered = renderReadme(current)
  if (process.argv.includes('--check')) {
    if (rendered !== current) {
      console.error('README.md reference tables differ from action.yml: run `npm run docs`')
      process.exit(1)
    }
  } else {
    fs.writeFileSync(README, rendered)
  }
}
