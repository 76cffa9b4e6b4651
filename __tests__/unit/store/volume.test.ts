import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freeBytes, mountPoints, nearestMountPoint, persistenceProblem } from '../../../src/store/volume.js'

/** /proc/self/mountinfo as the kernel writes it: the mount point is field 5, spaces escaped as \040. */
const mountinfo = (...points: string[]) =>
  points.map((point, i) => `${100 + i} 1 0:${40 + i} / ${point.replace(/ /g, '\\040')} rw,relatime - ext4 /dev/vda${i} rw`).join('\n') + '\n'

const overlayRoot = '30 1 0:30 / / rw,relatime - overlay overlay rw,lowerdir=/a,upperdir=/b,workdir=/c'
const container = (...points: string[]) => `${overlayRoot}\n${mountinfo('/proc', '/dev', '/etc/hosts', ...points)}`

describe('persistenceProblem', () => {
  test.each<[string, { mountinfo: string | undefined; inContainer: boolean; realPath: string }, boolean]>([
    ['a volume mounted at volume-path', { mountinfo: container('/opt/buildx-cache'), inContainer: true, realPath: '/opt/buildx-cache' }, false],
    [
      'a volume mounted above volume-path (a sub-folder of the volume)',
      { mountinfo: container('/srv/ci'), inContainer: true, realPath: '/srv/ci/buildx-cache' },
      false
    ],
    ['a volume mounted two levels above', { mountinfo: container('/srv'), inContainer: true, realPath: '/srv/ci/buildx-cache' }, false],
    ['no volume at or above: the container root', { mountinfo: container(), inContainer: true, realPath: '/opt/buildx-cache' }, true],
    ['a sibling whose name is a prefix does not count', { mountinfo: container('/srv/ci-other'), inContainer: true, realPath: '/srv/ci/buildx-cache' }, true],
    [
      'a mount below volume-path does not count',
      { mountinfo: container('/srv/ci/buildx-cache/app'), inContainer: true, realPath: '/srv/ci/buildx-cache' },
      true
    ],
    ['a mount point with a space (\\040 in mountinfo)', { mountinfo: container('/srv/my ci'), inContainer: true, realPath: '/srv/my ci/cache' }, false],
    [
      'the real path counts, not the link (a symlink resolved onto a volume)',
      { mountinfo: container('/data'), inContainer: true, realPath: '/data/cache' },
      false
    ],
    ['outside a container nothing is warned', { mountinfo: mountinfo('/'), inContainer: false, realPath: '/opt/buildx-cache' }, false],
    ['mountinfo could not be read: no guess', { mountinfo: undefined, inContainer: true, realPath: '/opt/buildx-cache' }, false]
  ])('%s', (_name, facts, warns) => {
    const problem = persistenceProblem('/cache-input', facts)
    if (warns)
      expect(problem).toMatch(
        /^volume-path \/cache-input is on the job container's root filesystem \(no volume is mounted at or above it\), so the cache is lost when the job ends\./
      )
    else expect(problem).toBeUndefined()
  })
})

describe('nearestMountPoint', () => {
  test.each([
    ['/srv/ci/buildx-cache', ['/', '/srv/ci'], '/srv/ci'],
    ['/srv/ci', ['/', '/srv/ci'], '/srv/ci'],
    ['/srv/cix/a', ['/', '/srv/ci'], '/'],
    ['/a/b', [], '/']
  ])('%s on %j is on %s', (realPath, points, expected) => {
    expect(nearestMountPoint(new Set(points), realPath)).toBe(expected)
  })

  test('mountPoints undoes the kernel escapes', () => {
    expect([...mountPoints(mountinfo('/', '/srv/my ci'))]).toEqual(['/', '/srv/my ci'])
  })
})

describe('freeBytes', () => {
  test('the free space of the volume, and none where this Node has no fs.statfsSync (before 18.15)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'free-bytes-'))
    expect(freeBytes(dir)).toBeGreaterThan(0)
    const statfsSync = fs.statfsSync
    delete (fs as Partial<typeof fs>).statfsSync
    try {
      expect(freeBytes(dir)).toBeUndefined()
    } finally {
      fs.statfsSync = statfsSync
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
