import { expect, test } from '@jest/globals'
import { ensureEngine } from '../../scripts/lib/docker.mjs'

// The engine-backed suites call ensureEngine() in beforeAll: when it throws, all their tests fail, none skips.
test('ensureEngine throws when no engine answers', () => {
  const saved = process.env.DOCKER_HOST
  process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock'
  try {
    expect(() => ensureEngine()).toThrow(/No Docker engine is reachable.*scripts\/engine\.sh/s)
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST
    else process.env.DOCKER_HOST = saved
  }
})

test('ensureEngine answers with versions when the engine is up', () => {
  expect(ensureEngine()).toMatchObject({ engine: expect.any(String), buildx: expect.stringMatching(/buildx/) })
})
