import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { attachBuilder } from '../../../../src/builders/persistent/attach.js'
import { parseRecord } from '../../../../src/builders/persistent/record.js'
import { builderRecord, touchRecord } from '../../../../src/builders/persistent/records-io.js'
import { retireUnusedBuilders } from '../../../../src/builders/persistent/retire.js'
import { withDirLock } from '../../../../src/lock/dir-lock.js'
import { silentLogger } from '../../../../src/log.js'
import { bootstrap, day, fakeDocker, now, options, record, recordsScene, tempVolume } from '../../../../__fixtures__/persistent-builder.js'

describe('the records folder on a volume other jobs can write', () => {
  const recordsOf = (volume: string) => path.join(volume, '.builders')

  test('a record whose JSON names another builder than its file is no record', async () => {
    const volume = tempVolume()
    fs.mkdirSync(recordsOf(volume))
    fs.writeFileSync(path.join(recordsOf(volume), 'cachekeeper-app.json'), JSON.stringify({ ...record('cachekeeper-other', 0), buildkit: 'v0.32.2' }))
    expect(builderRecord(volume, 'cachekeeper-app')).toBeUndefined()
    // Nothing of it is taken over: the node is bootstrapped, and the record written is this builder's own.
    const docker = fakeDocker({ known: true, container: true })
    await attachBuilder(docker.cli, options(volume), silentLogger)
    expect(docker.calls).toContain(bootstrap)
    expect(builderRecord(volume, 'cachekeeper-app')).toMatchObject({ name: 'cachekeeper-app', repoName: 'app' })
    fs.rmSync(volume, { recursive: true })
  })

  test('a record that is a symlink is not read through', () => {
    const volume = tempVolume()
    const elsewhere = tempVolume()
    fs.mkdirSync(recordsOf(volume))
    fs.writeFileSync(path.join(elsewhere, 'r.json'), JSON.stringify(record('cachekeeper-app', 0)))
    fs.symlinkSync(path.join(elsewhere, 'r.json'), path.join(recordsOf(volume), 'cachekeeper-app.json'))
    expect(builderRecord(volume, 'cachekeeper-app')).toBeUndefined()
    fs.rmSync(volume, { recursive: true })
    fs.rmSync(elsewhere, { recursive: true })
  })

  test('.builders swapped for a symlink: nothing is written, read or deleted through it', async () => {
    const volume = tempVolume()
    const elsewhere = tempVolume()
    fs.writeFileSync(path.join(elsewhere, 'cachekeeper-old.json'), JSON.stringify(record('cachekeeper-old', 20)))
    fs.writeFileSync(path.join(elsewhere, 'cachekeeper-app.json'), JSON.stringify(record('cachekeeper-app', 20)))
    fs.symlinkSync(elsewhere, recordsOf(volume))
    const docker = fakeDocker()
    expect(await attachBuilder(docker.cli, options(volume), silentLogger)).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/symlink/) })
    await expect(touchRecord(volume, 'cachekeeper-app', silentLogger, now)).rejects.toThrow(/symlink/)
    await expect(retireUnusedBuilders(docker.cli, volume, { now, dryRun: false }, silentLogger)).rejects.toThrow(/symlink/)
    expect(builderRecord(volume, 'cachekeeper-app')).toBeUndefined()
    expect(docker.calls.filter((call) => /^(rm|buildx rm|volume rm|buildx create)\b/.test(call))).toEqual([])
    expect(fs.readdirSync(elsewhere).sort()).toEqual(['cachekeeper-app.json', 'cachekeeper-old.json'])
    expect(parseRecord(fs.readFileSync(path.join(elsewhere, 'cachekeeper-app.json'), 'utf8'))?.lastUsedMs).toBe(now - 20 * day)
    fs.rmSync(volume, { recursive: true })
    fs.rmSync(elsewhere, { recursive: true })
  })
})

describe('touchRecord', () => {
  test('touchRecord waits for the records lock, and its temp name is not the PID (PIDs repeat across job containers)', async () => {
    const { volume, dir } = recordsScene()
    const file = path.join(dir, 'cachekeeper-old.json')
    // What another job container's writer with the same PID would be writing right now.
    fs.mkdirSync(`${file}.${process.pid}.tmp`)
    const events: string[] = []
    const holder = withDirLock(path.join(dir, '.lock'), silentLogger, async () => {
      events.push('holder in')
      await new Promise((resolve) => setTimeout(resolve, 300))
      events.push(`holder out, lastUsed ${parseRecord(fs.readFileSync(file, 'utf8'))?.lastUsedMs === now ? 'touched' : 'old'}`)
    })
    await touchRecord(volume, 'cachekeeper-old', silentLogger, now)
    events.push('touched')
    await holder
    expect(events).toEqual(['holder in', 'holder out, lastUsed old', 'touched'])
    expect(parseRecord(fs.readFileSync(file, 'utf8'))?.lastUsedMs).toBe(now)
    fs.rmSync(volume, { recursive: true })
  })
})
