import { describe, expect, test } from '@jest/globals'
import { buildkitWarning, remoteCacheAdvice } from '../../../../src/builders/persistent/advice.js'
import type { Backend } from '../../../../src/config/inputs.js'

describe('remoteCacheAdvice', () => {
  test.each<[string | undefined, Backend, boolean]>([
    ['v0.34.1', 'registry', true],
    ['v0.34.1', 'gha', true],
    ['v0.34.1', 'local+registry', true],
    ['v0.34.1', 'local', false],
    ['v0.35.0', 'registry', false],
    ['v0.36.0-rc1', 'gha', false],
    ['v0.35.0-rc2', 'gha', true],
    [undefined, 'registry', false]
  ])('BuildKit %s exporting %s: advice %s', (version, backend, advised) => {
    const advice = remoteCacheAdvice(version, backend)
    expect(advice !== undefined).toBe(advised)
    if (advice) expect(advice).toMatch(/v0\.35\.0 or later is recommended .*#7351.*#7364.*#7374/)
  })
})

describe('buildkitWarning', () => {
  test.each([
    ['v0.12.5', true],
    ['v0.32.2', true],
    ['v0.33.0', true],
    ['v0.33.1-rc1', true],
    ['v0.33.1', false],
    ['v0.33.2', false],
    ['v0.34.0-rc1', false],
    ['v1.0.0', false],
    ['0.13.2', true],
    ['stand-in', false],
    ['', false],
    [undefined, false]
  ])('%s -> warning %s', (version, warned) => {
    const warning = buildkitWarning(version)
    expect(warning !== undefined).toBe(warned)
    if (warning) expect(warning).toMatch(/older than v0\.33\.1: .*GHSA-p3rc-w3hc-pqvv.*moby\/buildkit#7047/)
  })
})
