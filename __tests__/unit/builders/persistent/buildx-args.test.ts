import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { budgetFlag, clearCacheArgs, createArgs, inspectArgs, pruneArgs, useArgs } from '../../../../src/builders/persistent/buildx-args.js'

describe('argv', () => {
  test.each<[string, string[]]>([
    [JSON.stringify(createArgs('cachekeeper-app', [])), ['buildx', 'create', '--name', 'cachekeeper-app', '--driver', 'docker-container', '--use']],
    [
      JSON.stringify(createArgs('cachekeeper-app', ['image=r.example/moby/buildkit:v0.32.2', 'network=host'])),
      [
        'buildx',
        'create',
        '--name',
        'cachekeeper-app',
        '--driver',
        'docker-container',
        '--driver-opt',
        'image=r.example/moby/buildkit:v0.32.2',
        '--driver-opt',
        'network=host',
        '--use'
      ]
    ],
    [JSON.stringify(inspectArgs('cachekeeper-app', true)), ['buildx', 'inspect', '--bootstrap', 'cachekeeper-app']],
    [JSON.stringify(inspectArgs('cachekeeper-app', false)), ['buildx', 'inspect', 'cachekeeper-app']],
    [
      JSON.stringify(pruneArgs('cachekeeper-app', 10 * 1024 ** 3, '--keep-storage')),
      ['buildx', 'prune', '--builder', 'cachekeeper-app', '--force', '--all', '--keep-storage', '10737418240']
    ],
    [
      JSON.stringify(pruneArgs('cachekeeper-app', 1.5e6 + 0.5, '--reserved-space')),
      ['buildx', 'prune', '--builder', 'cachekeeper-app', '--force', '--all', '--reserved-space', '1500000']
    ]
  ])('%s', (actual, expected) => expect(JSON.parse(actual)).toEqual(expected))

  test('argv: use, and the fresh-build clear of this builder only', () => {
    expect(useArgs('cachekeeper-app')).toEqual(['buildx', 'use', 'cachekeeper-app'])
    expect(clearCacheArgs('cachekeeper-app')).toEqual(['buildx', 'prune', '--builder', 'cachekeeper-app', '--all', '--force'])
  })
})

describe('budgetFlag', () => {
  // Excerpts of `docker buildx prune --help` from Debian's buildx 0.13 and 0.29.
  const old = 'Options:\n  -a, --all                  Include internal/frontend images\n      --keep-storage bytes   Amount of disk space to keep for cache\n'
  const current =
    'Options:\n      --max-used-space bytes   Maximum amount of disk space allowed to\n      --min-free-space bytes   Target amount of free disk space after pruning\n      --reserved-space bytes   Amount of disk space always allowed to\n'
  test.each([
    ['buildx 0.13', old, '--keep-storage'],
    ['buildx 0.29', current, '--reserved-space'],
    ['no help text at all', '', '--keep-storage']
  ])('%s -> %s', (_label, help, expected) => expect(budgetFlag(help)).toBe(expected))
})

// What each buildx client really prints, captured from Debian trixie's 0.13, sid's 0.29 and the upstream 0.36 release (__fixtures__/buildx/<version>/).
const FIXTURES = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', '..', '__fixtures__', 'buildx')
const read = (version: string, name: string) => fs.readFileSync(path.join(FIXTURES, version, name), 'utf8')

describe.each([
  ['0.13.1', { flag: '--keep-storage', du: 13_750_000 }],
  ['0.29.1', { flag: '--reserved-space', du: 0 }],
  ['0.36.1', { flag: '--reserved-space', du: 0 }]
])('buildx %s', (version, expected) => {
  test('prune --help: the budget flag', () => expect(budgetFlag(read(version, 'prune-help.txt'))).toBe(expected.flag))
})
