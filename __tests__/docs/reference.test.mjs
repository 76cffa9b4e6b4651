// docs/reference/ is generated from action.yml and the bundled CLI's --help (npm run docs); a stale page fails here.
import { expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bundledHelp, CLI_FILE, commandsOf, INPUTS_FILE, renderAll, renderCli, renderInputs, staleFiles } from '../../scripts/docs.mjs'
import { PROJECT_ROOT, readActionManifest } from '../../scripts/lib/runner-emulation.mjs'

const manifest = readActionManifest()
const read = (file) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')

test('docs/reference/inputs.md is exactly what action.yml generates (run `npm run docs`)', () => {
  expect(read(INPUTS_FILE)).toBe(renderInputs(manifest))
})

test('docs/reference/cli.md is exactly what dist/cli prints for --help (run `npm run docs` after `npm run package`)', () => {
  expect(read(CLI_FILE)).toBe(renderCli())
})

test('every input and output of action.yml has its row in the reference, and nothing else', () => {
  const page = read(INPUTS_FILE)
  const section = (heading) => {
    const from = page.indexOf(`\n## ${heading}\n`)
    const to = page.indexOf('\n## ', from + 1)
    return page.slice(from, to < 0 ? undefined : to)
  }
  const rows = (text) => [...text.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1])
  expect(rows(section('Inputs'))).toEqual(Object.keys(manifest.inputs))
  expect(rows(section('Outputs'))).toEqual(Object.keys(manifest.outputs))
})

test('the CLI reference has a section for every command the top-level help lists', () => {
  const commands = commandsOf(bundledHelp())
  expect(commands).toEqual(expect.arrayContaining(['status', 'gc', 'check', 'prune-builders', 'plan', 'registry', 'reset']))
  const headings = [...read(CLI_FILE).matchAll(/^## (\S+)$/gm)].map((m) => m[1])
  expect(headings).toEqual(commands)
})

test('a stale reference is caught: a changed description, a changed help text, a missing page', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-'))
  try {
    const rendered = renderAll()
    for (const [file, text] of Object.entries(rendered)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
      fs.writeFileSync(path.join(root, file), text)
    }
    expect(staleFiles(root, rendered)).toEqual([])

    const changedManifest = structuredClone(manifest)
    changedManifest.inputs['max-age'].description += ' (changed)'
    expect(staleFiles(root, renderAll({ manifest: changedManifest }))).toEqual([INPUTS_FILE])

    const changedHelp = (command) => bundledHelp(command).replace('Usage:', 'Usage (changed):')
    expect(staleFiles(root, renderAll({ help: changedHelp }))).toEqual([CLI_FILE])

    fs.rmSync(path.join(root, CLI_FILE))
    expect(staleFiles(root, rendered)).toEqual([CLI_FILE])
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
})

test('`node scripts/docs.mjs --check` exits 1 on a stale page and 0 once `npm run docs` rewrote it', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-'))
  const script = path.join(PROJECT_ROOT, 'scripts', 'docs.mjs')
  try {
    const write = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' })
    expect(write.status).toBe(0)
    expect(spawnSync(process.execPath, [script, '--check', '--root', root], { encoding: 'utf8' }).status).toBe(0)

    const page = path.join(root, INPUTS_FILE)
    fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('| `max-age` |', '| `max-agee` |'))
    const stale = spawnSync(process.execPath, [script, '--check', '--root', root], { encoding: 'utf8' })
    expect(stale.status).toBe(1)
    expect(stale.stderr).toContain(INPUTS_FILE)
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
})
