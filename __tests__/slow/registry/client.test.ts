import { describe, expect, test } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { RegistryClient, MAX_TAG_PAGES } from '../../../src/registry/client.js'
import { parseRegistryRef } from '../../../src/registry/reference.js'
import { deadlineAfter } from '../../../src/registry/deadline.js'
import { client, pagedTags, serve, SLACK_MS, within } from '../../../__fixtures__/registry-server.js'

const MiB = 1024 * 1024

describe('RegistryClient against an HTTP server', () => {
  test('a registry that never answers costs the timeout, not the job', async () => {
    const silent = http.createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as AddressInfo).port
    const started = Date.now()
    const result = await new RegistryClient(parseRegistryRef(`127.0.0.1:${port}/org/cache`), { credentials: async () => undefined, timeoutMs: 300 }).resolve(
      'main'
    )
    expect(result).toEqual({ state: 'failed', problem: `127.0.0.1:${port}: no answer within 0.3 s` })
    expect(Date.now() - started).toBeLessThan(3000)
    silent.closeAllConnections()
    await new Promise<void>((resolve) => silent.close(() => resolve()))
  })
})

describe("post's registry work ends by its deadline", () => {
  test('each request waits for what is left of the deadline, not its own timeout; past the deadline none is sent', async () => {
    const served = await serve(() => {})
    const deadlined = client(served, { timeoutMs: 5000 }).withDeadline(deadlineAfter(800))
    const started = Date.now()
    try {
      const result = await within(deadlined.resolve('main'), 800 + SLACK_MS)
      expect(result).toEqual({
        state: 'failed',
        problem: `${served.host}: the registry work of this step passed its limit of 0.8 s, so the rest of it is skipped`
      })
      expect(Date.now() - started).toBeLessThan(800 + SLACK_MS)
      expect(await deadlined.listTags(10)).toEqual({ state: 'failed', problem: expect.stringMatching(/passed its limit of 0\.8 s/) })
      expect(served.requests).toEqual(['HEAD /v2/org/cache/manifests/main'])
    } finally {
      await served.close()
    }
  })

  test(`a tag list that pages on and on is read for ${MAX_TAG_PAGES} pages, then is a failure`, async () => {
    const served = await serve(pagedTags(0, 2 * MAX_TAG_PAGES))
    try {
      expect(await within(client(served).listTags(1_000_000), 60_000)).toEqual({
        state: 'failed',
        problem: `the registry's tag list of org/cache runs past ${MAX_TAG_PAGES} pages`
      })
      expect(served.requests).toHaveLength(MAX_TAG_PAGES)
    } finally {
      await served.close()
    }
  })
})

describe('answers are read as a stream, up to a cap', () => {
  test('a token answer declaring more than its cap is given up at its first bytes, not waited for', async () => {
    const served = await serve((request, response) => {
      if (request.url?.startsWith('/token')) return void response.writeHead(200, { 'Content-Length': String(1024 * MiB) }).write('{"token":"')
      response.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${request.headers.host}/token",service="test"` }).end()
    })
    const started = Date.now()
    try {
      expect(await within(client(served).resolve('main'), 4000)).toEqual({
        state: 'failed',
        problem: expect.stringMatching(new RegExp(`^http://${served.host}/token\\?.*: the answer is larger than 64 KiB, the most the action reads there$`))
      })
      expect(Date.now() - started).toBeLessThan(SLACK_MS)
    } finally {
      await served.close()
    }
  })
})
