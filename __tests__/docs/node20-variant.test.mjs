// node20/action.yml is generated from action.yml; a stale or hand-edited variant fails here.
import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { checkVariant, renderVariant, VARIANT_FILE } from '../../scripts/node20-variant.mjs'
import { ACTION_FILES, PROJECT_ROOT, readActionManifest } from '../../scripts/lib/runner-emulation.mjs'

const source = fs.readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')

test('node20/action.yml is exactly what action.yml generates (run `npm run action:node20`)', () => {
  expect(fs.readFileSync(path.join(PROJECT_ROOT, VARIANT_FILE), 'utf8')).toBe(renderVariant(source))
})

test('the main action file runs node24, the variant node20, with the same inputs, outputs and defaults', () => {
  const [main, variant] = ACTION_FILES.map((file) => readActionManifest(PROJECT_ROOT, file))
  expect(main.runs.using).toBe('node24')
  expect(variant.runs.using).toBe('node20')
  expect(variant.inputs).toEqual(main.inputs)
  expect(variant.outputs).toEqual(main.outputs)
})

test("each phase of both files resolves, from the file's own folder, to the same committed bundle", () => {
  for (const phase of ['pre', 'main', 'post']) {
    const [fromMain, fromVariant] = ACTION_FILES.map((file) =>
      path.resolve(PROJECT_ROOT, path.dirname(file), readActionManifest(PROJECT_ROOT, file).runs[phase])
    )
    expect(fromVariant).toBe(fromMain)
    expect(fs.existsSync(fromMain)).toBe(true)
  }
})

test('the check catches a variant that drifted', () => {
  const original = YAML.parse(source)
  const variant = YAML.parse(renderVariant(source))
  expect(() => checkVariant(original, variant)).not.toThrow()
  expect(() => checkVariant(original, { ...variant, inputs: { ...variant.inputs, extra: {} } })).toThrow(/inputs or outputs differ/)
  expect(() => checkVariant(original, { ...variant, runs: { ...variant.runs, main: 'dist/main/index.js' } })).toThrow(/runs.main resolves to node20\/dist/)
  expect(() => checkVariant(original, { ...variant, runs: { ...variant.runs, using: 'node24' } })).toThrow(/runs.using is node24/)
  const changedDefault = source.replace(/default: '?max'?\n/, 'default: min\n')
  expect(changedDefault).not.toBe(source)
  expect(renderVariant(changedDefault)).not.toBe(fs.readFileSync(path.join(PROJECT_ROOT, VARIANT_FILE), 'utf8'))
})
