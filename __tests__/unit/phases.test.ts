import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { MAIN_OUTPUTS, POST_OUTPUTS } from '../../src/config/names.js'
import type { BakeDefinition } from '../../src/backends/bake.js'
import type { OciIndex } from '../../src/store/oci.js'
import { scopeTag } from '../../src/scopes/tag.js'
import { writeCacheTag } from '../../__fixtures__/oci.js'
import { RUNTIME_TOKEN } from '../../__fixtures__/runtime-token.js'

// The docker CLI as pruning sees it on a host with no builders at all.
const getExecOutput = jest.fn(async (_command: string, _args?: string[], _options?: object) => ({ exitCode: 0, stdout: '', stderr: '' }))
jest.unstable_mockModule('@actions/core', () => core)
const which = jest.fn(async (_tool: string, _check?: boolean) => '/usr/bin/docker')
jest.unstable_mockModule('@actions/exec', () => ({ getExecOutput }))
jest.unstable_mockModule('@actions/io', () => ({ which }))
const main = await import('../../src/phases/main.js')
const post = await import('../../src/phases/post.js')

function inputs(values: Record<string, string>) {
  core.getInput.mockImplementation((name: string) => values[name] ?? '')
}

beforeEach(() => {
  core.resetCore()
  getExecOutput.mockClear()
  which.mockResolvedValue('/usr/bin/docker')
  process.env.GITHUB_REPOSITORY = 'acme/app'
  process.env.GITHUB_REF = 'refs/heads/main'
  process.env.GITHUB_EVENT_NAME = 'push'
  delete process.env.GITHUB_EVENT_PATH
  delete process.env.GITEA_ACTIONS
})

