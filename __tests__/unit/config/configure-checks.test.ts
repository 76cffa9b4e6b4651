import { describe, expect, test } from '@jest/globals'
import { RUNTIME_TOKEN } from '../../../__fixtures__/runtime-token.js'
import { ghaUnavailableReason } from '../../../src/backends/gha-runtime.js'
import { CONFIGURE_CHECKS, configureProblem } from '../../../src/config/configure-checks.js'
import { parseInputs } from '../../../src/config/inputs.js'

const env = { GITHUB_REPOSITORY: 'acme/app' }

/**
 * One row per check BuildKit v0.32.2 makes while configuring a cache exporter
 * (before ignore-error applies): the value that would fail the build is refused
 * in main, naming the input; the value BuildKit takes passes.
 */
describe('what BuildKit checks before ignore-error applies is checked first', () => {
  test.each<[string, string, string, string]>([
    ['local', 'compression', 'lz4', 'zstd'],
    ['registry', 'compression-level', 'high', '3'],
    ['registry', 'force-compression', 'yes', 'true'],
    ['s3', 'upload_parallelism', '0', '4'],
    ['s3', 'retry_mode', 'legacy', 'adaptive'],
    ['s3', 'retry_max_attempts', '-1', '5'],
    ['gha', 'version', 'two', '2'],
    ['gha', 'timeout', '10min', '10m']
  ])('%s: %s=%s refused, %s taken', (mode, key, bad, good) => {
    const raw = (value: string) => ({
      'cache-mode': mode,
      'registry-ref': mode === 'registry' ? '127.0.0.1:5000/app-cache' : '',
      'cache-options': `${mode === 's3' ? 'bucket=ci,region=eu-west-1,' : ''}${key}=${value}`
    })
    expect(() => parseInputs(raw(bad), env)).toThrow(
      `Input 'cache-options' has an invalid value '${key}=${bad}': ${key} ${CONFIGURE_CHECKS[key].allowed}: BuildKit checks it`
    )
    expect(() => parseInputs(raw(good), env)).not.toThrow()
  })

  test.each([
    ['bucket=ci', 'region='],
    ['region=eu-west-1', 'bucket='],
    ['', 'bucket= and region=']
  ])('s3 with cache-options %j is refused: BuildKit would look for %s in its own environment', (options, missing) => {
    expect(() => parseInputs({ 'cache-mode': 's3', 'cache-options': options }, env)).toThrow(`cache-mode s3 needs ${missing}`)
  })

  test('every check in the table names where BuildKit makes it', () => {
    for (const [key, check] of Object.entries(CONFIGURE_CHECKS)) {
      expect(check.where).toMatch(/\.go$/)
      expect(configureProblem(key, 'definitely not valid ')).toContain(check.where)
    }
  })

  test('gha: a runtime token BuildKit cannot parse is refused in main; a runner-made one passes', () => {
    const cache = { ACTIONS_CACHE_URL: 'http://127.0.0.1:9/' }
    expect(ghaUnavailableReason({ ...cache, ACTIONS_RUNTIME_TOKEN: '0123456789abcdef01234567' })).toMatch(/is not a JWT/)
    expect(ghaUnavailableReason({ ...cache, ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN })).toBeUndefined()
  })
})
