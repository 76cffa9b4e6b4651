// main run whole through a recording runner: the job's environment is the runner's, never process.env;
// what main says, sets and hands to post is read back from the runner. The docker CLI goes through
// runner/exec.ts, so @actions/exec and @actions/io are the test's.
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../../__fixtures__/core.js'
import { getExecOutput, phaseMocksEachTest, which } from '../../../__fixtures__/phase-mocks.js'
import { writeCacheTag } from '../../../__fixtures__/oci.js'
import { recordingRunner, said, shownTable, type RecordingRunner } from '../../../__fixtures__/runner.js'
import { RUNTIME_TOKEN } from '../../../__fixtures__/runtime-token.js'
import type { BakeDefinition } from '../../../src/backends/bake.js'
import { MAIN_OUTPUTS, POST_OUTPUTS, STATE_KEYS } from '../../../src/config/names.js'
import { silentLogger } from '../../../src/log.js'
import { scopeTag } from '../../../src/scopes/tag.js'
import { readExported, updateExported } from '../../../src/store/last-used.js'
import { storeLayout } from '../../../src/store/layout.js'
import { withStoreLock } from '../../../src/store/lock.js'
import type { OciIndex } from '../../../src/store/oci.js'

// Only exec's debug line reaches @actions/core: a stand-in keeps it out of the test's output (phaseMocksEachTest).
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('@actions/exec', () => ({ getExecOutput }))
jest.unstable_mockModule('@actions/io', () => ({ which }))
const main = await import('../../../src/phases/main.js')
const post = await import('../../../src/phases/post.js')

/** The job's environment every test starts from; a test adds what its job has. */
const ENV = { GITHUB_REPOSITORY: 'acme/app', GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' }

/** A job's runner: the workflow's inputs, the state an earlier phase saved, ENV and what the test adds. */
const job = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, state: Record<string, string> = {}) =>
  recordingRunner(inputs, state, { env: { ...ENV, ...env } })

/** Post of the same job: main's state and environment, no inputs read. */
const postOf = (mainRunner: RecordingRunner) => recordingRunner({}, mainRunner.state, { env: mainRunner.env })

/** Every setOutput call from here on, in order: an output set twice shows. */
const outputCalls = (runner: RecordingRunner) => jest.spyOn(runner, 'setOutput').mock.calls

/** The job state main handed to post. */
const jobState = (runner: RecordingRunner) => JSON.parse(runner.state[STATE_KEYS.job]) as { builder?: unknown; exports: Array<{ kept?: boolean }> }

phaseMocksEachTest()