describe('main', () => {
  test('a bad input fails the step with a message naming input, value and what is allowed', async () => {
    inputs({ 'cache-mode': 'nfs' })
    await main.run()
    expect(core.setFailed).toHaveBeenCalledWith(
      "Input 'cache-mode' has an invalid value 'nfs': allowed values are local, registry, local+registry, gha, inline, s3, off, auto"
    )
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  test('gha on a Gitea runner that serves no cache fails with the reason and the fix', async () => {
    process.env.GITEA_ACTIONS = 'true'
    inputs({ 'cache-mode': 'gha' })
    await main.run()
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL are not set.*'local'.*'registry'/)
    )
  })

  test('gha on a Gitea runner with its cache server: entries and one notice naming the URL', async () => {
    process.env.GITEA_ACTIONS = 'true'
    process.env.ACTIONS_RUNTIME_TOKEN = RUNTIME_TOKEN
    process.env.ACTIONS_CACHE_URL = 'http://10.0.0.5:42000/'
    inputs({ 'cache-mode': 'gha', 'prune-builders': 'false' })
    try {
      await main.run()
    } finally {
      delete process.env.ACTIONS_RUNTIME_TOKEN
      delete process.env.ACTIONS_CACHE_URL
    }
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.notice).toHaveBeenCalledTimes(1)
    expect(core.notice).toHaveBeenCalledWith(expect.stringContaining('http://10.0.0.5:42000/'))
    expect(core.setOutput).toHaveBeenCalledWith('cache-from', 'type=gha,scope=acme__app-main')
    expect(core.setOutput).toHaveBeenCalledWith('cache-to', 'type=gha,scope=acme__app-main,mode=max,ignore-error=true')
  })

  test('an unusable store warns and leaves the build uncached instead of failing it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    fs.writeFileSync(path.join(dir, 'acme__app'), 'a file where the store should be')
    inputs({ 'volume-path': dir })
    await main.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('The local cache is not used for this build'))
    expect(core.setOutput).toHaveBeenCalledWith('cache-from', '')
    expect(core.setOutput).toHaveBeenCalledWith('cache-to', '')
    fs.rmSync(dir, { recursive: true })
  })

  test('sets every output action.yml declares, and no other', async () => {
    inputs({ 'cache-mode': 'off' })
    await main.run()
    expect(core.setOutput.mock.calls.map(([name]) => name).sort()).toEqual([...MAIN_OUTPUTS].sort())
  })

  test('prunes builders itself when pre did not run, and says how many it removed', async () => {
    inputs({ 'cache-mode': 'off' })
    await main.run()
    expect(getExecOutput).toHaveBeenCalledWith('docker', expect.arrayContaining(['ps', '-a']), expect.anything())
    expect(core.setOutput).toHaveBeenCalledWith('builders-pruned', '0')
  })

  test('no docker CLI on PATH: one warning saying so, no output lost', async () => {
    which.mockResolvedValue('')
    inputs({ 'cache-mode': 'off' })
    await main.run()
    expect(getExecOutput).not.toHaveBeenCalled()
    expect(core.warning.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/^Stale builders were not pruned: docker CLI not found on PATH; /)
    ])
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.setOutput).toHaveBeenCalledWith('builders-pruned', '0')
  })

  test("reports pre's count and does not prune again when pre ran", async () => {
    inputs({ 'cache-mode': 'off' })
    core.getState.mockImplementation((name: string) => (name === 'builders-pruned' ? '3' : ''))
    await main.run()
    expect(getExecOutput).not.toHaveBeenCalled()
    expect(core.setOutput).toHaveBeenCalledWith('builders-pruned', '3')
  })

  test('a closed (merged) pull request deletes pr-7, writes nothing and reads its base; post reclaims what only pr-7 used', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    const volume = path.join(dir, 'volume')
    const store = path.join(volume, 'acme__app')
    writeCacheTag(store, 'main')
    const pr = writeCacheTag(store, 'pr-7')
    const event = path.join(dir, 'event.json')
    fs.writeFileSync(event, JSON.stringify({ action: 'closed', number: 7, pull_request: { number: 7, merged: true, base: { ref: 'main' } } }))
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    process.env.GITHUB_EVENT_PATH = event
    inputs({ 'volume-path': volume, 'prune-builders': 'false' })
    await main.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    const output = (name: string) => core.setOutput.mock.calls.find(([n]) => n === name)?.[1] as unknown
    expect(output('cache-to')).toBe('')
    expect(output('scope')).toBe('')
    expect(output('restored-scope')).toBe('main')
    expect(output('cache-from')).toMatch(/^type=local,src=.*,tag=main$/)
    expect(core.info).toHaveBeenCalledWith(expect.stringMatching(/deleted\s+pr-7: removed from the store/))
    const tags = () =>
      (JSON.parse(fs.readFileSync(path.join(store, 'index.json'), 'utf8')) as OciIndex).manifests.map(
        (d) => d.annotations?.['org.opencontainers.image.ref.name']
      )
    expect(tags()).toEqual(['main'])

    const state = core.saveState.mock.calls.find(([name]) => name === 'job')?.[1] as string
    core.resetCore()
    core.getState.mockImplementation((name: string) => (name === 'job' ? state : ''))
    await post.run()
    expect(core.warning).not.toHaveBeenCalled()
    expect(pr.blobs.filter((hex) => fs.existsSync(path.join(store, 'blobs', 'sha256', hex)))).toEqual([])
    expect(core.info).toHaveBeenCalledWith(expect.stringMatching(/deleted\s+pr-7: its blobs reclaimed by gc/))
    fs.rmSync(dir, { recursive: true })
  })

  test('a closed pull request with no store: nothing to delete, the build runs cold', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    const event = path.join(dir, 'event.json')
    fs.writeFileSync(event, JSON.stringify({ action: 'closed', number: 7, pull_request: { number: 7, base: { ref: 'main' } } }))
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    process.env.GITHUB_EVENT_PATH = event
    inputs({ 'volume-path': path.join(dir, 'volume'), 'prune-builders': 'false' })
    await main.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    for (const name of ['cache-from', 'cache-to', 'scope', 'restored-scope']) expect(core.setOutput).toHaveBeenCalledWith(name, '')
    expect(core.info).toHaveBeenCalledWith(expect.stringMatching(/deleted\s+pr-7: not in the store/))
    fs.rmSync(dir, { recursive: true })
  })

  test('off: empty entries, scope still reported', async () => {
    inputs({ 'cache-mode': 'off' })
    await main.run()
    expect(core.setOutput).toHaveBeenCalledWith('cache-to', '')
    expect(core.setOutput).toHaveBeenCalledWith('scope', 'main')
  })
})

