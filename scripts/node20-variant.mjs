// Writes node20/action.yml from action.yml: the same inputs, outputs and defaults,
// `runs.using: node20`, and the bundle paths made relative to node20/ (act and
// GitHub's runner resolve pre/main/post against the folder holding the action file,
// and check out the whole repository). For runners that reject node24:
// act_runner < 0.2.13, Forgejo runner < 9.1. `--check` exits 1 when the file is stale.
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { PROJECT_ROOT } from './lib/runner-emulation.mjs'

export const VARIANT_DIR = 'node20'
export const VARIANT_FILE = path.posix.join(VARIANT_DIR, 'action.yml')
const PHASES = ['pre', 'main', 'post']

/** The variant's text: action.yml's own lines, only `runs:` rewritten, so comments and layout carry over. */
export function renderVariant(source) {
  const lines = source.split('\n')
  const start = lines.findIndex((line) => /^runs:\s*$/.test(line))
  if (start < 0) throw new Error('action.yml has no top-level runs: section')
  let end = lines.findIndex((line, i) => i > start && /^\S/.test(line))
  if (end < 0) end = lines.length
  for (let i = start + 1; i < end; i++) {
    lines[i] = lines[i]
      .replace(/^(\s+using:\s*)['"]?node\d+['"]?\s*$/, '$1node20')
      .replace(/^(\s+(pre|main|post):\s*)['"]?([^'"\s]+)['"]?\s*$/, (_, key, _phase, file) => key + path.posix.relative(VARIANT_DIR, file))
  }
  const text = [
    `# Generated from ../action.yml by scripts/node20-variant.mjs (npm run action:node20): do not edit.`,
    `# For runners that reject node24 (act_runner < 0.2.13, Forgejo runner < 9.1):`,
    `#   uses: <host>/<owner>/<repo>/node20@v1`,
    ...lines
  ].join('\n')
  checkVariant(YAML.parse(source), YAML.parse(text))
  return text
}

/** Throws unless the variant declares what the original does and runs the same bundles under node20. */
export function checkVariant(original, variant) {
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
  if (!same(original.inputs, variant.inputs) || !same(original.outputs, variant.outputs))
    throw new Error('node20 variant: inputs or outputs differ from action.yml')
  if (variant.runs.using !== 'node20') throw new Error(`node20 variant: runs.using is ${variant.runs.using}`)
  const rest = (runs) => Object.fromEntries(Object.entries(runs).filter(([key]) => !['using', ...PHASES].includes(key)))
  if (!same(rest(original.runs), rest(variant.runs))) throw new Error('node20 variant: runs conditions differ from action.yml')
  for (const phase of PHASES) {
    if (!original.runs[phase]) continue
    const want = path.posix.normalize(original.runs[phase])
    const got = path.posix.join(VARIANT_DIR, variant.runs[phase])
    if (got !== want) throw new Error(`node20 variant: runs.${phase} resolves to ${got}, action.yml runs ${want}`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(PROJECT_ROOT, 'scripts', 'node20-variant.mjs')) {
  const target = path.join(PROJECT_ROOT, VARIANT_FILE)
  const rendered = renderVariant(fs.readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8'))
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : ''
  if (process.argv.includes('--check')) {
    if (rendered !== current) {
      console.error(`${VARIANT_FILE} differs from what action.yml generates: run \`npm run action:node20\``)
      process.exit(1)
    }
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, rendered)
  }
}
