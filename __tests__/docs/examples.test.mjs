import { expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { PROJECT_ROOT, readActionManifest } from '../../scripts/lib/runner-emulation.mjs'

const manifest = readActionManifest()
const dir = path.join(PROJECT_ROOT, 'examples')
const workflows = fs.readdirSync(dir).filter((name) => name.endsWith('.yml'))
const isOurs = (uses) => /buildkit-cache-keeper@v\d+$/.test(uses ?? '') || uses === './'

test('there is an example for each quickstart, two images, bake, a registry, closed pull requests and the persistent builder', () => {
  expect(workflows.sort()).toEqual([
    'bake.yml',
    'forgejo.yml',
    'gitea.yml',
    'github-hosted.yml',
    'github-self-hosted.yml',
    'persistent-builder.yml',
    'pull-request-closed.yml',
    'registry.yml',
    'two-images.yml'
  ])
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
  for (const name of ['gitea.yml', 'two-images.yml', 'persistent-builder.yml', 'bake.yml']) {
    const workflow = YAML.parse(fs.readFileSync(path.join(dir, name), 'utf8'))
    const job = Object.values(workflow.jobs)[0]
    expect(job.container.volumes).toContain(`buildx-cache:${manifest.inputs['volume-path'].default}`)
  }
})

/** The steps of a workflow's jobs, flattened. */
const stepsOf = (workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps)

/** A docker/login-action step before a build-push step that pushes tagged images of the logged-in registry. */
function expectLoginAndPush(steps, where) {
  const login = steps.findIndex((step) => /^docker\/login-action@/.test(step.uses ?? ''))
  const build = steps.findIndex((step) => /^docker\/build-push-action@/.test(step.uses ?? ''))
  expect([where, login >= 0, build > login]).toEqual([where, true, true])
  const registry = steps[login].with.registry
  expect([where, steps[login].with.password]).toEqual([where, expect.stringMatching(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/)])
  const { push, tags } = steps[build].with
  expect([where, String(push)]).toEqual([where, expect.stringMatching(/^(true|\$\{\{ .+ \}\})$/)])
  const tagList = String(tags ?? '')
    .split('\n')
    .map((tag) => tag.trim())
    .filter(Boolean)
  expect([where, tagList.length > 0]).toEqual([where, true])
  for (const tag of tagList) expect([where, tag]).toEqual([where, expect.stringMatching(new RegExp(`^${registry.replace(/\./g, '\\.')}/[a-z0-9/_.-]+:`))])
}

test('the Gitea example and the README quickstart log in and push tagged images', () => {
  expectLoginAndPush(stepsOf(YAML.parse(fs.readFileSync(path.join(dir, 'gitea.yml'), 'utf8'))), 'gitea.yml')
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Quickstart: Gitea'), readme.indexOf('\n## ', readme.indexOf('## Quickstart: Gitea') + 1))
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map(([, body]) => YAML.parse(body.replace(/^ {3}/gm, '')))
  const workflow = blocks.find((block) => block?.jobs)
  expect(workflow).toBeDefined()
  expectLoginAndPush(stepsOf(workflow), 'README quickstart')
})

test('the closed pull request example runs on the closed event only and builds nothing', () => {
  const workflow = YAML.parse(fs.readFileSync(path.join(dir, 'pull-request-closed.yml'), 'utf8'))
  expect(workflow.on).toEqual({ pull_request: { types: ['closed'] } })
  const steps = stepsOf(workflow)
  expect(steps.filter((step) => /build-push-action|bake-action/.test(step.uses ?? ''))).toEqual([])
  const registryJobs = Object.values(workflow.jobs).filter((job) => job.steps.some((step) => step.with?.['cache-mode'] === 'registry'))
  expect(registryJobs.length).toBeGreaterThan(0)
  // Deleting needs the registry login before the action runs.
  for (const job of registryJobs) expect(job.steps[0].uses).toMatch(/^docker\/login-action@/)
})
