import { describe, expect, test } from '@jest/globals'
import { keepWithinBudget, pruneNeeded } from '../../../../src/builders/persistent/budget.js'
import type { DockerCli } from '../../../../src/docker-cli.js'
import { fakeDocker } from '../../../../__fixtures__/persistent-builder.js'

describe('keepWithinBudget', () => {
  const du = 'buildx du --builder cachekeeper-app'
  test.each([
    ['--keep-storage bytes', '--keep-storage'],
    ['--max-used-space bytes\n      --reserved-space bytes', '--reserved-space']
  ])('past the budget, help says %s: prunes with %s', async (help, flag) => {
    const docker = fakeDocker({ help, du: '2GB' })
    expect(await keepWithinBudget(docker.cli, 'cachekeeper-app', 1024 ** 3)).toEqual({ ok: true, flag, detail: '12.5MB reclaimed', bytes: 2e9 })
    expect(docker.calls).toEqual([du, 'buildx prune --help', `buildx prune --builder cachekeeper-app --force --all ${flag} 1073741824`, du])
  })

  test('within the budget: one du, no prune', async () => {
    const docker = fakeDocker({ du: '20MB' })
    expect(await keepWithinBudget(docker.cli, 'cachekeeper-app', 1024 ** 3)).toEqual({ ok: true, detail: 'nothing to reclaim', bytes: 2e7 })
    expect(docker.calls).toEqual([du])
  })

  test('a recorded flag: no help asked', async () => {
    const docker = fakeDocker({ du: '2GB' })
    expect(await keepWithinBudget(docker.cli, 'cachekeeper-app', 1024 ** 3, '--reserved-space')).toMatchObject({ ok: true, flag: '--reserved-space' })
    expect(docker.calls).toEqual([du, 'buildx prune --builder cachekeeper-app --force --all --reserved-space 1073741824', du])
  })

  test('a recorded flag this buildx does not know: asks its help and prunes with that', async () => {
    const calls: string[] = []
    const cli: DockerCli = async (args) => {
      calls.push(args.join(' '))
      if (args[1] === 'du') return { code: 0, stdout: 'Total:\t2GB\n', stderr: '' }
      if (args[2] === '--help') return { code: 0, stdout: '--keep-storage bytes', stderr: '' }
      if (args.includes('--reserved-space')) return { code: 1, stdout: '', stderr: 'unknown flag: --reserved-space\n' }
      return { code: 0, stdout: 'Total:\t1GB\n', stderr: '' }
    }
    expect(await keepWithinBudget(cli, 'cachekeeper-app', 1024 ** 3, '--reserved-space')).toMatchObject({
      ok: true,
      flag: '--keep-storage',
      detail: '1GB reclaimed'
    })
  })

  test('a failing prune is reported, not thrown', async () => {
    const cli: DockerCli = async (args) =>
      args[2] === '--help' ? { code: 0, stdout: '', stderr: '' } : { code: 1, stdout: '', stderr: 'ERROR: no builder "cachekeeper-app" found\n' }
    expect(await keepWithinBudget(cli, 'cachekeeper-app', 1)).toEqual({
      ok: false,
      flag: '--keep-storage',
      detail: 'ERROR: no builder "cachekeeper-app" found'
    })
  })
})

describe('pruneNeeded', () => {
  test.each([
    [undefined, 100, true],
    [101, 100, true],
    [100, 100, false],
    [0, 100, false]
  ])('du %s, budget %s: %s', (du, max, expected) => expect(pruneNeeded(du, max)).toBe(expected))
})
