import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { PROJECT_ROOT, readActionManifest } from '../../scripts/lib/runner-emulation.mjs'

const manifest = readActionManifest()
const dir = path.join(PROJECT_ROOT, 'examples')
const workflows = fs.readdirSync(dir).filter((name) => name.endsWith('.yml'))
const isOurs = (uses) => /buildkit-cache-keeper@v\d+$/.test(uses ?? '') || uses === './'

test('there is an example for each quickstart, two images, a registry and the persistent builder', () => {
  expect(workflows.sort()).toEqual(['forgejo.yml', 'gitea.yml', 'github-hosted.yml', 'github-self-hosted.yml', 'persistent-builder.yml', 'registry.yml', 'two-images.yml'])
})

test('the persistent-builder example needs no setup-buildx-action and hands the builder to the build', () => {
  const workflow = YAML.parse(fs.readFileSync(path.join(dir, 'persistent-builder.yml'), 'utf8'))
  const steps = Object.values(workflow.jobs)[0].steps
  expect(steps.some((step) => /setup-buildx-action/.test(step.uses ?? ''))).toBe(false)
  const ours = steps.find((step) => isOurs(step.uses))
  expect(String(ours.with['persistent-builder'])).toBe('true')
  const build = steps.find((step) => /build-push-action/.test(step.uses ?? ''))
  expect(build.with.builder).toBe(`\${{ steps.${ours.id}.outputs.builder }}`)
})

test.each(workflows)('%s: every with: key is an input, every output used exists', (name) => {
  const text = fs.readFileSync(path.join(dir, name), 'utf8')
  const workflow = YAML.parse(text)
  const ourSteps = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((step) => isOurs(step.uses)))
  expect(ourSteps.length).toBeGreaterThan(0)
  const ids = new Set()
  for (const step of ourSteps) {
    expect(step.id).toBeTruthy()
    ids.add(step.id)
    for (const key of Object.keys(step.with ?? {})) expect([name, key, key in manifest.inputs]).toEqual([name, key, true])
  }
  const references = [...text.matchAll(/steps\.([a-z0-9_-]+)\.outputs\.([a-z0-9_-]+)/g)]
  expect(references.length).toBeGreaterThan(0)
  for (const [, id, output] of references) {
    expect([name, id, ids.has(id)]).toEqual([name, id, true])
    expect([name, output, output in manifest.outputs]).toEqual([name, output, true])
  }
})

test('the Gitea examples mount the volume the action reads', () => {
  for (const name of ['gitea.yml', 'two-images.yml', 'persistent-builder.yml']) {
    const workflow = YAML.parse(fs.readFileSync(path.join(dir, name), 'utf8'))
    const job = Object.values(workflow.jobs)[0]
    expect(job.container.volumes).toContain(`buildx-cache:${manifest.inputs['volume-path'].default}`)
  }
})
