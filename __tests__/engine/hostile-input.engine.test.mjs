// Bad input and hostile stores through the bundled action: each case has an
// exact outcome, and a sentinel tree beside volume-path is byte-for-byte
// unchanged after all of them.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, lines, runJob } from '../../scripts/lib/runner-emulation.mjs'
import { storeProblems } from '../../scripts/lib/store-oracle.mjs'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'))
const volume = path.join(root, 'volume')
const sentinel = path.join(root, 'sentinel')
const HEX = 'f'.repeat(64)

/** Every path, type, mode and content hash under a folder (symlinks by target, never followed). */
function fingerprint(dir) {
  const lines = []
  const walk = (current) => {
    for (const name of fs.readdirSync(current).sort()) {
      const file = path.join(current, name)
      const stat = fs.lstatSync(file)
      const rel = path.relative(dir, file)
      if (stat.isSymbolicLink()) lines.push(`${rel} -> ${fs.readlinkSync(file)}`)
      else if (stat.isDirectory()) {
        lines.push(`${rel}/ ${stat.mode}`)
        walk(file)
      } else lines.push(`${rel} ${stat.mode} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`)
    }
  }
  walk(dir)
  return lines.join('\n')
}

let before
beforeAll(() => {
  ensureEngine()
  fs.mkdirSync(path.join(sentinel, 'blobs', 'sha256'), { recursive: true })
  fs.writeFileSync(path.join(sentinel, 'secret.txt'), 'do not touch')
  fs.writeFileSync(path.join(sentinel, 'blobs', 'sha256', HEX), 'looks like a blob')
  fs.writeFileSync(path.join(sentinel, 'index.json'), '{"schemaVersion":2,"manifests":[]}')
  fs.mkdirSync(volume)
  before = fingerprint(sentinel)
})
afterAll(() => {
  expect(fingerprint(sentinel)).toBe(before)
  fs.rmSync(root, { recursive: true, force: true })
})

const invalid = (input, value) => ({ error: `Input '${input}' has an invalid value '${value}'` })

// [name, inputs, expected outcome]
const CASES = [
  ['unknown cache-mode', { 'cache-mode': 'redis' }, invalid('cache-mode', 'redis')],
  ['cache-mode is case-sensitive', { 'cache-mode': 'LOCAL' }, invalid('cache-mode', 'LOCAL')],
  ['unknown mode', { mode: 'maximum' }, invalid('mode', 'maximum')],
  ['relative volume-path', { 'volume-path': 'cache/dir' }, invalid('volume-path', 'cache/dir')],
  ['volume-path escaping with ..', { 'volume-path': `${volume}/../sentinel` }, invalid('volume-path', `${volume}/../sentinel`)],
  ['volume-path is the root', { 'volume-path': '/' }, invalid('volume-path', '/')],
  ['volume-path with a space', { 'volume-path': '/tmp/a b' }, invalid('volume-path', '/tmp/a b')],
  ['volume-path with a comma', { 'volume-path': '/tmp/a,src=/etc' }, invalid('volume-path', '/tmp/a,src=/etc')],
  ['repo-name traversal', { 'repo-name': '../sentinel' }, invalid('repo-name', '../sentinel')],
  ['repo-name with a slash', { 'repo-name': 'org/app' }, invalid('repo-name', 'org/app')],
  ['repo-name ..', { 'repo-name': '..' }, invalid('repo-name', '..')],
  ['repo-name .', { 'repo-name': '.' }, invalid('repo-name', '.')],
  ['repo-name starting with -', { 'repo-name': '-rf' }, invalid('repo-name', '-rf')],
  ['repo-name too long', { 'repo-name': 'a'.repeat(101) }, invalid('repo-name', 'a'.repeat(101))],
  ['max-size without unit', { 'max-size': '10' }, invalid('max-size', '10')],
  ['max-size unknown unit', { 'max-size': '10XB' }, invalid('max-size', '10XB')],
  ['max-size negative', { 'max-size': '-5GiB' }, invalid('max-size', '-5GiB')],
  ['max-age word', { 'max-age': 'forever' }, invalid('max-age', 'forever')],
  ['max-age zero', { 'max-age': '0d' }, invalid('max-age', '0d')],
  ['builder-max-age in years', { 'builder-max-age': '1y' }, invalid('builder-max-age', '1y')],
  ['ignore-error yes', { 'ignore-error': 'yes' }, invalid('ignore-error', 'yes')],
  ['read-only 1', { 'read-only': '1' }, invalid('read-only', '1')],
  ['dry-run on', { 'dry-run': 'on' }, invalid('dry-run', 'on')],
  ['prune-builders maybe', { 'prune-builders': 'maybe' }, invalid('prune-builders', 'maybe')],
  [
    'registry without registry-ref',
    { 'cache-mode': 'registry' },
    { error: "Input 'registry-ref' has an invalid value '': a repository such as git.example.com/org/app-cache is required with cache-mode registry" }
  ],
  [
    'registry-ref with a space',
    { 'cache-mode': 'registry', 'registry-ref': 'reg.example.com/org/app cache' },
    invalid('registry-ref', 'reg.example.com/org/app cache')
  ],
  ['registry-ref with a tag', { 'cache-mode': 'registry', 'registry-ref': 'reg.example.com/app:v1' }, invalid('registry-ref', 'reg.example.com/app:v1')],
  ['cache-options overriding dest', { 'cache-options': 'dest=/etc' }, invalid('cache-options', 'dest=/etc')],
  ['cache-options unknown compression', { 'cache-options': 'compression=lz4' }, invalid('cache-options', 'compression=lz4')],
  ['gha on a Gitea runner that serves no cache', { 'cache-mode': 'gha' }, { error: "cache-mode 'gha' needs the runner's cache service" }],
  [
    'registry-ref with local mode',
    { 'registry-ref': 'reg.example.com/app-cache' },
    { warning: "Input 'registry-ref' is ignored with cache-mode local", scope: 'main' }
  ],
  [
    'cache-options with inline',
    { 'cache-mode': 'inline', 'registry-ref': 'reg.example.com/app', 'cache-options': 'compression=zstd' },
    { warning: "Input 'cache-options' is ignored for the inline exporter" }
  ],
  ['scope traversal becomes a harmless tag', { scope: '../../sentinel' }, { scope: /^sentinel_[0-9a-f]{16}$/ }],
  ['scope with shell characters', { scope: 'main;rm -rf /' }, { scope: /^main-rm--rf_[0-9a-f]{16}$/ }],
  ['key traversal', { key: '../../x' }, { scope: /^x-main_[0-9a-f]{16}$/ }],
  ['fallback-scopes traversal', { 'fallback-scopes': '../a\n/etc/passwd' }, { scope: 'main' }],
  ['volume-path is a file', { 'volume-path': path.join(root, 'a-file') }, { warning: 'is not a directory', cacheTo: '' }]
]

