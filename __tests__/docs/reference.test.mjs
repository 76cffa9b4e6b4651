import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { renderReadme } from '../../scripts/docs.mjs'
import { PROJECT_ROOT, readActionManifest } from '../../scripts/lib/runner-emulation.mjs'

const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8')
const manifest = readActionManifest()

test("the README's input and output tables are exactly what action.yml says", () => {
  expect(renderReadme(readme)).toBe(readme)
})

test('every input and output of action.yml appears in the README tables, and nothing else', () => {
  const tableNames = (marker) =>
    [...readme.slice(readme.indexOf(`<!-- ${marker}:start`), readme.indexOf(`<!-- ${marker}:end`)).matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1])
  expect(tableNames('inputs')).toEqual(Object.keys(manifest.inputs))
  expect(tableNames('outputs')).toEqual(Object.keys(manifest.outputs))
})

test('a stale table is caught', () => {
  const stale = readme.replace('| `max-age` |', '| `max-agee` |')
  expect(renderReadme(stale)).not.toBe(stale)
})
