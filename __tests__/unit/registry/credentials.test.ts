import { describe, expect, test } from '@jest/globals'
import { dockerConfigPath, findCredentials, helperProgram, hostOfKey, parseHelperOutput, type DockerConfig } from '../../../src/registry/credentials.js'

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64')

describe('credentials from the Docker config', () => {
  test.each<[string, string, DockerConfig, ReturnType<typeof findCredentials>]>([
    [
      'auth entry by bare host',
      'git.example.com',
      { auths: { 'git.example.com': { auth: basic('ci', 'pa:ss') } } },
      { kind: 'config', credentials: { username: 'ci', password: 'pa:ss' } }
    ],
    [
      'auth entry keyed by URL',
      'git.example.com',
      { auths: { 'https://git.example.com/v2/': { auth: basic('ci', 's') } } },
      { kind: 'config', credentials: { username: 'ci', password: 's' } }
    ],
    [
      'host with port',
      '127.0.0.1:5001',
      { auths: { '127.0.0.1:5001': { auth: basic('u', 'p') }, '127.0.0.1:5000': { auth: basic('x', 'y') } } },
      { kind: 'config', credentials: { username: 'u', password: 'p' } }
    ],
    ['another host only', 'git.example.com', { auths: { 'other.example.com': { auth: basic('u', 'p') } } }, { kind: 'none' }],
    [
      'Docker Hub under its v1 key',
      'docker.io',
      { auths: { 'https://index.docker.io/v1/': { auth: basic('hub', 'p') } } },
      { kind: 'config', credentials: { username: 'hub', password: 'p' } }
    ],
    [
      'username and password fields',
      'r.test',
      { auths: { 'r.test': { username: 'u', password: 'p' } } },
      { kind: 'config', credentials: { username: 'u', password: 'p' } }
    ],
    [
      'per-host helper wins',
      'r.test',
      { credHelpers: { 'r.test': 'ecr-login' }, auths: { 'r.test': { auth: basic('u', 'p') } } },
      { kind: 'helper', helper: 'ecr-login', serverUrl: 'r.test' }
    ],
    ['store when the file has no entry', 'r.test', { credsStore: 'pass', auths: { 'r.test': {} } }, { kind: 'helper', helper: 'pass', serverUrl: 'r.test' }],
    [
      'the file entry before the store',
      'r.test',
      { credsStore: 'pass', auths: { 'r.test': { auth: basic('u', 'p') } } },
      { kind: 'config', credentials: { username: 'u', password: 'p' } }
    ],
    [
      'store for Docker Hub gets the v1 URL',
      'docker.io',
      { credsStore: 'desktop' },
      { kind: 'helper', helper: 'desktop', serverUrl: 'https://index.docker.io/v1/' }
    ],
    [
      'identity token',
      'r.test',
      { auths: { 'r.test': { identitytoken: 'x' } } },
      { kind: 'unsupported', reason: expect.stringContaining('identity token') as unknown as string }
    ],
    [
      'auth that is not user:password',
      'r.test',
      { auths: { 'r.test': { auth: Buffer.from('nocolon').toString('base64') } } },
      { kind: 'unsupported', reason: expect.stringContaining('not base64') as unknown as string }
    ],
    ['empty config', 'r.test', {}, { kind: 'none' }]
  ])('%s', (_name, host, config, expected) => {
    expect(findCredentials(config, host)).toEqual(expected)
  })

  test.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['HTTP://Git.Example.com:3000/v2/', 'git.example.com:3000'],
    ['127.0.0.1:5000', '127.0.0.1:5000']
  ])('config key %s names host %s', (key, host) => expect(hostOfKey(key)).toBe(host))

  test.each([
    [{ DOCKER_CONFIG: '/tmp/dc' }, '/tmp/dc/config.json'],
    [{ HOME: '/home/ci' }, '/home/ci/.docker/config.json'],
    [{}, '/root/.docker/config.json']
  ])('config file for %j', (env, file) => expect(dockerConfigPath(env, '/root')).toBe(file))

  test.each([
    ['{"ServerURL":"r.test","Username":"u","Secret":"s"}', { username: 'u', password: 's' }],
    ['{"ServerURL":"r.test","Username":"<token>","Secret":"t"}', { unsupported: expect.stringContaining('identity token') }],
    ['credentials not found in native keychain', undefined],
    ['{"Username":"u","Secret":""}', undefined]
  ])('helper output %s', (text, expected) => expect(parseHelperOutput(text)).toEqual(expected))

  test.each([
    ['pass', 'docker-credential-pass'],
    ['ecr-login', 'docker-credential-ecr-login'],
    ['../../bin/sh', undefined],
    ['a b', undefined]
  ])('helper %s runs %s', (helper, program) => expect(helperProgram(helper)).toBe(program))
})
