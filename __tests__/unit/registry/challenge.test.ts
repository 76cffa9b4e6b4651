import { describe, expect, test } from '@jest/globals'
import { parseChallenge, tokenUrl } from '../../../src/registry/challenge.js'

describe('parseChallenge', () => {
  test.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:org/app:pull,push"',
      { scheme: 'bearer', realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:org/app:pull,push' }
    ],
    [
      'Bearer realm="https://git.example.com/v2/token",service="container_registry",scope="*"',
      { scheme: 'bearer', realm: 'https://git.example.com/v2/token', service: 'container_registry', scope: '*' }
    ],
    ['bearer realm=https://r.test/token, service=r.test', { scheme: 'bearer', realm: 'https://r.test/token', service: 'r.test' }],
    ['Basic realm="test"', { scheme: 'basic', realm: 'test' }],
    ['Basic', { scheme: 'basic' }],
    ['Basic realm="x", Bearer realm="https://t.test/token"', { scheme: 'bearer', realm: 'https://t.test/token' }],
    ['Bearer realm="https://t.test/a\\"b"', { scheme: 'bearer', realm: 'https://t.test/a"b' }],
    ['Negotiate', undefined],
    ['Bearer service="no-realm"', undefined],
    ['Bearer realm="not a url"', undefined],
    ['Bearer realm="file:///etc/passwd"', undefined],
    ['Bearer realm="not a url", Basic realm="r"', { scheme: 'basic', realm: 'r' }],
    ['', undefined],
    [null, undefined]
  ])('%s', (header, expected) => {
    expect(parseChallenge(header)).toEqual(expected)
  })

  test('the token URL carries service and scope, the challenge scope first', () => {
    expect(tokenUrl({ scheme: 'bearer', realm: 'https://t.test/token?x=1', service: 'svc' }, 'repository:a:pull')).toBe(
      'https://t.test/token?x=1&service=svc&scope=repository%3Aa%3Apull'
    )
    expect(tokenUrl({ scheme: 'bearer', realm: 'https://t.test/token', scope: '*' }, 'repository:a:pull')).toBe('https://t.test/token?scope=*')
  })
})