describe('bake targets through main and post', () => {
  test('main writes a bake file with one snapshot per target; post promotes each, sets the outputs and removes the file', async () => {
    const volume = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-bake-'))
    process.env.RUNNER_TEMP = volume
    inputs({ 'volume-path': volume, 'bake-targets': 'api\nworker', 'prune-builders': 'false' })
    await main.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    const output = (name: string) => core.setOutput.mock.calls.find(([n]) => n === name)?.[1] as unknown
    expect(output('cache-from')).toBe('')
    expect(output('cache-to')).toBe('')
    const [apiMain, workerMain] = ['api', 'worker'].map((target) => scopeTag('main', undefined, target))
    expect(output('scope')).toBe(`${apiMain}\n${workerMain}`)
    expect(output('cache-hit')).toBe('false')
    const bakeFile = output('bake-file') as string
    expect(path.dirname(bakeFile)).toBe(volume)
    const definition = JSON.parse(fs.readFileSync(bakeFile, 'utf8')) as BakeDefinition
    expect(Object.keys(definition.target)).toEqual(['api', 'worker'])
    const dest = (target: string) => /dest=([^,]+)/.exec(definition.target[target]['cache-to'][0])?.[1] ?? ''
    expect(definition.target.api['cache-to'][0]).toContain(`tag=${apiMain},`)
    expect(dest('api')).not.toBe(dest('worker'))
    expect(fs.readdirSync(path.join(volume, 'acme__app', '.staging')).sort()).toEqual([path.basename(dest('api')), path.basename(dest('worker'))].sort())

    // What BuildKit would export: a new cache for api only.
    writeCacheTag(dest('api'), apiMain)
    const state = core.saveState.mock.calls.find(([name]) => name === 'job')?.[1] as string
    core.resetCore()
    core.getState.mockImplementation((name: string) => (name === 'job' ? state : ''))
    await post.run()
    expect(core.warning).not.toHaveBeenCalled()
    expect(fs.existsSync(bakeFile)).toBe(false)
    expect(fs.readdirSync(path.join(volume, 'acme__app', '.staging'))).toEqual([])
    const index = JSON.parse(fs.readFileSync(path.join(volume, 'acme__app', 'index.json'), 'utf8')) as OciIndex
    expect(index.manifests.map((d) => d.annotations?.['org.opencontainers.image.ref.name'])).toEqual([apiMain])
    const postOutput = (name: string) => core.setOutput.mock.calls.find(([n]) => n === name)?.[1] as unknown
    expect(Number(postOutput('cache-new-bytes'))).toBeGreaterThan(0)
    expect(postOutput('cache-size')).toBe(postOutput('cache-new-bytes'))
    expect(core.setOutput.mock.calls.map(([name]) => name).sort()).toEqual([...POST_OUTPUTS].sort())
    delete process.env.RUNNER_TEMP
    fs.rmSync(volume, { recursive: true })
  })
})

