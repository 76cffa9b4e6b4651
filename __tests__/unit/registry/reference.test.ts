import { describe, expect, test } from '@jest/globals'
import { findCredentials, type DockerConfig } from '../../../src/registry/credentials.js'
import { endpointsFor, isLoopbackHost, parseRegistryRef } from '../../../src/registry/reference.js'

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64')

describe('parseRegistryRef', () => {
  const https_ = (url: string) => [{ url, verifyTls: true }]
  const hub = https_('https://registry-1.docker.io')
  test.each([
    ['git.example.com/org/app-cache', false, { host: 'git.example.com', endpoints: https_('https://git.example.com'), repository: 'org/app-cache' }],
    ['git.example.com:3000/org/app', false, { host: 'git.example.com:3000', endpoints: https_('https://git.example.com:3000'), repository: 'org/app' }],
    [
      'git.lan/org/app',
      true,
      {
        host: 'git.lan',
        endpoints: [
          { url: 'https://git.lan', verifyTls: false },
          { url: 'http://git.lan', verifyTls: true }
        ],
        repository: 'org/app'
      }
    ],
    ['127.0.0.1:5000/cache', false, { host: '127.0.0.1:5000', endpoints: https_('http://127.0.0.1:5000'), repository: 'cache' }],
    ['127.0.0.1:5000/cache', true, { host: '127.0.0.1:5000', endpoints: https_('http://127.0.0.1:5000'), repository: 'cache' }],
    ['localhost:5000/a/b/c', false, { host: 'localhost:5000', endpoints: https_('http://localhost:5000'), repository: 'a/b/c' }],
    ['localhost/cache', false, { host: 'localhost', endpoints: https_('http://localhost'), repository: 'cache' }],
    ['org/app', false, { host: 'docker.io', endpoints: hub, repository: 'org/app' }],
    ['app', false, { host: 'docker.io', endpoints: hub, repository: 'library/app' }],
    ['docker.io/org/app', false, { host: 'docker.io', endpoints: hub, repository: 'org/app' }],
    ['docker.io/app', false, { host: 'docker.io', endpoints: hub, repository: 'library/app' }],
    ['docker.io/library/app', false, { host: 'docker.io', endpoints: hub, repository: 'library/app' }],
    ['index.docker.io/org/app', false, { host: 'docker.io', endpoints: hub, repository: 'org/app' }],
    ['registry-1.docker.io/org/app', false, { host: 'docker.io', endpoints: hub, repository: 'org/app' }],
    ['docker.io/org/app', true, { host: 'docker.io', endpoints: hub, repository: 'org/app' }]
  ])('%s (insecure %s)', (ref, insecure, expected) => {
    expect(parseRegistryRef(ref, { insecure })).toEqual(expected)
  })

  test.each([
    ['git.example.com', false, ['https://git.example.com verified']],
    ['git.example.com', true, ['https://git.example.com unverified', 'http://git.example.com verified']],
    ['10.0.0.1:5000', true, ['https://10.0.0.1:5000 unverified', 'http://10.0.0.1:5000 verified']],
    ['127.0.0.1:5000', true, ['http://127.0.0.1:5000 verified']],
    ['[::1]:5000', false, ['http://[::1]:5000 verified']]
  ])('endpoints of %s (insecure %s)', (host, insecure, expected) => {
    expect(endpointsFor(host, insecure).map(({ url, verifyTls }) => `${url} ${verifyTls ? 'verified' : 'unverified'}`)).toEqual(expected)
  })

  test('Docker Hub refs log in under the v1 index key, as docker login stores it', () => {
    const config: DockerConfig = { auths: { 'https://index.docker.io/v1/': { auth: basic('hub', 'p') } } }
    for (const ref of ['docker.io/org/app', 'index.docker.io/org/app', 'org/app'])
      expect(findCredentials(config, parseRegistryRef(ref).host)).toEqual({ kind: 'config', credentials: { username: 'hub', password: 'p' } })
    expect(findCredentials({ credsStore: 'desktop' }, parseRegistryRef('index.docker.io/org/app').host)).toEqual({
      kind: 'helper',
      helper: 'desktop',
      serverUrl: 'https://index.docker.io/v1/'
    })
  })

  test.each([
    ['127.0.0.1', true],
    ['127.8.9.10:5000', true],
    ['localhost:5000', true],
    ['[::1]:5000', true],
    ['127.0.0.1.example.com', false],
    ['10.0.0.1:5000', false],
    ['localhost.example.com', false]
  ])('loopback %s: %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected))
})
