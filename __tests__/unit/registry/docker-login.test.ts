import { describe, expect, test } from '@jest/globals'
import { dockerLogin } from '../../../src/registry/docker-login.js'

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64')

describe('dockerLogin: the I/O given, the Docker config read as the docker CLI reads it', () => {
  const io = (config: string | Error, helper = { code: 0, stdout: '{"Username":"u","Secret":"from-helper"}', stderr: '' }) => {
    const said: string[] = []
    const ran: string[] = []
    return {
      said,
      ran,
      readFile: () => {
        if (config instanceof Error) throw config
        return config
      },
      helperGet: async (program: string, serverUrl: string) => {
        ran.push(`${program} ${serverUrl}`)
        return helper
      },
      info: (message: string) => said.push(message)
    }
  }
  test('an auths entry', async () => {
    const fake = io(JSON.stringify({ auths: { 'git.example.com': { auth: basic('ci', 'pw') } } }))
    expect(await dockerLogin('git.example.com', '/c/config.json', fake)).toEqual({ username: 'ci', password: 'pw' })
    expect(fake.said).toEqual(['Registry credentials for git.example.com: from /c/config.json'])
  })
  test('a credential helper, run with the server URL', async () => {
    const fake = io(JSON.stringify({ credHelpers: { 'git.example.com': 'pass' } }))
    expect(await dockerLogin('git.example.com', '/c/config.json', fake)).toEqual({ username: 'u', password: 'from-helper' })
    expect(fake.ran).toEqual(['docker-credential-pass git.example.com'])
  })
  test('no config file: anonymous, said once', async () => {
    const fake = io(Object.assign(new Error('gone'), { code: 'ENOENT' }))
    expect(await dockerLogin('git.example.com', '/c/config.json', fake)).toBeUndefined()
    expect(fake.said).toEqual(['No Docker config at /c/config.json: the registry is asked without credentials'])
  })
  test('a helper that fails: anonymous, its first error line said', async () => {
    const fake = io(JSON.stringify({ credsStore: 'desktop' }), { code: 1, stdout: '', stderr: 'credentials not found\nmore' })
    expect(await dockerLogin('git.example.com', '/c/config.json', fake)).toBeUndefined()
    expect(fake.said).toEqual([
      'Credential helper docker-credential-desktop gave no credentials for git.example.com (credentials not found): the registry is asked without credentials'
    ])
  })
})
