// post run whole through a recording runner, from the state main would have handed it: the job's
// environment and clock are the runner's; what post says and sets is read back from the runner.
// The docker CLI goes through runner/exec.ts, so @actions/exec and @actions/io are the test's.
import { describe, expect, jest, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../../__fixtures__/core.js'
import { getExecOutput, phaseMocksEachTest, which } from '../../../__fixtures__/phase-mocks.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'
import { recordingRunner, said, shownTable } from '../../../__fixtures__/runner.js'
import { STATE_KEYS } from '../../../src/config/names.js'
import { silentLogger } from '../../../src/log.js'
import { readExported, readLastUsed } from '../../../src/store/last-used.js'
import { storeLayout } from '../../../src/store/layout.js'
import { withStoreLock } from '../../../src/store/lock.js'
import { createSnapshot } from '../../../src/store/snapshot.js'

// Only exec's debug line reaches @actions/core: a stand-in keeps it out of the test's output (phaseMocksEachTest).
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('@actions/exec', () => ({ getExecOutput }))
jest.unstable_mockModule('@actions/io', () => ({ which }))
const post = await import('../../../src/phases/post.js')

/** The job's environment. */
const ENV = { GITHUB_REPOSITORY: 'acme/app', GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' }

/** Post's runner: main's job state (none: main prepared nothing), the job's environment and clock. */
const postWith = (state: object | undefined, now?: () => number) =>
  recordingRunner({}, state ? { [STATE_KEYS.job]: JSON.stringify(state) } : {}, { env: { ...ENV }, ...(now ? { now } : {}) })

phaseMocksEachTest()

describe('post', () => {
  test('without state it does nothing and does not fail', async () => {
    const runner = postWith(undefined)
    await post.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(said(runner, 'info')).toContainEqual('Nothing to do: main did not prepare a cache')
  })

  test('an aborted GC says so with its reason and prints no counts', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'post-gc-'))
    try {
      const store = path.join(root, 'acme__app')
      fs.mkdirSync(path.join(store, 'blobs', 'sha256'), { recursive: true })
      fs.writeFileSync(path.join(store, 'index.json'), '{not json')
      const snapshotDir = path.join(store, '.staging', 'job')
      fs.mkdirSync(snapshotDir, { recursive: true })
      const runner = postWith({ backend: 'local', storeRoot: store, exports: [{ snapshotDir }] })
      await post.run(runner)
      expect(said(runner, 'failed')).toEqual([])
      expect(said(runner, 'warning')).toContainEqual(expect.stringMatching(/^Garbage collection aborted: index.json could not be read: /))
      const rows = shownTable(runner, 'Build cache promotion')
      expect(rows).toContainEqual(['gc', expect.stringMatching(/^aborted: index.json could not be read: /)])
      expect(rows.flat().join('\n')).not.toMatch(/\d+ blobs/)
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
      fs.mkdirSync(path.join(store, 'blobs', 'sha256'), { recursive: true })
      writeCacheTag(store, 'main')
      const layout = storeLayout(store)
      fs.mkdirSync(layout.staging, { recursive: true })
      const snapshot = await withStoreLock(layout, silentLogger, (lock) => createSnapshot(lock, layout, 'job', 'main', silentLogger))
      // The build's export: a new entry for main in the snapshot (a kept copy's build writes none).
      if (!kept) writeCacheTag(snapshot.dir, 'main', { layers: 3 })
      const entry = { snapshotDir: snapshot.dir, writeTag: 'main', baseDigest: snapshot.baseDigest, ...(kept ? { kept: true } : {}) }
      const runner = postWith({ backend: 'local', storeRoot: store, exports: [entry] })
      await post.run(runner)
      expect(said(runner, 'warning')).toEqual([])
      expect(readLastUsed(layout).has('main')).toBe(true)
      expect(readExported(layout).has('main')).toBe(exported)
      expect(shownTable(runner, 'Build cache promotion')).toContainEqual([
        'promoted',
        expect.stringMatching(kept ? /nothing: the store copy is younger than store-refresh/ : /main: \d+ new blobs/)
      ])
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })

  test('any error becomes a warning', async () => {
    const runner = postWith({
      backend: 'local',
      storeRoot: '/nonexistent/store',
      exports: [{ snapshotDir: '/nonexistent/store/.staging/x', writeTag: 'main' }]
    })
    await post.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(said(runner, 'warning')).toContainEqual(expect.stringMatching(/^Cache post step: /))
  })
})

describe('persistent builder in the phases', () => {
  test.each([
    ['measured a minute ago', 60e3, false],
    ['measured an hour ago', 3600e3, true]
  ])('post: a builder cache %s at a tenth of its budget: du %s', async (_label, ago, measured) => {
    const now = Date.now()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    fs.mkdirSync(path.join(dir, '.builders'))
    const record = { name: 'cachekeeper-app', repoName: 'app', lastUsedMs: 0, maxAgeMs: 1e9, driverOpts: [], budgetFlag: '--keep-storage' }
    const file = path.join(dir, '.builders', 'cachekeeper-app.json')
    fs.writeFileSync(file, JSON.stringify({ ...record, budgetCheckedMs: now - ago, cacheBytes: 1e8 }))
    getExecOutput.mockImplementation(async (_command, args) => ({ exitCode: 0, stdout: args?.[1] === 'du' ? 'Total: 200MB\n' : '', stderr: '' }))
    // The job's clock stands still: a measurement is dated by it, exactly.
    const runner = postWith({ backend: 'off', builder: { name: 'cachekeeper-app', volumePath: dir, maxSizeBytes: 1e9, dryRun: false } }, () => now)
    await post.run(runner)
    expect(getExecOutput.mock.calls.some(([, args]) => args?.[1] === 'du')).toBe(measured)
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { cacheBytes: number; budgetCheckedMs: number }
    expect(saved.cacheBytes).toBe(measured ? 2e8 : 1e8)
    expect(saved.budgetCheckedMs).toBe(measured ? now : now - ago)
    expect(said(runner, 'warning')).toEqual([])
    fs.rmSync(dir, { recursive: true })
  })

  test("post: the builder's budget prune runs with the flag buildx offers, and a failure is only a warning", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    getExecOutput.mockImplementation(async (_command, args) =>
      args?.[2] === '--help'
        ? { exitCode: 0, stdout: '--reserved-space bytes', stderr: '' }
        : { exitCode: 1, stdout: '', stderr: 'ERROR: no builder "cachekeeper-app" found' }
    )
    const runner = postWith({ backend: 'off', builder: { name: 'cachekeeper-app', volumePath: dir, maxSizeBytes: 1e9, dryRun: false } })
    await post.run(runner)
    expect(getExecOutput).toHaveBeenCalledWith(
      'docker',
      ['buildx', 'prune', '--builder', 'cachekeeper-app', '--force', '--all', '--reserved-space', '1000000000'],
      expect.anything()
    )
    expect(said(runner, 'warning')).toContainEqual(
      expect.stringMatching(/^The cache of builder cachekeeper-app was not pruned to 953\.7 ?MiB: ERROR: no builder/)
    )
    expect(said(runner, 'failed')).toEqual([])
    fs.rmSync(dir, { recursive: true })
  })
})
