import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  buildxConfigDir,
  buildxKnows,
  currentBuilderName,
  defaultEndpoint,
  isCurrentAlready,
  isCurrentBuilder
} from '../../../../src/builders/persistent/buildx-config.js'

describe("buildx's own records, read instead of asked", () => {
  test.each<[NodeJS.ProcessEnv, string]>([
    [{}, '/home/u/.docker/buildx'],
    [{ DOCKER_CONFIG: '/job/docker' }, '/job/docker/buildx'],
    [{ DOCKER_CONFIG: '/job/docker', BUILDX_CONFIG: '/job/buildx' }, '/job/buildx']
  ])('the buildx folder for %j', (env, dir) => expect(buildxConfigDir(env, '/home/u')).toBe(dir))

  test.each<[NodeJS.ProcessEnv, string | undefined]>([
    [{}, 'unix:///var/run/docker.sock'],
    [{ DOCKER_HOST: 'tcp://docker:2376' }, 'tcp://docker:2376'],
    [{ DOCKER_CONTEXT: 'remote' }, undefined]
  ])('the endpoint buildx keys the current builder by, for %j', (env, endpoint) => expect(defaultEndpoint(env)).toBe(endpoint))

  const sock = 'unix:///var/run/docker.sock'
  test.each<[string, string | undefined, string | undefined, boolean]>([
    ['names it for this endpoint', '{"Key":"unix:///var/run/docker.sock","Name":"cachekeeper-app","Global":false}', sock, true],
    ['names it for every endpoint', '{"Key":"tcp://other:2376","Name":"cachekeeper-app","Global":true}', sock, true],
    ['names the default builder', '{"Key":"unix:///var/run/docker.sock","Name":"","Global":false}', sock, false],
    ['names it for another endpoint', '{"Key":"tcp://other:2376","Name":"cachekeeper-app","Global":false}', sock, false],
    ['names it, but a docker context decides the endpoint', '{"Key":"unix:///var/run/docker.sock","Name":"cachekeeper-app"}', undefined, false],
    ['names another builder', '{"Key":"unix:///var/run/docker.sock","Name":"cachekeeper-other"}', sock, false],
    ['is absent', undefined, sock, false],
    ['is torn', '{"Key":"unix', sock, false]
  ])("buildx's current file %s: current %s", (_label, file, endpoint, current) => expect(isCurrentBuilder(file, 'cachekeeper-app', endpoint)).toBe(current))
})

describe("buildx's folder of this job, read", () => {
  test('its record of the builder, and which builder is current, with no docker call', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildx-'))
    const env = { BUILDX_CONFIG: dir }
    try {
      expect([buildxKnows('cachekeeper-app', env), currentBuilderName(env), isCurrentAlready('cachekeeper-app', env)]).toEqual([false, undefined, false])
      fs.mkdirSync(path.join(dir, 'instances'))
      fs.writeFileSync(path.join(dir, 'instances', 'cachekeeper-app'), '{}')
      fs.writeFileSync(path.join(dir, 'current'), '{"Key":"unix:///var/run/docker.sock","Name":"","Global":false}')
      expect([buildxKnows('cachekeeper-app', env), currentBuilderName(env), isCurrentAlready('cachekeeper-app', env)]).toEqual([true, undefined, false])
      fs.writeFileSync(path.join(dir, 'current'), '{"Key":"unix:///var/run/docker.sock","Name":"cachekeeper-app","Global":false}')
      expect([currentBuilderName(env), isCurrentAlready('cachekeeper-app', env)]).toEqual(['cachekeeper-app', true])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
