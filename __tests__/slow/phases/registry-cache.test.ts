import { describe, expect, test } from '@jest/globals'
import { checkRegistryExport } from '../../../src/phases/registry-cache.js'
import type { JobState } from '../../../src/runner/state.js'
import { pagedTags, serve, SLACK_MS, within } from '../../../__fixtures__/registry-server.js'

const D1 = `sha256:${'1'.repeat(64)}`

describe("post's registry work ends by its deadline", () => {
  test('a tag list paged one tag at a time, slowly, ends at the deadline with one warning naming it; the job goes on', async () => {
    const served = await serve(pagedTags(250, 10_000))
    const warnings: string[] = []
    const runner = { env: {}, info: () => {}, setSecret: () => {}, warning: (text: string) => void warnings.push(text) }
    const state: JobState = { backend: 'registry', writeTag: 'main', registry: { ref: `${served.host}/org/cache`, insecure: false, writeDigest: D1 } }
    const limitMs = 1500
    const started = Date.now()
    try {
      const rows = await within(checkRegistryExport(state, runner, limitMs), limitMs + SLACK_MS)
      expect(Date.now() - started).toBeLessThan(limitMs + SLACK_MS)
      expect(rows).toEqual([
        ['registry export', expect.stringMatching(/^updated at .*:main/)],
        ['superseded', expect.stringMatching(/:main before this build: kept, .*passed its limit of 1\.5 s/)]
      ])
      expect(warnings).toEqual([expect.stringMatching(/^The cache .*:main before this build is kept: .*passed its limit of 1\.5 s/)])
      expect(served.requests.some((line) => line.startsWith('DELETE'))).toBe(false)
    } finally {
      await served.close()
    }
  })
})