describe('main', () => {
  test('a bad input fails the step with a message naming input, value and what is allowed', async () => {
    const runner = job({ 'cache-mode': 'nfs' })
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([
      "Input 'cache-mode' has an invalid value 'nfs': allowed values are local, registry, local+registry, gha, inline, s3, off, auto"
    ])
    expect(runner.outputs).toEqual({})
  })

  test('gha on a Gitea runner that serves no cache fails with the reason and the fix', async () => {
    const runner = job({ 'cache-mode': 'gha' }, { GITEA_ACTIONS: 'true' })
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([
      expect.stringMatching(/ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL are not set.*'local'.*'registry'/)
    ])
  })

  test('gha on a Gitea runner with its cache server: entries and one notice naming the URL', async () => {
    const runner = job(
      { 'cache-mode': 'gha', 'prune-builders': 'false' },
      { GITEA_ACTIONS: 'true', ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN, ACTIONS_CACHE_URL: 'http://10.0.0.5:42000/' }
    )
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(said(runner, 'notice')).toEqual([expect.stringContaining('http://10.0.0.5:42000/')])
    expect(runner.outputs).toMatchObject({
      'cache-from': 'type=gha,scope=acme__app-main',
      'cache-to': 'type=gha,scope=acme__app-main,mode=max,ignore-error=true'
    })
  })

  test('an unusable store warns and leaves the build uncached instead of failing it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    fs.writeFileSync(path.join(dir, 'acme__app'), 'a file where the store should be')
    const runner = job({ 'volume-path': dir })
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(said(runner, 'warning')).toContainEqual(expect.stringContaining('The local cache is not used for this build'))
    expect(runner.outputs).toMatchObject({ 'cache-from': '', 'cache-to': '' })
    fs.rmSync(dir, { recursive: true })
  })

  test('sets every output action.yml declares, and no other', async () => {
    const runner = job({ 'cache-mode': 'off' })
    const calls = outputCalls(runner)
    await main.run(runner)
    expect(calls.map(([name]) => name).sort()).toEqual([...MAIN_OUTPUTS].sort())
  })

  test('prunes builders itself when pre did not run, and says how many it removed', async () => {
    const runner = job({ 'cache-mode': 'off' })
    await main.run(runner)
    expect(getExecOutput).toHaveBeenCalledWith('docker', expect.arrayContaining(['ps', '-a']), expect.anything())
    expect(runner.outputs['builders-pruned']).toBe('0')
  })

  test('no docker CLI on PATH: one warning saying so, no output lost', async () => {
    which.mockResolvedValue('')
    const runner = job({ 'cache-mode': 'off' })
    await main.run(runner)
    expect(getExecOutput).not.toHaveBeenCalled()
    expect(said(runner, 'warning')).toEqual([expect.stringMatching(/^Stale builders were not pruned: docker CLI not found on PATH; /)])
    expect(said(runner, 'failed')).toEqual([])
    expect(runner.outputs['builders-pruned']).toBe('0')
  })

  test("reports pre's count and does not prune again when pre ran", async () => {
    const runner = job({ 'cache-mode': 'off' }, {}, { [STATE_KEYS.buildersPruned]: '3' })
    await main.run(runner)
    expect(getExecOutput).not.toHaveBeenCalled()
    expect(runner.outputs['builders-pruned']).toBe('3')
  })

  test('a closed (merged) pull request deletes pr-7, writes nothing and reads its base; post reclaims what only pr-7 used', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    const volume = path.join(dir, 'volume')
    const store = path.join(volume, 'acme__app')
    writeCacheTag(store, 'main')
    const pr = writeCacheTag(store, 'pr-7')
    const event = path.join(dir, 'event.json')
    fs.writeFileSync(event, JSON.stringify({ action: 'closed', number: 7, pull_request: { number: 7, merged: true, base: { ref: 'main' } } }))
    const runner = job({ 'volume-path': volume, 'prune-builders': 'false' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event })
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(runner.outputs['cache-to']).toBe('')
    expect(runner.outputs.scope).toBe('')
    expect(runner.outputs['restored-scope']).toBe('main')
    expect(runner.outputs['cache-from']).toMatch(/^type=local,src=.*,tag=main$/)
    expect(shownTable(runner, 'Build cache')).toContainEqual(['deleted', expect.stringMatching(/^pr-7: removed from the store/)])
    const tags = () =>
      (JSON.parse(fs.readFileSync(path.join(store, 'index.json'), 'utf8')) as OciIndex).manifests.map(
        (d) => d.annotations?.['org.opencontainers.image.ref.name']
      )
    expect(tags()).toEqual(['main'])

    const after = postOf(runner)
    await post.run(after)
    expect(said(after, 'warning')).toEqual([])
    expect(pr.blobs.filter((hex) => fs.existsSync(path.join(store, 'blobs', 'sha256', hex)))).toEqual([])
    expect(shownTable(after, 'Build cache promotion')).toContainEqual(['deleted', expect.stringMatching(/^pr-7: its blobs reclaimed by gc/)])
    fs.rmSync(dir, { recursive: true })
  })

  test('a closed pull request with no store: nothing to delete, the build runs cold', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    const event = path.join(dir, 'event.json')
    fs.writeFileSync(event, JSON.stringify({ action: 'closed', number: 7, pull_request: { number: 7, base: { ref: 'main' } } }))
    const runner = job({ 'volume-path': path.join(dir, 'volume'), 'prune-builders': 'false' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event })
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(runner.outputs).toMatchObject({ 'cache-from': '', 'cache-to': '', scope: '', 'restored-scope': '' })
    expect(shownTable(runner, 'Build cache')).toContainEqual(['deleted', expect.stringMatching(/^pr-7: not in the store/)])
    fs.rmSync(dir, { recursive: true })
  })

  test('off: empty entries, scope still reported', async () => {
    const runner = job({ 'cache-mode': 'off' })
    await main.run(runner)
    expect(runner.outputs).toMatchObject({ 'cache-to': '', scope: 'main' })
  })
})

