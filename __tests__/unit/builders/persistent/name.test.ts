import { describe, expect, test } from '@jest/globals'
import { builderContainer, builderStateVolume } from '../../../../src/builders/buildx-names.js'
import { builderOfNode, isPersistentBuilder, persistentBuilderName } from '../../../../src/builders/persistent/name.js'
import { isBuilderContainer } from '../../../../src/builders/select.js'

// buildx's own rule for instance names (store.ValidateName), and docker's for container names.
const BUILDX_NAME = /^[a-zA-Z][a-zA-Z0-9._-]*$/
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/

describe('persistentBuilderName', () => {
  test.each([
    ['app', 'cachekeeper-app'],
    ['my-app_2', 'cachekeeper-my-app_2'],
    ['builder-1', 'cachekeeper-builder-1']
  ])('%s -> %s (kept as is)', (repo, expected) => expect(persistentBuilderName(repo)).toBe(expected))

  test.each(['App', 'my.repo', 'a.b', 'a-b.', '_x', 'x'.repeat(100), '__', '1.0', 'A-'.repeat(30), 'builder-0000000a-aaaa-bbbb-cccc-000000000001'])(
    '%s: valid for buildx and docker, ours, not setup-buildx',
    (repo) => {
      const name = persistentBuilderName(repo)
      expect(name).toMatch(BUILDX_NAME)
      expect(name).toBe(name.toLowerCase())
      expect(builderStateVolume(name)).toMatch(CONTAINER_NAME)
      expect(isPersistentBuilder(name)).toBe(true)
      expect(isBuilderContainer(builderContainer(name))).toBe(false)
    }
  )

  test('repositories whose names clean up alike still get different builders', () => {
    const names = ['App', 'app.', 'a.pp', 'a-pp', 'a_pp', 'x'.repeat(60), 'x'.repeat(61)].map(persistentBuilderName)
    expect(new Set(names).size).toBe(names.length)
  })
})

describe('isPersistentBuilder', () => {
  test.each([
    ['cachekeeper-app', true],
    ['cachekeeper-', false],
    ['cachekeeper-App', false],
    ['cachekeeper-../x', false],
    ['builder-0000000a-aaaa-bbbb-cccc-000000000001', false],
    ['mybuilder', false]
  ])('%s -> %s', (name, expected) => expect(isPersistentBuilder(name)).toBe(expected))
})

describe('builderOfNode', () => {
  test.each([
    ['buildx_buildkit_cachekeeper-app0', 'cachekeeper-app'],
    ['buildx_buildkit_cachekeeper-app0x', undefined],
    ['buildx_buildkit_builder-1234-5678-aaaa0', undefined],
    ['xbuildx_buildkit_cachekeeper-x0', undefined]
  ])('builderOfNode(%s) = %s', (container, name) => expect(builderOfNode(container)).toBe(name))
})
