import { describe, expect, test } from '@jest/globals'
import { persistentBuilderName } from '../../../src/builders/persistent/name.js'
import { parseInputs } from '../../../src/config/inputs.js'
import { legacyStoreNotice, repoNameFromRepository } from '../../../src/config/repo-name.js'

describe('the default repo-name names owner and repository', () => {
  test.each([
    ['acme/app', 'acme__app'],
    ['org-a/app', 'org-a__app'],
    ['acme/.github', 'acme__.github'],
    ['Acme/My.App_2', 'Acme__My.App_2']
  ])('%s -> %s', (repository, name) => expect(repoNameFromRepository(repository)).toBe(name))

  test('two owners with a repository of one name get different stores and builders', () => {
    const a = parseInputs({}, { GITHUB_REPOSITORY: 'org-a/app' }).inputs.repoName
    const b = parseInputs({}, { GITHUB_REPOSITORY: 'org-b/app' }).inputs.repoName
    expect(a).not.toBe(b)
    expect(persistentBuilderName(a)).not.toBe(persistentBuilderName(b))
  })

  test('owner and name never run together: org/a__b and org__a/b differ', () => {
    // Gitea, Forgejo and GitHub refuse `__` in an owner name, so only the second can exist; still, never one store for both.
    expect(repoNameFromRepository('org/a__b')).not.toBe(repoNameFromRepository('org__a/b'))
  })

  test('a repository called .github (any dot name) no longer fails the job', () => {
    expect(parseInputs({}, { GITHUB_REPOSITORY: 'acme/.github' }).inputs.repoName).toBe('acme__.github')
    expect(() => parseInputs({ 'repo-name': '.github' }, { GITHUB_REPOSITORY: 'acme/.github' })).toThrow("Input 'repo-name' has an invalid value '.github'")
  })

  test('an over-long name is shortened with a hash and stays one valid path segment', () => {
    const name = repoNameFromRepository(`${'o'.repeat(39)}/${'r'.repeat(100)}`)!
    expect(name.length).toBeLessThanOrEqual(100)
    expect(name).toMatch(/^o+__r+-[0-9a-f]{10}$/)
    expect(repoNameFromRepository(`${'o'.repeat(39)}/${'r'.repeat(99)}x`)).not.toBe(name)
  })

  test.each([undefined, '', 'app', 'a/b/c', '/app'])('%j is no owner/name: repo-name must be given', (repository) => {
    expect(repoNameFromRepository(repository)).toBeUndefined()
    expect(() => parseInputs({}, { GITHUB_REPOSITORY: repository })).toThrow(/Input 'repo-name \(from GITHUB_REPOSITORY\)'.*owner\/name; or set repo-name/)
  })
})

describe('a store under the old default name', () => {
  const stores =
    (...dirs: string[]) =>
    (dir: string) =>
      dirs.includes(dir)
  test('is pointed at, never read, when this repository has no store yet', () => {
    const notice = legacyStoreNotice('/v', 'acme/app', 'acme__app', stores('/v/app'))
    expect(notice).toMatch(/^A store made under the old default name exists at \/v\/app and is not read: .*mv \/v\/app \/v\/acme__app$/)
  })
  test.each([
    ['no old store', stores()],
    ['the new store exists already', stores('/v/app', '/v/acme__app')]
  ])('nothing to say: %s', (_name, isStore) => expect(legacyStoreNotice('/v', 'acme/app', 'acme__app', isStore)).toBeUndefined())
})