describe('bake targets through main and post', () => {
  test('main writes a bake file with one snapshot per target; post promotes each, sets the outputs and removes the file', async () => {
    const volume = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-bake-'))
    const runner = job({ 'volume-path': volume, 'bake-targets': 'api\nworker', 'prune-builders': 'false' }, { RUNNER_TEMP: volume })
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    const output = (name: string) => runner.outputs[name]
    expect(output('cache-from')).toBe('')
    expect(output('cache-to')).toBe('')
    const [apiMain, workerMain] = ['api', 'worker'].map((target) => scopeTag('main', undefined, target))
    expect(output('scope')).toBe(`${apiMain}\n${workerMain}`)
    expect(output('cache-hit')).toBe('false')
    const bakeFile = output('bake-file')
    expect(path.dirname(bakeFile)).toBe(volume)
    const definition = JSON.parse(fs.readFileSync(bakeFile, 'utf8')) as BakeDefinition
    expect(Object.keys(definition.target)).toEqual(['api', 'worker'])
    const dest = (target: string) => /dest=([^,]+)/.exec(definition.target[target]['cache-to'][0])?.[1] ?? ''
    expect(definition.target.api['cache-to'][0]).toContain(`tag=${apiMain},`)
    expect(dest('api')).not.toBe(dest('worker'))
    expect(fs.readdirSync(path.join(volume, 'acme__app', '.staging')).sort()).toEqual([path.basename(dest('api')), path.basename(dest('worker'))].sort())

    // What BuildKit would export: a new cache for api only.
    writeCacheTag(dest('api'), apiMain)
    const after = postOf(runner)
    const postCalls = outputCalls(after)
    await post.run(after)
    expect(said(after, 'warning')).toEqual([])
    expect(fs.existsSync(bakeFile)).toBe(false)
    expect(fs.readdirSync(path.join(volume, 'acme__app', '.staging'))).toEqual([])
    const index = JSON.parse(fs.readFileSync(path.join(volume, 'acme__app', 'index.json'), 'utf8')) as OciIndex
    expect(index.manifests.map((d) => d.annotations?.['org.opencontainers.image.ref.name'])).toEqual([apiMain])
    expect(Number(after.outputs['cache-new-bytes'])).toBeGreaterThan(0)
    expect(after.outputs['cache-size']).toBe(after.outputs['cache-new-bytes'])
    expect(postCalls.map(([name]) => name).sort()).toEqual([...POST_OUTPUTS].sort())
    fs.rmSync(volume, { recursive: true })
  })
})

describe('persistent builder in the phases', () => {
  test('main: a builder that cannot be had is a warning and an empty builder output, never a failed step', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-'))
    const runner = job({ 'cache-mode': 'off', 'volume-path': dir, 'persistent-builder': 'true' })
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(said(runner, 'warning')).toContainEqual(expect.stringMatching(/^The persistent builder cachekeeper-acme__app is not used for this build: /))
    expect(runner.outputs.builder).toBe('')
    expect(jobState(runner).builder).toBeUndefined()
    fs.rmSync(dir, { recursive: true })
  })

  test('main: off by default; no buildx call, empty builder output', async () => {
    const runner = job({ 'cache-mode': 'off' })
    await main.run(runner)
    expect(getExecOutput.mock.calls.some(([, args]) => args?.[0] === 'buildx')).toBe(false)
    expect(runner.outputs.builder).toBe('')
  })
})

