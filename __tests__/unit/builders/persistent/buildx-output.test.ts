import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { isNameConflict, parseDuTotal, parseInspect } from '../../../../src/builders/persistent/buildx-output.js'

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
