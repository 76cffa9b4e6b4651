import { describe, expect, test } from '@jest/globals'
import { cacheEntries, resolveBackend, type EntryRequest } from '../../../src/backends/cache-entries.js'

const base: EntryRequest = {
  repoName: 'app',
  writeTag: 'pr-7',
  readTags: ['main'],
  mode: 'max',
  ignoreError: true,
  options: [],
  registryRef: 'git.example.com/org/app-cache',
  snapshotDir: '/opt/buildx-cache/app/.staging/job'
}

describe('cacheEntries', () => {
  test.each<[Parameters<typeof cacheEntries>[0], Partial<EntryRequest>, string[], string[]]>([
    [
      'local',
      {},
      ['type=local,src=/opt/buildx-cache/app/.staging/job,tag=main'],
      ['type=local,dest=/opt/buildx-cache/app/.staging/job,tag=pr-7,mode=max,ignore-error=true']
    ],
    ['local', { writeTag: undefined, readTags: [] }, [], []],
    [
      'local',
      { mode: 'min', ignoreError: false, options: [['compression', 'zstd']] },
      ['type=local,src=/opt/buildx-cache/app/.staging/job,tag=main,compression=zstd'],
      ['type=local,dest=/opt/buildx-cache/app/.staging/job,tag=pr-7,mode=min,compression=zstd']
    ],
    [
      'registry',
      {},
      ['type=registry,ref=git.example.com/org/app-cache:pr-7', 'type=registry,ref=git.example.com/org/app-cache:main'],
      ['type=registry,ref=git.example.com/org/app-cache:pr-7,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true']
    ],
    [
      'registry',
      {
        options: [
          ['image-manifest', 'false'],
          ['oci-mediatypes', 'false'],
          ['compression', 'zstd']
        ]
      },
      [
        'type=registry,ref=git.example.com/org/app-cache:pr-7,image-manifest=false,oci-mediatypes=false,compression=zstd',
        'type=registry,ref=git.example.com/org/app-cache:main,image-manifest=false,oci-mediatypes=false,compression=zstd'
      ],
      ['type=registry,ref=git.example.com/org/app-cache:pr-7,mode=max,image-manifest=false,oci-mediatypes=false,ignore-error=true,compression=zstd']
    ],
    ['registry', { writeTag: undefined }, ['type=registry,ref=git.example.com/org/app-cache:main'], []],
    ['inline', {}, ['type=registry,ref=git.example.com/org/app-cache:pr-7', 'type=registry,ref=git.example.com/org/app-cache:main'], ['type=inline']],
    ['gha', {}, ['type=gha,scope=app-pr-7', 'type=gha,scope=app-main'], ['type=gha,scope=app-pr-7,mode=max,ignore-error=true']],
    [
      's3',
      {
        options: [
          ['bucket', 'ci'],
          ['region', 'eu-west-1']
        ]
      },
      ['type=s3,name=app-pr-7,bucket=ci,region=eu-west-1', 'type=s3,name=app-main,bucket=ci,region=eu-west-1'],
      ['type=s3,name=app-pr-7,mode=max,ignore-error=true,bucket=ci,region=eu-west-1']
    ],
    ['off', {}, [], []]
  ])('%s %j', (backend, override, cacheFrom, cacheTo) => {
    expect(cacheEntries(backend, { ...base, ...override })).toEqual({ cacheFrom, cacheTo })
  })

  // An overridable key replaces the action's value; any key appears once in every entry, whatever the backend.
  test.each(['local', 'registry', 'inline', 'gha', 's3'] as const)('%s: every key once per entry with image-manifest and oci-mediatypes given', (backend) => {
    const { cacheFrom, cacheTo } = cacheEntries(backend, {
      ...base,
      options: [
        ['image-manifest', 'false'],
        ['oci-mediatypes', 'false']
      ]
    })
    for (const line of [...cacheFrom, ...cacheTo]) {
      const keys = line.split(',').map((pair) => pair.split('=')[0])
      expect([line, keys.length]).toEqual([line, new Set(keys).size])
    }
  })
})

describe('backend choice', () => {
  test.each([
    ['auto', { RUNNER_ENVIRONMENT: 'github-hosted' }, 'gha'],
    ['auto', { RUNNER_ENVIRONMENT: 'self-hosted' }, 'local'],
    ['auto', { GITEA_ACTIONS: 'true' }, 'local'],
    ['auto', { GITEA_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted' }, 'local'],
    ['registry', { RUNNER_ENVIRONMENT: 'github-hosted' }, 'registry']
  ] as const)('%s with %j is %s', (mode, env, backend) => {
    expect(resolveBackend(mode, env)).toBe(backend)
  })
})