describe('bad input through the bundled action', () => {
  beforeAll(() => fs.writeFileSync(path.join(root, 'a-file'), 'not a volume'))

  test(`${CASES.length} cases, each with its exact outcome`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30)
    for (const [name, inputs, expected] of CASES) {
      const job = await runJob({ inputs: { 'volume-path': volume, 'prune-builders': 'false', ...inputs }, event: eventFor('push') })
      const outcome = { name, status: job.status, errors: job.main?.errors ?? job.pre?.errors, warnings: job.main?.warnings ?? [] }
      if (expected.error) {
        expect(outcome).toMatchObject({ status: 'failure', errors: [expect.stringContaining(expected.error)] })
      } else {
        expect(outcome).toMatchObject({ status: 'success' })
        if (expected.warning) expect(outcome.warnings).toContainEqual(expect.stringContaining(expected.warning))
        if (expected.scope) expect(job.outputs.scope).toMatch(expected.scope)
        if (expected.cacheTo !== undefined) expect(job.outputs['cache-to']).toBe(expected.cacheTo)
        for (const entry of [...lines(job.outputs['cache-from']), ...lines(job.outputs['cache-to'])]) {
          // Every local entry points inside volume-path.
          if (entry.startsWith('type=local')) expect(entry).toMatch(new RegExp(`(src|dest)=${volume}/acme__app/\\.staging/[^,/]+,`))
        }
      }
      expect([name, fingerprint(sentinel)]).toEqual([name, before])
    }
  })
})

describe('hostile stores', () => {
  test('symlinks and odd entries planted in the store are never followed; the build still runs', async () => {
    const store = path.join(volume, 'acme__app')
    const project = writeProject(path.join(root, 'proj'), { nonce: `${Date.now()}` })
    pruneBuilderCache()
    expect((await buildJob({ volume, project, event: eventFor('push') })).build.ok).toBe(true)
    // Plant: a hex-named symlink to a sentinel blob, a hex-named directory, odd names, a symlinked snapshot.
    fs.symlinkSync(path.join(sentinel, 'blobs', 'sha256', HEX), path.join(store, 'blobs', 'sha256', HEX))
    fs.mkdirSync(path.join(store, 'blobs', 'sha256', 'e'.repeat(64)))
    fs.writeFileSync(path.join(store, 'blobs', 'sha256', '..weird name'), 'x')
    fs.symlinkSync(sentinel, path.join(store, '.staging', 'evil-job'))
    const old = (Date.now() - 3 * 86400e3) / 1000
    fs.lutimesSync(path.join(store, '.staging', 'evil-job'), old, old)

    pruneBuilderCache()
    const job = await buildJob({ volume, project, event: eventFor('push') })
    expect(job.build.ok).toBe(true)
    expect(job.build.cached).toBe(job.build.steps)
    expect(job.job.post.code).toBe(0)
    expect(storeProblems(store, { hash: true }).problems).toEqual([])
    expect(fs.lstatSync(path.join(store, 'blobs', 'sha256', HEX)).isSymbolicLink()).toBe(true)
    expect(fingerprint(sentinel)).toBe(before)
  })

  test('a store that is a symlink to another folder is not used, and that folder is untouched', async () => {
    const linked = path.join(root, 'linked-volume')
    fs.mkdirSync(linked)
    fs.symlinkSync(sentinel, path.join(linked, 'acme__app'))
    const job = await runJob({ inputs: { 'volume-path': linked, 'prune-builders': 'false' }, event: eventFor('push') })
    expect(job.status).toBe('success')
    expect(job.main.warnings).toContainEqual(expect.stringMatching(/local cache is not used for this build: .*is not a directory/))
    expect(job.outputs['cache-from']).toBe('')
    expect(job.outputs['cache-to']).toBe('')
    expect(fingerprint(sentinel)).toBe(before)
  })
})
