// Writes the generated references: docs/reference/inputs.md from action.yml (the one
// source of names, defaults and descriptions) and docs/reference/cli.md from what the
// bundled CLI (dist/cli) prints for --help. `--check` exits 1 when either differs;
// `--root DIR` reads and writes the docs under DIR instead of the project.
// Also exports the link check the docs suite runs over every page.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT, readActionManifest } from './lib/runner-emulation.mjs'

export const INPUTS_FILE = 'docs/reference/inputs.md'
export const CLI_FILE = 'docs/reference/cli.md'
const CLI_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js')

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

const GENERATED = (source) => `<!-- Generated from ${source} by \`npm run docs\` (scripts/docs.mjs): do not edit. A test fails when it is stale. -->`

/** docs/reference/inputs.md: both tables, with what every input shares. */
export function renderInputs(manifest = readActionManifest()) {
  const { inputs, outputs } = referenceTables(manifest)
  return `${GENERATED('action.yml')}

# Inputs and outputs

Every input is optional. The same names, defaults and descriptions hold for
\`node20/action.yml\`, the variant for runners that reject \`node24\`.

## Inputs

${inputs}

A bad value fails the step with a message naming the input, the value and what
is allowed, e.g. \`Input 'max-size' has an invalid value '10': a positive size
with a unit is allowed, such as 500MiB, 10GiB or 20GB\`. Sizes take \`GiB\`/\`MiB\`
(binary) or \`GB\`/\`MB\` (decimal); durations \`s\`, \`m\`, \`h\`, \`d\`, \`w\`;
both need a unit.

## Outputs

${outputs}

\`cache-from\` and \`cache-to\` are newline lists, one cache entry a line, exactly
what \`docker/build-push-action\` takes. Outputs set by post (\`cache-size\`,
\`cache-new-bytes\`, \`steps-cached\`) are for charting: post runs after every
step of the job, so no step of the same job can read them.
`
}

/** What `node dist/cli/index.js [command] --help` prints. */
export function bundledHelp(command) {
  return execFileSync(process.execPath, [CLI_BUNDLE, ...(command ? [command] : []), '--help'], { encoding: 'utf8' })
}

/** The command names the top-level help lists under "Commands:". */
export function commandsOf(topHelp) {
  const lines = topHelp.split('\n')
  const from = lines.findIndex((line) => /^Commands:\s*$/.test(line))
  if (from < 0) throw new Error('the CLI help lists no "Commands:"')
  const names = []
  for (const line of lines.slice(from + 1)) {
    if (line.trim() === '') break
    const name = /^ {2}([a-z][a-z-]*)\s{2,}/.exec(line)?.[1]
    if (name) names.push(name)
  }
  return names
}

/** docs/reference/cli.md: the top-level help, then each command's, verbatim. */
export function renderCli(help = bundledHelp) {
  const top = help(undefined)
  const sections = commandsOf(top).map((command) => `## ${command}\n\n\`\`\`text\n${help(command).trimEnd()}\n\`\`\``)
  return `${GENERATED('the --help text of dist/cli/index.js')}

# Command-line reference

What \`node dist/cli/index.js <command> --help\` prints, for every command. The
guide to when to use which is [the command-line tool](../command-line.md).

\`\`\`text
${top.trimEnd()}
\`\`\`

${sections.join('\n\n')}
`
}

/** Every generated file, by its path from the project root. */
export function renderAll({ manifest, help } = {}) {
  return { [INPUTS_FILE]: renderInputs(manifest), [CLI_FILE]: renderCli(help) }
}

/** The generated files under `root` that differ from `rendered` (missing ones included). */
export function staleFiles(root = PROJECT_ROOT, rendered = renderAll()) {
  return Object.entries(rendered)
    .filter(([file, text]) => {
      const target = path.join(root, file)
      return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text
    })
    .map(([file]) => file)
}

// --- Links -------------------------------------------------------------------