describe('post', () => {
  test('without state it does nothing and does not fail', async () => {
    core.getState.mockReturnValue('')
    await post.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.info).toHaveBeenCalledWith('Nothing to do: main did not prepare a cache')
  })

  test('an aborted GC says so with its reason and prints no counts', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'post-gc-'))
    try {
      const store = path.join(root, 'acme__app')
      fs.mkdirSync(path.join(store, 'blobs', 'sha256'), { recursive: true })
      fs.writeFileSync(path.join(store, 'index.json'), '{not json')
      const snapshotDir = path.join(store, '.staging', 'job')
      fs.mkdirSync(snapshotDir, { recursive: true })
      core.getState.mockReturnValue(JSON.stringify({ backend: 'local', storeRoot: store, exports: [{ snapshotDir }] }))
      await post.run()
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.warning).toHaveBeenCalledWith(expect.stringMatching(/^Garbage collection aborted: index.json could not be read: /))
      const table = core.info.mock.calls.map(([message]) => String(message)).find((message) => message.startsWith('Build cache promotion'))
      expect(table).toMatch(/\n {2}gc +aborted: index.json could not be read: /)
      expect(table).not.toMatch(/\d+ blobs/)
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })

  test.each([
    ['promoted export', false, true],
    ['kept store copy', true, false]
  ])('%s: the scope is marked used; only an export marks the store copy current', async (_name, kept, exported) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'post-kept-'))
    try {
      const store = path.join(root, 'acme__app')
      const { createSnapshot } = await import('../../src/store/snapshot.js')
      const { withStoreLock } = await import('../../src/store/lock.js')
      const { storeLayout } = await import('../../src/store/layout.js')
      const { readExported, readLastUsed } = await import('../../src/store/last-used.js')
      fs.mkdirSync(path.join(store, 'blobs', 'sha256'), { recursive: true })
      writeCacheTag(store, 'main')
      const layout = storeLayout(store)
      fs.mkdirSync(layout.staging, { recursive: true })
      const snapshot = await withStoreLock(layout, core, (lock) => createSnapshot(lock, layout, 'job', 'main', core))
      // The build's export: a new entry for main in the snapshot (a kept copy's build writes none).
      if (!kept) writeCacheTag(snapshot.dir, 'main', { layers: 3 })
      const entry = { snapshotDir: snapshot.dir, writeTag: 'main', baseDigest: snapshot.baseDigest, ...(kept ? { kept: true } : {}) }
      core.getState.mockReturnValue(JSON.stringify({ backend: 'local', storeRoot: store, exports: [entry] }))
      await post.run()
      expect(core.warning).not.toHaveBeenCalled()
      expect(readLastUsed(layout).has('main')).toBe(true)
      expect(readExported(layout).has('main')).toBe(exported)
      const table = core.info.mock.calls.map(([message]) => String(message)).find((message) => message.startsWith('Build cache promotion'))
      expect(table).toMatch(kept ? /nothing: the store copy is younger than store-refresh/ : /main: \d+ new blobs/)
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })

  test('any error becomes a warning', async () => {
    core.getState.mockReturnValue(
      JSON.stringify({ backend: 'local', storeRoot: '/nonexistent/store', exports: [{ snapshotDir: '/nonexistent/store/.staging/x', writeTag: 'main' }] })
    )
    await post.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(expect.stringMatching(/^Cache post step: /))
  })
})

