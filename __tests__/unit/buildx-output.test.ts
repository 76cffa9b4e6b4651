import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { budgetFlag } from '../../src/builders/persistent/buildx-args.js'
import { parseDuTotal, parseHistory, parseInspect } from '../../src/builders/persistent/buildx-output.js'

// What each buildx client really prints, captured from Debian trixie's 0.13, sid's 0.29 and the upstream 0.36 release (__fixtures__/buildx/<version>/).
const FIXTURES = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..', '__fixtures__', 'buildx')
const read = (version: string, name: string) => fs.readFileSync(path.join(FIXTURES, version, name), 'utf8')

describe.each([
  ['0.13.1', { flag: '--keep-storage', du: 13_750_000 }],
  ['0.29.1', { flag: '--reserved-space', du: 0 }],
  ['0.36.1', { flag: '--reserved-space', du: 0 }]
])('buildx %s', (version, expected) => {
  // Debian's packages print `0.29.1+ds1`, upstream builds `v0.36.1 <commit>`.
  test('version.txt is that version', () => expect(read(version, 'version.txt')).toMatch(new RegExp(` v?${version.replaceAll('.', '\\.')}[+ ]`)))

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

// Two builds of one 8-step Dockerfile on a real BuildKit v0.32.2 builder: cold, then with one step cached.
describe.each(['0.29.1', '0.36.1'])('buildx %s history ls --format json', (version) => {
  test('each build with its cached and total steps, oldest first', () => {
    expect(parseHistory(read(version, 'history-ls.json'), 0)).toEqual([
      { name: 'hist-fx', cached: 0, total: 8 },
      { name: 'hist-fx', cached: 1, total: 8 }
    ])
  })
})
