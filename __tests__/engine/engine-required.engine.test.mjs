import { expect, test } from '@jest/globals'
import { ensureEngine } from '../../scripts/lib/docker.mjs'

// The engine-backed suites call ensureEngine() in beforeAll: when it throws, all their tests fail, none skips.
test('ensureEngine throws when no engine answers', () => {
  const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' }
  expect(() => ensureEngine(env)).toThrow(/No Docker engine is reachable.*scripts\/engine\.sh/s)
})

test('ensureEngine answers with versions when the engine is up', () => {
  expect(ensureEngine()).toMatchObject({ engine: expect.any(String), buildx: expect.stringMatching(/buildx/) })
})