describe('persistent builder in the phases', () => {
  test('main: a builder that cannot be had is a warning and an empty builder output, never a failed step', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    inputs({ 'cache-mode': 'off', 'volume-path': dir, 'persistent-builder': 'true' })
    await main.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(expect.stringMatching(/^The persistent builder cachekeeper-acme__app is not used for this build: /))
    expect(core.setOutput).toHaveBeenCalledWith('builder', '')
    expect((JSON.parse(core.saveState.mock.calls.find(([key]) => key === 'job')?.[1] as string) as { builder?: unknown }).builder).toBeUndefined()
    fs.rmSync(dir, { recursive: true })
  })

  test('main: off by default; no buildx call, empty builder output', async () => {
    inputs({ 'cache-mode': 'off' })
    await main.run()
    expect(getExecOutput.mock.calls.some(([, args]) => args?.[0] === 'buildx')).toBe(false)
    expect(core.setOutput).toHaveBeenCalledWith('builder', '')
  })

  test.each([
    ['measured a minute ago', 60e3, false],
    ['measured an hour ago', 3600e3, true]
  ])('post: a builder cache %s at a tenth of its budget: du %s', async (_label, ago, measured) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    fs.mkdirSync(path.join(dir, '.builders'))
    const record = { name: 'cachekeeper-app', repoName: 'app', lastUsedMs: 0, maxAgeMs: 1e9, driverOpts: [], budgetFlag: '--keep-storage' }
    const file = path.join(dir, '.builders', 'cachekeeper-app.json')
    fs.writeFileSync(file, JSON.stringify({ ...record, budgetCheckedMs: Date.now() - ago, cacheBytes: 1e8 }))
    getExecOutput.mockImplementation(async (_command, args) => ({ exitCode: 0, stdout: args?.[1] === 'du' ? 'Total: 200MB\n' : '', stderr: '' }))
    core.getState.mockReturnValue(JSON.stringify({ backend: 'off', builder: { name: 'cachekeeper-app', volumePath: dir, maxSizeBytes: 1e9, dryRun: false } }))
    await post.run()
    expect(getExecOutput.mock.calls.some(([, args]) => args?.[1] === 'du')).toBe(measured)
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { cacheBytes: number; budgetCheckedMs: number }
    expect(saved.cacheBytes).toBe(measured ? 2e8 : 1e8)
    expect(Date.now() - saved.budgetCheckedMs < 30e3).toBe(measured)
    expect(core.warning).not.toHaveBeenCalled()
    fs.rmSync(dir, { recursive: true })
  })

  test("post: the builder's budget prune runs with the flag buildx offers, and a failure is only a warning", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    getExecOutput.mockImplementation(async (_command, args) =>
      args?.[2] === '--help'
        ? { exitCode: 0, stdout: '--reserved-space bytes', stderr: '' }
        : { exitCode: 1, stdout: '', stderr: 'ERROR: no builder "cachekeeper-app" found' }
    )
    core.getState.mockReturnValue(JSON.stringify({ backend: 'off', builder: { name: 'cachekeeper-app', volumePath: dir, maxSizeBytes: 1e9, dryRun: false } }))
    await post.run()
    expect(getExecOutput).toHaveBeenCalledWith(
      'docker',
      ['buildx', 'prune', '--builder', 'cachekeeper-app', '--force', '--all', '--reserved-space', '1000000000'],
      expect.anything()
    )
    expect(core.warning).toHaveBeenCalledWith(expect.stringMatching(/^The cache of builder cachekeeper-app was not pruned to 953\.7 ?MiB: ERROR: no builder/))
    expect(core.setFailed).not.toHaveBeenCalled()
    fs.rmSync(dir, { recursive: true })
  })
})

