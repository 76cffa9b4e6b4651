import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { isNameConflict, parseDuTotal, parseHistory, parseInspect } from '../../../../src/builders/persistent/buildx-output.js'

// What each buildx client really prints, captured from Debian trixie's 0.13, sid's 0.29 and the upstream 0.36 release (__fixtures__/buildx/<version>/).
const FIXTURES = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', '..', '__fixtures__', 'buildx')
const read = (version: string, name: string) => fs.readFileSync(path.join(FIXTURES, version, name), 'utf8')

describe.each([
  ['0.13.1', { flag: '--keep-storage', du: 13_750_000 }],
  ['0.29.1', { flag: '--reserved-space', du: 0 }],
  ['0.36.1', { flag: '--reserved-space', du: 0 }]
])('buildx %s', (version, expected) => {
  // Debian's packages print `0.29.1+ds1`, upstream builds `v0.36.1 <commit>`.
  test('version.txt is that version', () => expect(read(version, 'version.txt')).toMatch(new RegExp(` v?${version.replaceAll('.', '\\.')}[+ ]`)))

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

describe('parseDuTotal', () => {
  // The tail of `docker buildx du`, the same in buildx 0.13 and 0.29.
  test.each([
    ['Reclaimable:\t1.089MB\nTotal:\t\t1.089MB\n', 1_089_000],
    ['Total:\t\t24.58kB', 24_580],
    ['Total:\t0B', 0],
    ['Total:\t\t1.5GB\n', 1_500_000_000],
    ['ID\tRECLAIMABLE\tSIZE\n', undefined],
    ['Total:\tlots', undefined]
  ])('%j -> %s', (stdout, expected) => expect(parseDuTotal(stdout)).toBe(expected))
})

describe('parseInspect', () => {
  test.each([
    [
      'buildx 0.13',
      'Name:          cachekeeper-app\nDriver:        docker-container\n\nNodes:\nName:      cachekeeper-app0\nStatus:    running\nBuildkit:  v0.32.2\n',
      { driver: 'docker-container', status: 'running', buildkit: 'v0.32.2' }
    ],
    [
      'buildx 0.29',
      'Name:          cachekeeper-app\nDriver:        docker-container\nNodes:\nName:                  cachekeeper-app0\nStatus:                running\nBuildKit version:      v0.32.2\n',
      { driver: 'docker-container', status: 'running', buildkit: 'v0.32.2' }
    ],
    [
      'not started',
      'Name:   x\nDriver: docker-container\n\nNodes:\nName:   x0\nStatus: inactive\n',
      { driver: 'docker-container', status: 'inactive', buildkit: undefined }
    ],
    ['nothing', '', { driver: undefined, status: undefined, buildkit: undefined }]
  ])('%s', (_label, stdout, expected) => expect(parseInspect(stdout)).toEqual(expected))
})

describe('isNameConflict', () => {
  test.each([
    [
      'ERROR: Error response from daemon: Conflict. The container name "/buildx_buildkit_cachekeeper-app0" is already in use by container "4f2c". You have to remove (or rename) that container to be able to reuse that name.',
      true
    ],
    ['ERROR: failed to bootstrap: container name "/buildx_buildkit_cachekeeper-app0" is already in use', true],
    ['ERROR: failed to bootstrap: buildkitd exited', false],
    ['ERROR: no builder "cachekeeper-app" found', false]
  ])('%s -> %s', (error, expected) => expect(isNameConflict(error)).toBe(expected))
})

describe('parseHistory (buildx 0.29.1 history ls --format json, captured from a real BuildKit v0.32.2 builder)', () => {
  const fixture = fs.readFileSync(path.join('__fixtures__', 'buildx', '0.29.1', 'history-ls.json'), 'utf8')
  test('every build since main, oldest first, with its cached and total steps', () => {
    expect(parseHistory(fixture, 0)).toEqual([
      { name: 'hist-fx', cached: 0, total: 8 },
      { name: 'hist-fx', cached: 1, total: 8 }
    ])
  })
  test('builds before main attached the builder belong to earlier jobs', () => {
    expect(parseHistory(fixture, Date.parse('2026-12-02T03:31:20.3Z'))).toEqual([{ name: 'hist-fx', cached: 1, total: 8 }])
  })
  test('buildx 0.13 has no history command: its output is no record, never a guess', () => {
    const help = fs.readFileSync(path.join('__fixtures__', 'buildx', '0.13.1', 'history-ls-help.txt'), 'utf8')
    expect(parseHistory(help, 0)).toEqual([])
  })
})
