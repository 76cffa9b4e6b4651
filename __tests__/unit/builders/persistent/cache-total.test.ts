import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { awaitCacheProbe, builderCacheTotal, cacheProbeArgs, cacheTotalOf, startCacheProbe } from '../../../../src/builders/persistent/cache-total.js'

const DU = 'ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\nReclaimable:\t1.5GB\nTotal:\t\t2GB\n'

describe('cacheTotalOf', () => {
  test.each([
    ['a total', DU, '', undefined, { bytes: 2e9, nodeDown: false }],
    ['still running: nothing yet', '', '', undefined, undefined],
    ['still running: the table without its total', 'ID\tRECLAIMABLE\n', '', undefined, undefined],
    ['ended without a word', '', '', 1, { bytes: undefined, nodeDown: false }],
    ['node stopped', '', 'Error response from daemon: container 3f2 is not running', undefined, { bytes: undefined, nodeDown: true }],
    ['node absent', '', 'Error response from daemon: No such container: buildx_buildkit_x0', 1, { bytes: undefined, nodeDown: true }],
    ['node paused', '', 'Error response from daemon: Container x is paused, unpause the container before exec', 1, { bytes: undefined, nodeDown: true }],
    [
      'an image without buildctl',
      '',
      'OCI runtime exec failed: exec: "buildctl": executable file not found in $PATH',
      126,
      { bytes: undefined, nodeDown: false }
    ]
  ])('%s', (_label, stdout, stderr, code, expected) => {
    expect(cacheTotalOf(stdout, stderr, code)).toEqual(expected)
  })
})

describe('builderCacheTotal', () => {
  test('asks buildctl du in the node container and reads its total', async () => {
    const calls: string[][] = []
    const total = await builderCacheTotal(async (args) => (calls.push(args), { code: 0, stdout: DU, stderr: '' }), 'cachekeeper-acme__app')
    expect(calls).toEqual([['exec', 'buildx_buildkit_cachekeeper-acme__app0', 'buildctl', 'du']])
    expect(total).toEqual({ bytes: 2e9, nodeDown: false })
  })

  test('a docker that cannot run is no answer, not an error', async () => {
    const total = await builderCacheTotal(() => Promise.reject(new Error('docker CLI not found')), 'b')
    expect(total).toEqual({ bytes: undefined, nodeDown: false })
  })
})

describe("pre's probe and main's reading of it", () => {
  const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cachekeeper-probe-'))

  test('pre starts the exec with its output in the folder; main reads the answer and removes the folder', async () => {
    const dir = folder()
    const started: string[][] = []
    startCacheProbe(
      (args, out, err) => {
        started.push([...args, out, err])
        fs.writeFileSync(out, DU)
        fs.writeFileSync(err, '')
      },
      'cachekeeper-acme__app',
      dir
    )
    expect(started).toEqual([[...cacheProbeArgs('cachekeeper-acme__app'), path.join(dir, 'du.out'), path.join(dir, 'du.err')]])
    expect(await awaitCacheProbe(dir, 0)).toEqual({ bytes: 2e9, nodeDown: false })
    expect(fs.existsSync(dir)).toBe(false)
  })

  test('main waits for an answer that comes while it waits', async () => {
    const dir = folder()
    const [out, err] = [path.join(dir, 'du.out'), path.join(dir, 'du.err')]
    fs.writeFileSync(out, '')
    fs.writeFileSync(err, '')
    setTimeout(() => fs.writeFileSync(out, DU), 50)
    expect(await awaitCacheProbe(dir, 5000)).toEqual({ bytes: 2e9, nodeDown: false })
    expect(fs.existsSync(dir)).toBe(false)
  })

  test.each([
    ['no answer yet', (out: string, err: string) => (fs.writeFileSync(out, ''), fs.writeFileSync(err, ''))],
    ['no files (docker never started)', () => undefined]
  ])('%s: undefined once the wait is over (main asks itself), the folder removed', async (_label, write) => {
    const dir = folder()
    write(path.join(dir, 'du.out'), path.join(dir, 'du.err'))
    expect(await awaitCacheProbe(dir, 30)).toBeUndefined()
    expect(fs.existsSync(dir)).toBe(false)
  })
})