describe('main on a re-attached persistent builder, the store copy of main 10 minutes old (store-refresh 1h)', () => {
  const name = 'cachekeeper-acme__app'
  const dirs: string[] = []
  let store = ''

  beforeEach(async () => {
    const volume = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-kept-'))
    const buildxConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-buildx-'))
    dirs.push(volume, buildxConfig)
    store = path.join(volume, 'acme__app')
    fs.mkdirSync(path.join(store, 'blobs', 'sha256'), { recursive: true })
    writeCacheTag(store, 'main')
    const { storeLayout } = await import('../../src/store/layout.js')
    const { updateExported } = await import('../../src/store/last-used.js')
    const { withStoreLock } = await import('../../src/store/lock.js')
    const { silentLogger } = await import('../../src/log.js')
    const layout = storeLayout(store)
    await withStoreLock(layout, silentLogger, (lock) => updateExported(lock, layout, ['main', 'dev'], Date.now() - 600e3))
    // The builder's record names its BuildKit and buildx knows it: re-attached without a bootstrap.
    fs.mkdirSync(path.join(volume, '.builders'))
    const record = { name, repoName: 'acme__app', lastUsedMs: Date.now(), maxAgeMs: 1e9, driverOpts: [], buildkit: 'v0.35.0' }
    fs.writeFileSync(path.join(volume, '.builders', `${name}.json`), JSON.stringify(record))
    fs.mkdirSync(path.join(buildxConfig, 'instances'))
    fs.writeFileSync(path.join(buildxConfig, 'instances', name), '{}')
    process.env.BUILDX_CONFIG = buildxConfig
    inputs({ 'volume-path': volume, 'persistent-builder': 'true', 'prune-builders': 'false' })
  })

  afterEach(() => {
    delete process.env.BUILDX_CONFIG
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  /** The node container runs; `buildctl du` in it answers `du` (nothing: the exec fails). */
  function docker(du: string) {
    getExecOutput.mockImplementation(async (_command, args) => {
      if (args?.[0] === 'container' && args[1] === 'inspect') return { exitCode: 0, stdout: 'true\n', stderr: '' }
      if (args?.[0] === 'exec')
        return du
          ? { exitCode: 0, stdout: `ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\nReclaimable:\t${du}\nTotal:\t\t${du}\n`, stderr: '' }
          : { exitCode: 127, stdout: '', stderr: 'exec: "buildctl": not found' }
      return { exitCode: 0, stdout: '', stderr: '' }
    })
  }
  const output = (key: string): unknown => core.setOutput.mock.calls.find(([name]) => name === key)?.[1]
  const execs = () => getExecOutput.mock.calls.filter(([, args]) => args?.[0] === 'exec').map(([, args]) => args)
  const savedExports = () =>
    (JSON.parse(core.saveState.mock.calls.find(([key]) => key === 'job')?.[1] as string) as { exports: Array<{ kept?: boolean }> }).exports

  test.each([
    ['holds the cache (1GB): neither imported nor exported', '1GB', false, 1],
    ['was pruned (0B): the store copy imported, not exported', '0B', true, 1],
    ['cannot be measured (asked twice): imported, not exported', '', true, 2]
  ])('the builder %s', async (_label, du, imported, asked) => {
    docker(du)
    await main.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(output('builder')).toBe(name)
    expect(output('cache-from')).toMatch(imported ? new RegExp(`^type=local,src=${store}/\\.staging/[^,]+,tag=main$`) : /^$/)
    expect(output('cache-to')).toBe('')
    expect(savedExports()).toEqual([expect.objectContaining({ kept: true })])
    expect(execs()).toEqual(Array(asked).fill(['exec', `buildx_buildkit_${name}0`, 'buildctl', 'du']))
    expect(core.info).toHaveBeenCalledWith(
      expect.stringMatching(
        imported
          ? /^The store's copy of scope main was exported 10m ago, within store-refresh \(60m\): this build on the persistent builder does not export it; .*so the build imports the copy$/
          : /^The store's copy of scope main was exported 10m ago, .*: the builder holds the cache, so the copy is not imported either$/
      )
    )
  })

  test('fresh-build clears the builder: every store copy is dated stale for its next build, this one exports, and nothing is measured', async () => {
    docker('1GB')
    inputs({ 'volume-path': path.dirname(store), 'persistent-builder': 'true', 'prune-builders': 'false', 'fresh-build': 'true' })
    await main.run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(getExecOutput).toHaveBeenCalledWith('docker', ['buildx', 'prune', '--builder', name, '--all', '--force'], expect.anything())
    const { storeLayout } = await import('../../src/store/layout.js')
    const { readExported } = await import('../../src/store/last-used.js')
    expect([...readExported(storeLayout(store))]).toEqual([
      ['main', 0],
      ['dev', 0]
    ])
    expect(output('cache-from')).toBe('')
    expect(output('cache-to')).toMatch(/^type=local,dest=.*tag=main/)
    expect(savedExports()).toEqual([expect.not.objectContaining({ kept: true })])
    expect(execs()).toEqual([])
  })
})
