import { describe, expect, test } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { attachBuilder } from '../../../../src/builders/persistent/attach.js'
import { builderRecord, touchRecord } from '../../../../src/builders/persistent/records-io.js'
import { retireUnusedBuilders } from '../../../../src/builders/persistent/retire.js'
import { silentLogger } from '../../../../src/log.js'
import { fakeDocker, now, options, record, tempVolume } from '../../../../__fixtures__/persistent-builder.js'

describe('the records folder on a volume other jobs can write', () => {
  const recordsOf = (volume: string) => path.join(volume, '.builders')

  /**
   * Runs `work` with a FIFO planted where a record belongs. A read that opens
   * it blocks the whole thread; a writer started beforehand unblocks every such
   * read after 3 s, so a regression fails on the time taken instead of hanging
   * the suite.
   */
  async function withFifo(volume: string, file: string, work: () => Promise<void>): Promise<number> {
    fs.mkdirSync(recordsOf(volume), { recursive: true })
    const fifo = path.join(recordsOf(volume), file)
    execFileSync('mkfifo', [fifo])
    const writer = spawn('sh', ['-c', 'sleep 3; while :; do echo "{}" > "$1"; done', 'sh', fifo], { stdio: 'ignore' })
    const started = Date.now()
    try {
      await work()
      return Date.now() - started
    } finally {
      writer.kill('SIGKILL')
    }
  }

  test('a FIFO planted as a record stalls neither attach, post nor retirement, and counts as no record', async () => {
    const volume = tempVolume()
    const took = await withFifo(volume, 'cachekeeper-app.json', async () => {
      expect(builderRecord(volume, 'cachekeeper-app')).toBeUndefined()
      expect(await touchRecord(volume, 'cachekeeper-app', silentLogger, now)).toBeUndefined()
      expect(await retireUnusedBuilders(fakeDocker().cli, volume, { now, dryRun: false }, silentLogger)).toEqual([])
      expect(await attachBuilder(fakeDocker().cli, options(volume), silentLogger)).toMatchObject({ state: 'ready', how: 'created' })
    })
    expect(took).toBeLessThan(2000)
    // attach wrote the real record in its place.
    expect(builderRecord(volume, 'cachekeeper-app')).toMatchObject({ name: 'cachekeeper-app' })
    fs.rmSync(volume, { recursive: true })
  })

  test('a FIFO under another name does not stall retirement of the others', async () => {
    const volume = tempVolume()
    const took = await withFifo(volume, 'x.json', async () => {
      fs.writeFileSync(path.join(recordsOf(volume), 'cachekeeper-old.json'), JSON.stringify(record('cachekeeper-old', 20)))
      expect(await retireUnusedBuilders(fakeDocker().cli, volume, { now, dryRun: false }, silentLogger)).toEqual(['cachekeeper-old'])
    })
    expect(took).toBeLessThan(2000)
    expect(fs.readdirSync(recordsOf(volume)).sort()).toEqual(['x.json'])
    fs.rmSync(volume, { recursive: true })
  })
})
