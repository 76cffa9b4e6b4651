import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { touchRecord, writeNodeRecord } from '../../../../src/builders/persistent/records-io.js'
import { retireUnusedBuilders, retireUnusedNodeBuilders } from '../../../../src/builders/persistent/retire.js'
import { silentLogger } from '../../../../src/log.js'
import { fakeDocker, now, record, recordsScene, tempVolume } from '../../../../__fixtures__/persistent-builder.js'

describe('retireUnusedBuilders', () => {
  test('removes only recorded builders of ours past their max-age, then their record', async () => {
    const { volume, dir } = recordsScene()
    const docker = fakeDocker()
    expect(await retireUnusedBuilders(docker.cli, volume, { now, dryRun: false }, silentLogger)).toEqual(['cachekeeper-old'])
    expect(docker.calls.map((call) => call.replace(/cachekeeper-record-\w+/, 'TMP'))).toEqual([
      // A job without the volume may have used it since: the record in its container is read first.
      `cp buildx_buildkit_cachekeeper-old0:/cachekeeper-builder.json ${path.join(os.tmpdir(), 'TMP')}`,
      'buildx rm cachekeeper-old',
      'rm -f buildx_buildkit_cachekeeper-old0',
      'volume rm -f buildx_buildkit_cachekeeper-old0_state',
      'container inspect --format {{.Name}} buildx_buildkit_cachekeeper-old0'
    ])
    expect(fs.readdirSync(dir).sort()).toEqual(['cachekeeper-decoy.json', 'cachekeeper-fresh.json', 'notes.txt'])
    fs.rmSync(volume, { recursive: true })
  })

  test('dry-run names them and changes nothing', async () => {
    const { volume, dir } = recordsScene()
    const docker = fakeDocker()
    expect(await retireUnusedBuilders(docker.cli, volume, { now, dryRun: true }, silentLogger)).toEqual(['cachekeeper-old'])
    expect(docker.calls.filter((call) => !call.startsWith('cp buildx_buildkit_cachekeeper-old0:'))).toEqual([])
    expect(fs.readdirSync(dir)).toContain('cachekeeper-old.json')
    fs.rmSync(volume, { recursive: true })
  })

  test('a builder used since is kept: touchRecord moves its last use', async () => {
    const { volume } = recordsScene()
    await touchRecord(volume, 'cachekeeper-old', silentLogger, now)
    expect(await retireUnusedBuilders(fakeDocker().cli, volume, { now, dryRun: false }, silentLogger)).toEqual([])
    fs.rmSync(volume, { recursive: true })
  })

  test('no records folder: nothing to do, no docker call', async () => {
    const volume = tempVolume()
    const docker = fakeDocker()
    expect(await retireUnusedBuilders(docker.cli, volume, { now, dryRun: false }, silentLogger)).toEqual([])
    expect(docker.calls).toEqual([])
    fs.rmSync(volume, { recursive: true })
  })
})

describe('without a persistent volume (Docker keeps the lock and the record)', () => {
  test("retirement reads each node container's record: unused ones go, fresh ones, foreign names and containers without a record stay", async () => {
    const docker = fakeDocker({ container: true })
    await writeNodeRecord(docker.cli, record('cachekeeper-old', 20))
    await writeNodeRecord(docker.cli, record('cachekeeper-fresh', 1))
    const dry = await retireUnusedNodeBuilders(docker.cli, { now, dryRun: true }, silentLogger)
    expect(dry).toEqual(['cachekeeper-old'])
    expect(docker.calls.filter((call) => /^(rm|buildx rm|volume rm)\b/.test(call))).toEqual([])
    docker.state.container = false
    expect(await retireUnusedNodeBuilders(docker.cli, { now, dryRun: false }, silentLogger)).toEqual(['cachekeeper-old'])
    expect(docker.calls.filter((call) => /^(rm|buildx rm|volume rm)\b/.test(call))).toEqual([
      'buildx rm cachekeeper-old',
      'rm -f buildx_buildkit_cachekeeper-old0',
      'volume rm -f buildx_buildkit_cachekeeper-old0_state'
    ])
  })

  test('a builder whose file record is old but whose container record is fresh (used by jobs without the volume) is kept', async () => {
    const volume = tempVolume()
    fs.mkdirSync(path.join(volume, '.builders'))
    fs.writeFileSync(path.join(volume, '.builders', 'cachekeeper-old.json'), JSON.stringify(record('cachekeeper-old', 20)))
    const docker = fakeDocker({ container: true })
    await writeNodeRecord(docker.cli, record('cachekeeper-old', 1))
    expect(await retireUnusedBuilders(docker.cli, volume, { now, dryRun: false }, silentLogger)).toEqual([])
    fs.rmSync(volume, { recursive: true })
  })
})