/** GitHub's anchor for a heading: lowercase, punctuation dropped except - and _, each space a -. */
export function slug(heading) {
  return heading
    .replace(/<[^>]+>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** The page's lines, those inside fenced code blocks blanked: no heading or link lives there. */
function outsideFences(text) {
  let fence
  return text.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined
      return ''
    }
    if (marker) fence = marker
    return marker ? '' : line
  })
}

/** The anchors a page offers: its headings' slugs (a repeated one gets -1, -2, ...) and explicit ids. */
export function anchorsOf(text) {
  const anchors = new Set()
  const seen = new Map()
  for (const line of outsideFences(text)) {
    const heading = /^\s{0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/.exec(line)?.[1]
    if (heading) {
      const base = slug(heading)
      const count = seen.get(base) ?? 0
      seen.set(base, count + 1)
      anchors.add(count === 0 ? base : `${base}-${count}`)
    }
    for (const [, id] of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id)
  }
  return anchors
}

/** Relative link targets of a page: inline links and images, and reference definitions, outside code. External ones are left out. */
export function linksOf(text) {
  const plain = outsideFences(text)
    .map((line) => line.replace(/(`+)[\s\S]*?\1/g, ''))
    .join('\n')
  const targets = [
    ...[...plain.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...plain.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1])
  ]
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
}

/**
 * Problems with the relative links of `pages` ({path from root: text}): a
 * target file or folder that does not exist, or an #anchor its Markdown page
 * does not have. Pages not given are read from `root`.
 */
export function linkProblems(pages, root = PROJECT_ROOT) {
  const anchorCache = new Map()
  const anchorsFor = (file) => {
    if (!anchorCache.has(file)) {
      const text = pages[file] ?? fs.readFileSync(path.join(root, file), 'utf8')
      anchorCache.set(file, anchorsOf(text))
    }
    return anchorCache.get(file)
  }
  const exists = (file) => file in pages || fs.existsSync(path.join(root, file))
  const problems = []
  for (const [page, text] of Object.entries(pages)) {
    for (const target of linksOf(text)) {
      const hash = target.indexOf('#')
      const filePart = decodeURI(hash < 0 ? target : target.slice(0, hash))
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1))
      const file = filePart === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), filePart)).replace(/\/$/, '')
      if (file.startsWith('..') || !exists(file)) {
        problems.push(`${page}: ${target}: ${file} does not exist`)
        continue
      }
      if (anchor === undefined || anchor === '') continue
      if (!file.endsWith('.md')) problems.push(`${page}: ${target}: only Markdown pages have anchors here`)
      else if (!anchorsFor(file).has(anchor)) problems.push(`${page}: ${target}: ${file} has no heading for #${anchor}`)
    }
  }
  return problems
}

/** The project's own pages: README.md, CONTRIBUTING.md and docs/**\/*.md, by path from root. */
export function projectPages(root = PROJECT_ROOT) {
  const pages = {}
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const file = path.posix.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.name.endsWith('.md')) pages[file] = fs.readFileSync(path.join(root, file), 'utf8')
    }
  }
  for (const file of ['README.md', 'CONTRIBUTING.md']) pages[file] = fs.readFileSync(path.join(root, file), 'utf8')
  walk('docs')
  return pages
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(PROJECT_ROOT, 'scripts', 'docs.mjs')) {
  const rootFlag = process.argv.indexOf('--root')
  const root = rootFlag > 0 ? path.resolve(process.argv[rootFlag + 1]) : PROJECT_ROOT
  const rendered = renderAll()
  if (process.argv.includes('--check')) {
    const stale = staleFiles(root, rendered)
    if (stale.length > 0) {
      console.error(`${stale.join(', ')} differ from action.yml and the CLI's --help: run \`npm run docs\``)
      process.exit(1)
    }
  } else {
    for (const [file, text] of Object.entries(rendered)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
      fs.writeFileSync(path.join(root, file), text)
    }
  }
}
