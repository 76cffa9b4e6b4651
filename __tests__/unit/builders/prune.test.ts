import { describe, expect, test } from '@jest/globals'
import { pruneBuilders } from '../../../src/builders/prune.js'
import { DockerUnavailable, type DockerCli } from '../../../src/docker-cli.js'
import { silentLogger } from '../../../src/log.js'

const uuid = (n: number) => `0000000${n}-aaaa-bbbb-cccc-${String(n).padStart(12, '0')}`
const builder = (n: number) => `buildx_buildkit_builder-${uuid(n)}0`
const now = Date.parse('2026-11-23T12:00:00Z')
const policy = { now, maxAgeMs: 6 * 3600e3, graceMs: 5 * 60e3 }

describe('pruneBuilders', () => {
  /** Canned responses by command prefix; every name a removal call gets is gone from later listings, as on a real engine. */
  function fakeDocker(responses: Record<string, { code?: number; stdout?: string; stderr?: string }>) {
    const calls: string[][] = []
    const gone = new Set<string>()
    const cli: DockerCli = async (args) => {
      calls.push(args)
      const key = Object.keys(responses).find((prefix) => args.join(' ').startsWith(prefix))
      const response = key ? responses[key] : {}
      if (args.includes('rm')) args.slice(args.indexOf('-f') + 1).forEach((name) => gone.add(name))
      const stdout = (response.stdout ?? '')
        .split('\n')
        .filter((line) => !gone.has(line.split('|')[0].replace(/^\//, '')))
        .join('\n')
      return { code: response.code ?? 0, stdout, stderr: response.stderr ?? '' }
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
    expect(result).toEqual({
      containers: [builder(1), builder(2)],
      volumes: [`${builder(1)}_state`],
      notRemoved: { containers: [], volumes: [] },
      kept: []
    })
    expect(calls.filter((c) => c[0] === 'rm')).toEqual([['rm', '-f', builder(1), builder(2)]])
    expect(calls.filter((c) => c[0] === 'volume' && c[1] === 'rm')).toEqual([['volume', 'rm', '-f', `${builder(1)}_state`]])
    expect(warnings).toEqual([])
  })

  test('a volume still held by a container another pruner is removing is retried, not reported', async () => {
    const warnings: string[] = []
    let volumeRemovals = 0
    const cli: DockerCli = async (args) => {
      const line = args.join(' ')
      if (line.startsWith('volume ls')) return { code: 0, stdout: volumeRemovals < 2 ? `${builder(3)}_state\n` : '', stderr: '' }
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

  test('a removal that failed is neither counted nor listed as removed, and its volume is not tried', async () => {
    const warnings: string[] = []
    const removed = new Set<string>()
    const calls: string[][] = []
    // The storage driver's error names the container's id, not its name: only the listing after the attempt tells which failed.
    const cli: DockerCli = async (args) => {
      calls.push(args)
      const line = args.join(' ')
      const listed = [builder(1), builder(2)].filter((name) => !removed.has(name))
      if (line.startsWith('ps -a')) return { code: 0, stdout: listed.join('\n') + '\n', stderr: '' }
      if (line.startsWith('container inspect')) {
        return { code: 0, stdout: `/${builder(1)}|exited|2026-11-23T10:00:00Z\n/${builder(2)}|exited|2026-11-23T10:00:00Z\n`, stderr: '' }
      }
      if (line.startsWith('volume ls')) return { code: 0, stdout: `${builder(1)}_state\n${builder(2)}_state\n`, stderr: '' }
      if (line.startsWith('volume inspect')) {
        return { code: 0, stdout: `${builder(1)}_state|2026-11-23T10:00:00Z\n${builder(2)}_state|2026-11-23T10:00:00Z\n`, stderr: '' }
      }
      if (line.startsWith('rm -f')) {
        removed.add(builder(1))
        return {
          code: 1,
          stdout: '',
          stderr: 'Error response from daemon: driver "overlay2" failed to remove root filesystem for 3f2a: device or resource busy\n'
        }
      }
      return { code: 0, stdout: '', stderr: '' }
    }
    const result = await pruneBuilders(cli, { ...policy, dryRun: false }, { ...silentLogger, warning: (m) => warnings.push(m) })
    expect(result.containers).toEqual([builder(1)])
    expect(result.volumes).toEqual([`${builder(1)}_state`])
    expect(result.notRemoved).toEqual({ containers: [builder(2)], volumes: [`${builder(2)}_state`] })
    expect(calls.filter((c) => c[0] === 'volume' && c[1] === 'rm')).toEqual([['volume', 'rm', '-f', `${builder(1)}_state`]])
    expect(warnings).toEqual([
      `Builder pruning: could not remove container ${builder(2)}. docker said: Error response from daemon: driver "overlay2" failed to remove root filesystem for 3f2a: device or resource busy`
    ])
  })

  test('a container a concurrent pruner is still removing counts as removed, though docker still lists it', async () => {
    const warnings: string[] = []
    const calls: string[][] = []
    const cli: DockerCli = async (args) => {
      calls.push(args)
      const line = args.join(' ')
      if (line.startsWith('ps -a')) return { code: 0, stdout: `${builder(1)}\n${builder(2)}\n`, stderr: '' }
      if (line.startsWith('container inspect')) {
        return { code: 0, stdout: `/${builder(1)}|exited|2026-11-23T10:00:00Z\n/${builder(2)}|exited|2026-11-23T10:00:00Z\n`, stderr: '' }
      }
      if (line.startsWith('rm -f')) {
        return { code: 1, stdout: '', stderr: `Error response from daemon: removal of container ${builder(2)} is already in progress\n` }
      }
      return { code: 0, stdout: '', stderr: '' }
    }
    const result = await pruneBuilders(cli, { ...policy, dryRun: false }, { ...silentLogger, warning: (m) => warnings.push(m) })
    expect(result.containers).toEqual([builder(1), builder(2)])
    expect(result.notRemoved.containers).toEqual([])
    expect(warnings).toEqual([])
  })

  test('a real failure next to one a concurrent pruner has: only the real one is not removed', async () => {
    const warnings: string[] = []
    let removed = false
    const cli: DockerCli = async (args) => {
      const line = args.join(' ')
      // After the attempt docker still lists the one being removed elsewhere and the one that failed.
      if (line.startsWith('ps -a')) return { code: 0, stdout: `${removed ? '' : `${builder(1)}\n`}${builder(2)}\n${builder(3)}\n`, stderr: '' }
      if (line.startsWith('container inspect')) {
        return { code: 0, stdout: [1, 2, 3].map((n) => `/${builder(n)}|exited|2026-11-23T10:00:00Z`).join('\n'), stderr: '' }
      }
      if (line.startsWith('rm -f')) {
        removed = true
        return {
          code: 1,
          stdout: '',
          stderr: `Error response from daemon: removal of container ${builder(2)} is already in progress\nError response from daemon: cannot remove container "/${builder(3)}": could not kill\n`
        }
      }
      return { code: 0, stdout: '', stderr: '' }
    }
    const result = await pruneBuilders(cli, { ...policy, dryRun: false }, { ...silentLogger, warning: (m) => warnings.push(m) })
    expect(result.containers).toEqual([builder(1), builder(2)])
    expect(result.notRemoved.containers).toEqual([builder(3)])
    expect(warnings).toEqual([expect.stringContaining(`could not remove container ${builder(3)}.`)])
  })

  test('when the listing after a failed removal fails too, nothing is reported as removed', async () => {
    const warnings: string[] = []
    let lists = 0
    const cli: DockerCli = async (args) => {
      const line = args.join(' ')
      if (line.startsWith('ps -a')) return ++lists === 1 ? { code: 0, stdout: `${builder(1)}\n`, stderr: '' } : { code: 1, stdout: '', stderr: 'boom' }
      if (line.startsWith('container inspect')) return { code: 0, stdout: `/${builder(1)}|exited|2026-11-23T10:00:00Z\n`, stderr: '' }
      if (line.startsWith('rm -f')) return { code: 1, stdout: '', stderr: 'Error response from daemon: something\n' }
      return { code: 0, stdout: '', stderr: '' }
    }
    const result = await pruneBuilders(cli, { ...policy, dryRun: false }, { ...silentLogger, warning: (m) => warnings.push(m) })
    expect(result.containers).toEqual([])
    expect(result.notRemoved.containers).toEqual([builder(1)])
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Builder pruning: could not tell which of 1 containers were removed .*none is reported as removed\. docker said: Error response from daemon: something$/
      )
    ])
  })

  test('a test label narrows every listing to objects carrying it', async () => {
    const { cli, calls } = fakeDocker({})
    await pruneBuilders(cli, { ...policy, dryRun: false, onlyLabel: 'run=abc' }, silentLogger)
    const lists = calls.filter((c) => c[0] === 'ps' || (c[0] === 'volume' && c[1] === 'ls'))
    expect(lists).toHaveLength(2)
    for (const call of lists) expect(call.join(' ')).toContain('--filter name=buildx_buildkit_builder- --filter label=run=abc')
  })

  test('a kept builder is reported with its reason, and not removed', async () => {
    const { cli, calls } = fakeDocker({
      'ps -a': { stdout: `${builder(1)}\n${builder(2)}\n` },
      'container inspect': { stdout: `/${builder(1)}|running|2026-11-23T00:00:00Z\n/${builder(2)}|running|2026-11-23T11:00:00Z\n` }
    })
    const result = await pruneBuilders(cli, { ...policy, dryRun: false }, silentLogger)
    expect(result.containers).toEqual([builder(1)])
    expect(result.kept).toEqual([
      {
        name: builder(2),
        reason: 'younger than builder-max-age',
        description: `kept container ${builder(2)}: running, created 60m ago, younger than builder-max-age (6h)`
      }
    ])
    expect(calls.filter((c) => c[0] === 'rm')).toEqual([['rm', '-f', builder(1)]])
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

  test('docker CLI not on PATH: its own message, unchanged', async () => {
    const cli: DockerCli = async () => {
      throw new DockerUnavailable('docker CLI not found on PATH; install it')
    }
    expect((await pruneBuilders(cli, { ...policy, dryRun: false }, silentLogger)).unavailable).toBe('docker CLI not found on PATH; install it')
  })

  test('docker CLI missing: reported as unavailable', async () => {
    const cli: DockerCli = async () => {
      throw new Error('Unable to locate executable file: docker')
    }
    expect((await pruneBuilders(cli, { ...policy, dryRun: false }, silentLogger)).unavailable).toMatch(/docker CLI could not be run/)
  })
})
