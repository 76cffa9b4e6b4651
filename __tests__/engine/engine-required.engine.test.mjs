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

// scripts/test.sh runs the engine suites once per buildx client and names the one each run must use.
test('the buildx client is the one this run is for (BUILDX_EXPECTED, set by scripts/test.sh)', () => {
  const expected = process.env.BUILDX_EXPECTED
  if (!expected) return
  expect(ensureEngine().buildx.split(' ')[1]).toBe(expected)
})
