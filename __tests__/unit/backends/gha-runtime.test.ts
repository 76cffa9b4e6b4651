import { describe, expect, test } from '@jest/globals'
import { RUNTIME_TOKEN, runtimeToken } from '../../../__fixtures__/runtime-token.js'
import { allowedEntries, ghaAccess, ghaUnavailableReason } from '../../../src/backends/gha-runtime.js'

const TOKEN = { ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN }
const CACHE = { ACTIONS_CACHE_URL: 'http://10.0.0.5:42000/' }
const RESULTS = { ACTIONS_RESULTS_URL: 'https://results.example/' }

describe('gha refused only where buildx would drop the entries', () => {
  test.each<[string, NodeJS.ProcessEnv, RegExp | undefined]>([
    ['nothing set', {}, /ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL are not set/],
    ['no token', { ...CACHE }, /but ACTIONS_RUNTIME_TOKEN is not set/],
    ['no URL', { ...TOKEN }, /but ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL is not set/],
    ['Gitea without a cache server', { GITEA_ACTIONS: 'true' }, /ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL/],
    ['Forgejo, token only', { FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true', ...TOKEN }, /ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL is not set/],
    ['GitHub self-hosted without the variables', { RUNNER_ENVIRONMENT: 'self-hosted' }, /not set/],
    ['token and cache URL', { ...TOKEN, ...CACHE }, undefined],
    ['token and results URL', { ...TOKEN, ...RESULTS }, undefined],
    ['Gitea with its cache server', { GITEA_ACTIONS: 'true', ...TOKEN, ...CACHE }, undefined],
    ['Forgejo with its cache server', { FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true', ...TOKEN, ...CACHE }, undefined]
  ])('%s', (_name, env, reason) => {
    const got = ghaUnavailableReason(env)
    if (!reason) return expect(got).toBeUndefined()
    expect(got).toMatch(reason)
    // The fix, by name.
    expect(got).toMatch(/cache-mode 'local'.*'registry'/)
  })
})

describe('the notice on Gitea and Forgejo', () => {
  test.each<[string, NodeJS.ProcessEnv, string | undefined]>([
    ['Gitea, v1 cache server', { GITEA_ACTIONS: 'true', ...TOKEN, ...CACHE }, 'http://10.0.0.5:42000/'],
    ['Forgejo, v1 cache server', { FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true', ...TOKEN, ...CACHE }, 'http://10.0.0.5:42000/'],
    ['Gitea, cache service v2 on', { GITEA_ACTIONS: 'true', ACTIONS_CACHE_SERVICE_V2: 'true', ...TOKEN, ...CACHE, ...RESULTS }, 'https://results.example/'],
    ['Gitea, v2 off, both URLs', { GITEA_ACTIONS: 'true', ...TOKEN, ...CACHE, ...RESULTS }, 'http://10.0.0.5:42000/'],
    ['GitHub', { RUNNER_ENVIRONMENT: 'github-hosted', ...TOKEN, ...RESULTS }, undefined]
  ])('%s', (_name, env, url) => {
    const notices = ghaAccess(env).messages.filter((message) => message.level === 'notice')
    if (!url) return expect(notices).toEqual([])
    expect(notices).toHaveLength(1)
    expect(notices[0].text).toContain(url)
    expect(notices[0].text).toMatch(/builder must be able to reach/)
  })
})

describe('ACTIONS_CACHE_MODE', () => {
  const entries = { cacheFrom: ['type=gha,scope=app-main'], cacheTo: ['type=gha,scope=app-main,mode=max'] }
  test.each<[string | undefined, boolean, boolean, RegExp | undefined]>([
    [undefined, true, true, undefined],
    ['write', true, true, undefined],
    ['read', true, false, /is read: .*no cache-to/],
    ['write-only', false, true, /is write-only: .*no cache-from/],
    ['none', false, false, /is none: .*no cache entries/],
    ['sometimes', true, true, undefined],
    ['', true, true, undefined],
    ['toString', true, true, undefined]
  ])('%s: read %s, write %s', (mode, read, write, info) => {
    const access = ghaAccess({ ...TOKEN, ...RESULTS, ...(mode !== undefined && { ACTIONS_CACHE_MODE: mode }) })
    expect({ read: access.read, write: access.write }).toEqual({ read, write })
    const infos = access.messages.filter((message) => message.level === 'info').map((message) => message.text)
    expect(infos).toEqual(info ? [expect.stringMatching(info)] : [])
    expect(allowedEntries(entries, access)).toEqual({ cacheFrom: read ? entries.cacheFrom : [], cacheTo: write ? entries.cacheTo : [] })
  })
})

// What BuildKit checks in the token when it configures a gha importer or exporter (go-actions-cache New), before ignore-error applies.
describe('a runtime token BuildKit would refuse fails main, naming the cause and the fix, never the token', () => {
  const hour = 3_600_000
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  test.each<[string, string, RegExp | undefined]>([
    ['a runner-made token', RUNTIME_TOKEN, undefined],
    ["gitea-runner exec's random hex", '0123456789abcdef01234567', /is not a JWT .*gitea-runner exec/],
    ['two parts', 'abc.def', /is not a JWT/],
    ['claims not JSON', `${part({ alg: 'HS256' })}.bm90IGpzb24.c2ln`, /is not a JWT/],
    ['no access controls', `${part({ alg: 'HS256' })}.${part({ exp: Date.now() / 1000 + 60, nbf: 1 })}.c2ln`, /no access controls/],
    ['no expiry', `${part({ alg: 'HS256' })}.${part({ ac: '[]', nbf: 1 })}.c2ln`, /no expiry time/],
    ['expired', runtimeToken({ expMs: Date.now() - hour }), /expired at/],
    ['no issue time', `${part({ alg: 'HS256' })}.${part({ ac: '[]', exp: Date.now() / 1000 + 60 })}.c2ln`, /no issue time/],
    ['issued in the future', runtimeToken({ nbfMs: Date.now() + hour }), /issued in the future/]
  ])('%s', (_name, token, problem) => {
    const reason = ghaUnavailableReason({ ACTIONS_RUNTIME_TOKEN: token, ...CACHE })
    if (!problem) return expect(reason).toBeUndefined()
    expect(reason).toMatch(problem)
    expect(reason).toMatch(/before ignore-error applies, so the build would fail; use cache-mode 'local'.*'registry'/)
    expect(reason).not.toContain(token)
  })
})

describe('a runtime token that grants no cache scope: BuildKit imports nothing with it, so main warns', () => {
  const warnings = (token: string) => ghaAccess({ ACTIONS_RUNTIME_TOKEN: token, ...RESULTS }).messages.filter(({ level }) => level === 'warning')
  test.each<[string, string, boolean]>([
    ['an empty ac list: exports only, every build cold', runtimeToken({ ac: '[]' }), true],
    ["act_runner's one scope", runtimeToken(), false],
    ['two scopes', runtimeToken({ ac: '[{"Scope":"refs/heads/main","Permission":1},{"Scope":"","Permission":3}]' }), false],
    ['not a JWT (refused before, not warned here)', 'abc', false]
  ])('%s', (_label, token, warned) => {
    const found = warnings(token)
    expect(found).toHaveLength(warned ? 1 : 0)
    if (warned) expect(found[0].text).toMatch(/^ACTIONS_RUNTIME_TOKEN grants no cache scope \(its ac claim is an empty list\).*start cold/)
    if (warned) expect(found[0].text).not.toContain(token)
  })
})
