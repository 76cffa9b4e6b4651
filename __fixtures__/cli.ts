import { afterEach, beforeEach, expect } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { main } from '../src/cli/cli.js'
import type { DockerCli } from '../src/docker-cli.js'
import { readIndex } from '../src/store/oci.js'
import { blobFile, writeBlob, writeCacheTag } from './oci.js'

/** One command line through the CLI's main, its two streams captured; the docker CLI is the test's. */
export async function runCli(docker: DockerCli, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text), docker })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/** A docker for the commands that must never run it. */
export const NO_DOCKER: DockerCli = async () => {
  throw new Error('these commands never run docker')
}

/** Every path under a folder with its type, size, mode and mtime, so any change shows. */
export function tree(root: string): string {
  const lines: string[] = []
  const walk = (folder: string) => {
    for (const name of fs.readdirSync(folder).sort()) {
      const file = path.join(folder, name)
      const stat = fs.lstatSync(file)
      lines.push(`${path.relative(root, file)} ${stat.isDirectory() ? 'd' : stat.isSymbolicLink() ? 'l' : 'f'} ${stat.size} ${stat.mode} ${stat.mtimeMs}`)
      if (stat.isDirectory()) walk(file)
    }
  }
  walk(root)
  return lines.join('\n')
}

// The store folders themselves change mtime as the lock comes and goes; what is in them must not.
export const contents = (root: string) =>
  tree(root)
    .split('\n')
    .filter((line) => !/^\w+ d /.test(line))
    .join('\n')

/** Gives the first layer of app's dev scope other bytes of the same size; returns its digest. */
export function corruptDevLayer(volume: string): string {
  const store = path.join(volume, 'app')
  const dev = readIndex(path.join(store, 'index.json')).manifests[1]
  const manifest = JSON.parse(fs.readFileSync(blobFile(store, dev.digest), 'utf8')) as { manifests: Array<{ digest: string; size: number }> }
  const layer = manifest.manifests[0]
  fs.writeFileSync(blobFile(store, layer.digest), Buffer.alloc(layer.size))
  return layer.digest
}

export interface CliVolume {
  dir: string
  /** `dir/volume`: stores app (scopes main, dev) and web (main). */
  volume: string
  /** `dir/x`, what `--repo ../x` would reach. */
  sentinel: string
  /** Holds the test to nothing next to the volume having changed, whatever the command did; then removes it all. */
  close(): void
}

const outsideVolume = (dir: string) =>
  tree(dir)
    .split('\n')
    .filter((line) => !line.startsWith('volume'))
    .join('\n')

/** A volume for the store commands, in a new temp folder, with what lies next to it recorded. */
export function makeCliVolume(): CliVolume {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'))
  const volume = path.join(dir, 'volume')
  // Next to the volume: `x` is what `--repo ../x` would reach, `elsewhere` a store a symlink points at.
  const sentinel = path.join(dir, 'x')
  fs.mkdirSync(sentinel)
  fs.writeFileSync(path.join(sentinel, 'keep.txt'), 'keep me')
  writeCacheTag(path.join(dir, 'elsewhere'), 'main')
  writeBlob(path.join(dir, 'elsewhere'), 'unreferenced', 'application/octet-stream')
  for (const tag of ['main', 'dev']) writeCacheTag(path.join(volume, 'app'), tag)
  writeCacheTag(path.join(volume, 'web'), 'main')
  const before = outsideVolume(dir)
  return {
    dir,
    volume,
    sentinel,
    close: () => {
      expect(outsideVolume(dir)).toBe(before)
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * A CLI test's setting, as jest hooks for the file or the describe block it
 * is called in: a new volume (makeCliVolume) before each test, handed to `use`
 * for the test's own bindings, and closed after it.
 */
export function eachCliVolume(use: (volume: CliVolume) => void): void {
  let current: CliVolume | undefined
  beforeEach(() => {
    current = makeCliVolume()
    use(current)
  })
  afterEach(() => current?.close())
}

/** The CLI run with a docker that must not be called (NO_DOCKER). */
export const cli = (...argv: string[]) => runCli(NO_DOCKER, argv)
