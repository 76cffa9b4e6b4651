import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import YAML from 'yaml'
import { INPUT_DEFAULTS, OUTPUT_NAMES } from '../../../src/config/names.js'

interface Manifest {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}

const manifest = YAML.parse(fs.readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as Manifest

test('the code reads exactly the inputs of action.yml, with its defaults, in its order', () => {
  const declared = Object.fromEntries(Object.entries(manifest.inputs).map(([name, input]) => [name, String(input.default ?? '')]))
  expect(Object.entries(INPUT_DEFAULTS)).toEqual(Object.entries(declared))
})

test('the outputs the code sets are exactly the outputs of action.yml', () => {
  expect([...OUTPUT_NAMES]).toEqual(Object.keys(manifest.outputs))
})
