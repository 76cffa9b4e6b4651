import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { budgetFlag, parseDuTotal, parseInspect } from '../../src/builders/persistent.js'

// What each buildx client really prints, captured from Debian trixie's 0.13 and sid's 0.29 (__fixtures__/buildx/<version>/).
const FIXTURES = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..', '__fixtures__', 'buildx')
const read = (version: string, name: string) => fs.readFileSync(path.join(FIXTURES, version, name), 'utf8')

describe.each([
  ['0.13.1', { flag: '--keep-storage', du: 13_750_000 }],
  ['0.29.1', { flag: '--reserved-space', du: 0 }]
])('buildx %s', (version, expected) => {
  test('version.txt is that version', () => expect(read(version, 'version.txt')).toContain(` ${version}+`))

  test('prune --help: the budget flag', () => expect(budgetFlag(read(version, 'prune-help.txt'))).toBe(expected.flag))

  test('du: the Total line', () => expect(parseDuTotal(read(version, 'du.txt'))).toBe(expected.du))

  test('inspect of the docker driver: running, with its BuildKit version', () => {
    expect(parseInspect(read(version, 'inspect-docker-driver.txt'))).toEqual({ driver: 'docker', status: 'running', buildkit: expect.stringMatching(/^v\d/) })
  })

  test('inspect of a docker-container builder not yet started: inactive, no BuildKit version', () => {
    expect(parseInspect(read(version, 'inspect-docker-container-inactive.txt'))).toEqual({
      driver: 'docker-container',
      status: 'inactive',
      buildkit: undefined
    })
  })
})