describe('main on a re-attached persistent builder, the store copy of main 10 minutes old (store-refresh 1h)', () => {
  const name = 'cachekeeper-acme__app'
  const dirs: string[] = []
  let store = ''
  let inputs: Record<string, string>
  /** buildx's folder for this job holds the builder's record: the job's BUILDX_CONFIG. */
  let env: NodeJS.ProcessEnv

  beforeEach(async () => {
    const volume = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-kept-'))
    const buildxConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'phase-buildx-'))
    dirs.push(volume, buildxConfig)
    store = path.join(volume, 'acme__app')
    fs.mkdirSync(path.join(store, 'blobs', 'sha256'), { recursive: true })
    writeCacheTag(store, 'main')
    const layout = storeLayout(store)
    await withStoreLock(layout, silentLogger, (lock) => updateExported(lock, layout, ['main', 'dev'], Date.now() - 600e3))
    // The builder's record names its BuildKit and buildx knows it: re-attached without a bootstrap.
    fs.mkdirSync(path.join(volume, '.builders'))
    const record = { name, repoName: 'acme__app', lastUsedMs: Date.now(), maxAgeMs: 1e9, driverOpts: [], buildkit: 'v0.35.0' }
    fs.writeFileSync(path.join(volume, '.builders', `${name}.json`), JSON.stringify(record))
    fs.mkdirSync(path.join(buildxConfig, 'instances'))
    fs.writeFileSync(path.join(buildxConfig, 'instances', name), '{}')
    env = { BUILDX_CONFIG: buildxConfig }
    inputs = { 'volume-path': volume, 'persistent-builder': 'true', 'prune-builders': 'false' }
  })

  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  /** The node container runs; `buildctl du` in it answers each of `answers` in turn, the last one from then on ('': no buildctl, 'down': the node was not running). */
  function docker(...answers: string[]) {
    let asked = 0
    getExecOutput.mockImplementation(async (_command, args) => {
      if (args?.[0] === 'container' && args[1] === 'inspect') return { exitCode: 0, stdout: 'true\n', stderr: '' }
      if (args?.[0] !== 'exec') return { exitCode: 0, stdout: '', stderr: '' }
      const du = answers[Math.min(asked++, answers.length - 1)]
      if (du === 'down') return { exitCode: 1, stdout: '', stderr: `Error response from daemon: container ${name}0 is not running` }
      if (du === '') return { exitCode: 127, stdout: '', stderr: 'exec: "buildctl": not found' }
      return { exitCode: 0, stdout: `ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\nReclaimable:\t${du}\nTotal:\t\t${du}\n`, stderr: '' }
    })
  }
  const execs = () => getExecOutput.mock.calls.filter(([, args]) => args?.[0] === 'exec').map(([, args]) => args)

  test.each([
    ['holds the cache (1GB): neither imported nor exported', ['1GB'], false, 1],
    ['was pruned (0B): the store copy imported, not exported', ['0B'], true, 1],
    ['cannot be measured (no buildctl: asked once, as again would fail too): imported, not exported', [''], true, 1],
    ['was down when first asked, holds the cache once attach started it (asked again): neither', ['down', '1GB'], false, 2],
    ['was down and cannot be measured after attach either: imported, not exported', ['down', ''], true, 2]
  ])('the builder %s', async (_label, du, imported, asked) => {
    docker(...du)
    const runner = job(inputs, env)
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(runner.outputs.builder).toBe(name)
    expect(runner.outputs['cache-from']).toMatch(imported ? new RegExp(`^type=local,src=${store}/\\.staging/[^,]+,tag=main$`) : /^$/)
    expect(runner.outputs['cache-to']).toBe('')
    expect(jobState(runner).exports).toEqual([expect.objectContaining({ kept: true })])
    expect(execs()).toEqual(Array(asked).fill(['exec', `buildx_buildkit_${name}0`, 'buildctl', 'du']))
    expect(said(runner, 'info')).toContainEqual(
      expect.stringMatching(
        imported
          ? /^The store's copy of scope main was exported 10m ago, within store-refresh \(60m\): this build on the persistent builder does not export it; .*so the build imports the copy$/
          : /^The store's copy of scope main was exported 10m ago, .*: the builder holds the cache, so the copy is not imported either$/
      )
    )
  })

  test('fresh-build clears the builder: every store copy is dated stale for its next build, this one exports, and nothing is measured', async () => {
    docker('1GB')
    const runner = job({ ...inputs, 'fresh-build': 'true' }, env)
    await main.run(runner)
    expect(said(runner, 'failed')).toEqual([])
    expect(getExecOutput).toHaveBeenCalledWith('docker', ['buildx', 'prune', '--builder', name, '--all', '--force'], expect.anything())
    expect([...readExported(storeLayout(store))]).toEqual([
      ['main', 0],
      ['dev', 0]
    ])
    expect(runner.outputs['cache-from']).toBe('')
    expect(runner.outputs['cache-to']).toMatch(/^type=local,dest=.*tag=main/)
    expect(jobState(runner).exports).toEqual([expect.not.objectContaining({ kept: true })])
    expect(execs()).toEqual([])
  })
})
