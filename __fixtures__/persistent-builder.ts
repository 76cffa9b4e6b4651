// The persistent builder's tests share one scripted docker CLI and the records and options around it.
import { expect } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { builderContainer } from '../src/builders/buildx-names.js'
import type { BuilderRecord } from '../src/builders/persistent/record.js'
import type { DockerCli } from '../src/docker-cli.js'

export const now = Date.parse('2026-11-25T12:00:00Z')
export const day = 24 * 3600e3
export const record = (name: string, idleDays: number, maxAgeDays = 14): BuilderRecord => ({
  name,
  repoName: name.slice(12),
  lastUsedMs: now - idleDays * day,
  maxAgeMs: maxAgeDays * day,
  driverOpts: []
})

/**
 * A docker CLI that answers from a script of the builder's life: which
 * containers exist, whether buildx knows the builder in this job container,
 * whether bootstrap works. Records every argv.
 */
export interface Scene {
  known?: boolean
  container?: boolean
  running?: boolean
  broken?: number
  conflict?: boolean
  createFails?: boolean
  help?: string
  /** What `buildx du` totals. */
  du?: string
}

export function fakeDocker({
  known = false,
  container = false,
  running = container,
  broken = 0,
  conflict = false,
  createFails = false,
  help = '--keep-storage bytes',
  du = '20MB'
}: Scene = {}) {
  const calls: string[] = []
  const state = { known, container, running, broken, conflict, nodeRecords: new Map<string, string>() }
  const cli: DockerCli = async (args) => {
    calls.push(args.join(' '))
    const [a, b] = args
    if (a === 'container' && b === 'inspect') {
      if (!state.container) return { code: 1, stdout: '', stderr: 'Error: No such container' }
      return { code: 0, stdout: args[3] === '{{.State.Running}}' ? `${state.running}\n` : '/x\n', stderr: '' }
    }
    if (a === 'buildx' && b === 'inspect') {
      if (!state.known) return { code: 1, stdout: '', stderr: `ERROR: no builder "${args.at(-1)}" found` }
      if (state.conflict) {
        // Another job, outside the lock, made the node container while this bootstrap tried to.
        state.conflict = false
        state.container = true
        state.running = true
        const node = builderContainer(String(args.at(-1)))
        return {
          code: 1,
          stdout: '',
          stderr: `ERROR: Error response from daemon: Conflict. The container name "/${node}" is already in use by container "4f2c". You have to remove (or rename) that container to be able to reuse that name.`
        }
      }
      if (state.broken > 0) {
        state.broken--
        return { code: 1, stdout: '', stderr: 'ERROR: failed to bootstrap: buildkitd exited' }
      }
      state.container = true
      state.running = true
      return { code: 0, stdout: 'Driver: docker-container\nStatus: running\nBuildkit: v0.32.2\n', stderr: '' }
    }
    if (a === 'buildx' && b === 'create') {
      if (createFails) return { code: 1, stdout: '', stderr: 'ERROR: failed to find driver "docker-container"' }
      state.known = true
      // As buildx does: its record of the builder in the job's buildx folder (tests that read it set BUILDX_CONFIG).
      if (process.env.BUILDX_CONFIG) {
        fs.mkdirSync(path.join(process.env.BUILDX_CONFIG, 'instances'), { recursive: true })
        fs.writeFileSync(path.join(process.env.BUILDX_CONFIG, 'instances', args[3]), instanceJson(args[3]))
      }
      return { code: 0, stdout: args[3] + '\n', stderr: '' }
    }
    if (a === 'buildx' && b === 'rm') {
      state.known = false
      state.container = false
      state.running = false
      return { code: 0, stdout: '', stderr: '' }
    }
    if (a === 'cp') {
      // docker cp both ways: `<node>:/file <dir>` reads the record kept in the container, `<file> <node>:/file` writes it.
      const [from, to] = args.slice(1)
      if (from.includes(':')) {
        const text = state.nodeRecords.get(from.split(':')[0])
        if (text === undefined) return { code: 1, stdout: '', stderr: 'Error: Could not find the file' }
        fs.writeFileSync(path.join(to, 'cachekeeper-builder.json'), text)
        return { code: 0, stdout: '', stderr: '' }
      }
      if (!state.container) return { code: 1, stdout: '', stderr: 'Error: No such container' }
      state.nodeRecords.set(to.split(':')[0], fs.readFileSync(from, 'utf8'))
      return { code: 0, stdout: '', stderr: '' }
    }
    if (a === 'ps')
      return {
        code: 0,
        stdout: [...state.nodeRecords.keys(), 'buildx_buildkit_cachekeeper-norecord0', 'xbuildx_buildkit_cachekeeper-x0'].join('\n') + '\n',
        stderr: ''
      }
    if (a === 'rm' || a === 'volume') {
      if (a === 'rm') state.nodeRecords.delete(args[2])
      return { code: 0, stdout: '', stderr: '' }
    }
    if (a === 'buildx' && b === 'du') return { code: 0, stdout: `ID  RECLAIMABLE SIZE\nabc true 1MB\nReclaimable:\t${du}\nTotal:\t${du}\n`, stderr: '' }
    if (a === 'buildx' && b === 'prune' && args[2] === '--help') return { code: 0, stdout: help, stderr: '' }
    if (a === 'buildx' && b === 'prune') return { code: 0, stdout: 'ID  RECLAIMABLE SIZE\nabc true 1MB\nTotal:\t12.5MB\n', stderr: '' }
    throw new Error(`unexpected docker ${args.join(' ')}`)
  }
  return { cli, calls, state }
}

export const tempVolume = () => fs.mkdtempSync(path.join(os.tmpdir(), 'persistent-'))
/** buildx's record of a builder as create writes it (the same JSON from buildx 0.13.1 to 0.36.1). */
export const instanceJson = (name: string, endpoint = 'unix:///var/run/docker.sock') =>
  JSON.stringify({
    Name: name,
    Driver: 'docker-container',
    Nodes: [{ Name: `${name}0`, Endpoint: endpoint, Platforms: null, DriverOpts: { network: 'host' }, Flags: null, Files: null }],
    Dynamic: false
  })
export const options = (volumePath: string, extra = {}) => ({
  name: 'cachekeeper-app',
  repoName: 'app',
  volumePath,
  driverOpts: ['network=host'],
  maxAgeMs: 14 * day,
  now,
  ...extra
})
export const create = 'buildx create --name cachekeeper-app --driver docker-container --driver-opt network=host --use'
export const bootstrap = 'buildx inspect --bootstrap cachekeeper-app'
export const running = 'container inspect --format {{.State.Running}} buildx_buildkit_cachekeeper-app0'
/** attachBuilder's answer for a builder it made ready, `how` it got there. */
export const ready = (how: string, current = true) => ({
  state: 'ready',
  name: 'cachekeeper-app',
  how,
  buildkit: 'v0.32.2',
  current,
  record: expect.objectContaining({ buildkit: 'v0.32.2' })
})

/** A volume whose records folder holds an old and a fresh builder, a decoy record under another file name, and a file that is no record. */
export function recordsScene() {
  const volume = tempVolume()
  const dir = path.join(volume, '.builders')
  fs.mkdirSync(dir)
  for (const r of [record('cachekeeper-old', 20), record('cachekeeper-fresh', 1)]) fs.writeFileSync(path.join(dir, `${r.name}.json`), JSON.stringify(r))
  // A record under another file name cannot aim the removal at anything.
  fs.writeFileSync(path.join(dir, 'cachekeeper-decoy.json'), JSON.stringify(record('cachekeeper-victim', 99)))
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a record')
  return { volume, dir }
}
