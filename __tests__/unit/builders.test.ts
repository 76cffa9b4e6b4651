import { describe, expect, test } from '@jest/globals'
import { pruneBuilders, type DockerCli } from '../../src/builders/prune.js'
import { isBuilderContainer, selectStale, type BuilderContainer } from '../../src/builders/select.js'
import { silentLogger } from '../../src/log.js'

const uuid = (n: number) => `0000000${n}-aaaa-bbbb-cccc-${String(n).padStart(12, '0')}`
const builder = (n: number) => `buildx_buildkit_builder-${uuid(n)}0`
const now = Date.parse('2026-11-23T12:00:00Z')
const hoursAgo = (h: number) => now - h * 3600e3
const policy = { now, maxAgeMs: 6 * 3600e3, graceMs: 5 * 60e3 }

describe('isBuilderContainer', () => {
  test.each([
    [builder(1), true],
    [`buildx_buildkit_builder-${uuid(1)}1`, false],
    ['buildx_buildkit_mybuilder0', false],
    [`buildx_buildkit_builder-${uuid(1)}0_state`, false],
    [`xbuildx_buildkit_builder-${uuid(1)}0`, false],
    ['buildx_buildkit_builder-not-a-uuid0', false]
  ])('%s -> %s', (name, expected) => expect(isBuilderContainer(name)).toBe(expected))
})

describe('selectStale', () => {
  test('running past max age, stopped past grace, orphaned volumes past grace; nothing else', () => {
    const containers: BuilderContainer[] = [
      { name: builder(1), status: 'running', createdMs: hoursAgo(7) },
      { name: builder(2), status: 'running', createdMs: hoursAgo(1) },
      { name: builder(3), status: 'exited', createdMs: hoursAgo(1) },
      { name: builder(4), status: 'created', createdMs: now - 60e3 },
      { name: builder(5), status: 'removing', createdMs: hoursAgo(9) },
      { name: 'buildx_buildkit_mybuilder0', status: 'exited', createdMs: hoursAgo(100) }
    ]
    const volumes = [
      { name: `${builder(1)}_state`, createdMs: hoursAgo(7) },
      { name: `${builder(2)}_state`, createdMs: hoursAgo(1) },
      { name: `${builder(8)}_state`, createdMs: hoursAgo(2) },
      { name: `${builder(9)}_state`, createdMs: now - 60e3 },
      { name: 'buildx_buildkit_mybuilder0_state', createdMs: hoursAgo(100) },
      { name: 'pgdata', createdMs: hoursAgo(100) }
    ]
    const stale = selectStale(containers, volumes, policy)
    expect(stale.containers.map((c) => c.name)).toEqual([builder(1), builder(3)])
    expect(stale.volumes).toEqual([`${builder(1)}_state`, `${builder(8)}_state`])
  })
})

describe('pruneBuilders', () => {
  function fakeDocker(responses: Record<string, { code?: number; stdout?: string; stderr?: string }>) {
    const calls: string[][] = []
    const cli: DockerCli = async (args) => {
      calls.push(args)
      const key = Object.keys(responses).find((prefix) => args.join(' ').startsWith(prefix))
      const response = key ? responses[key] : {}
      return { code: response.code ?? 0, stdout: response.stdout ?? '', stderr: response.stderr ?? '' }
    }
    return { cli, calls }
  }

  test('removes in two batches and treats "already gone" as success', async () => {
    const warnings: string[] = []
    const { cli, calls } = fakeDocker({
      'ps -a': { stdout: `${builder(1)}\n${builder(2)}\n` },
      'container inspect': { stdout: `/${builder(1)}|exited|2026-11-23T10:00:00Z\n/${builder(2)}|running|2026-11-23T00:00:00Z\n` },
      'volume ls': { stdout: `${builder(1)}_state\n` },
      'volume inspect': { stdout: `${builder(1)}_state|2026-11-23T10:00:00Z\n` },
      'rm -f': { code: 1, stderr: `Error response from daemon: No such container: ${builder(2)}\n` }
    })
    const result = await pruneBuilders(cli, { ...policy, dryRun: false }, { ...silentLogger, warning: (m) => warnings.push(m) })
    expect(result).toEqual({ containers: [builder(1), builder(2)], volumes: [`${builder(1)}_state`] })
    expect(calls.filter((c) => c[0] === 'rm')).toEqual([['rm', '-f', builder(1), builder(2)]])
    expect(calls.filter((c) => c[0] === 'volume' && c[1] === 'rm')).toEqual([['volume', 'rm', '-f', `${builder(1)}_state`]])
    expect(warnings).toEqual([])
  })

  test('a volume still held by a container another pruner is removing is retried, not reported', async () => {
    const warnings: string[] = []
    let volumeRemovals = 0
    const cli: DockerCli = async (args) => {
      const line = args.join(' ')
      if (line.startsWith('volume ls')) return { code: 0, stdout: `${builder(3)}_state\n`, stderr: '' }
      if (line.startsWith('volume inspect')) return { code: 0, stdout: `${builder(3)}_state|2026-11-23T10:00:00Z\n`, stderr: '' }
      if (line.startsWith('volume rm') && ++volumeRemovals === 1) {
        return { code: 1, stdout: '', stderr: `Error response from daemon: remove ${builder(3)}_state: volume is in use - [abc]\n` }
      }
      return { code: 0, stdout: '', stderr: '' }
    }
    await pruneBuilders(cli, { ...policy, dryRun: false }, { ...silentLogger, warning: (m) => warnings.push(m) })
    expect(volumeRemovals).toBe(2)
    expect(warnings).toEqual([])
  })

  test('dry-run removes nothing', async () => {
    const { cli, calls } = fakeDocker({
      'ps -a': { stdout: `${builder(1)}\n` },
      'container inspect': { stdout: `/${builder(1)}|exited|2026-11-23T10:00:00Z\n` }
    })
    const result = await pruneBuilders(cli, { ...policy, dryRun: true }, silentLogger)
    expect(result.containers).toEqual([builder(1)])
    expect(calls.some((c) => c.includes('rm'))).toBe(false)
  })

  test.each([
    ['unreachable socket', { code: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' }],
    ['permission denied', { code: 1, stderr: 'permission denied while trying to connect to the Docker daemon socket' }]
  ])('%s: reported as unavailable, no throw', async (_name, response) => {
    const { cli } = fakeDocker({ 'ps -a': response, 'volume ls': response })
    const result = await pruneBuilders(cli, { ...policy, dryRun: false }, silentLogger)
    expect(result.unavailable).toMatch(/Docker daemon/)
  })

  test('docker CLI missing: reported as unavailable', async () => {
    const cli: DockerCli = async () => {
      throw new Error('Unable to locate executable file: docker')
    }
    expect((await pruneBuilders(cli, { ...policy, dryRun: false }, silentLogger)).unavailable).toMatch(/docker CLI could not be run/)
  })
})
