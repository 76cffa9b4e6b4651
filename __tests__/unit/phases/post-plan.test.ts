import { describe, expect, test } from '@jest/globals'
import { exportAction, planPost, type PostPlan } from '../../../src/phases/post-plan.js'
import type { ExportState, JobState } from '../../../src/runner/state.js'

const snapshot = (writeTag?: string, kept?: boolean): ExportState => ({
  snapshotDir: `/cache/app/.snapshots/job-${writeTag ?? 'ro'}`,
  ...(writeTag ? { writeTag } : {}),
  ...(kept ? { kept } : {})
})
const builder = (persistentStore: boolean): NonNullable<JobState['builder']> => ({
  name: 'cachekeeper-app',
  volumePath: '/cache',
  maxSizeBytes: 1e9,
  dryRun: false,
  persistentStore
})
const registry = { ref: 'registry.example/app-cache', insecure: false }

describe('exportAction: what becomes of one export', () => {
  test.each<[string, ExportState, boolean, ReturnType<typeof exportAction>]>([
    ['a job that writes promotes', snapshot('main'), false, { do: 'promote' }],
    ['a dry run only weighs it', snapshot('main'), true, { do: 'dry-run' }],
    ['a read-only job has nothing to promote', snapshot(), false, { do: 'skip', reason: 'read-only job' }],
    ['a read-only dry run neither', snapshot(), true, { do: 'skip', reason: 'read-only job' }],
    [
      'a store copy younger than store-refresh is kept, even in a dry run',
      snapshot('main', true),
      true,
      { do: 'skip', reason: 'the store copy is younger than store-refresh (the persistent builder holds the cache)' }
    ]
  ])('%s', (_label, entry, dryRun, expected) => expect(exportAction(entry, dryRun)).toEqual(expected))
})

describe('planPost: what post does for each job main prepared', () => {
  const noLocal: Pick<PostPlan, 'local'> = { local: undefined }
  test.each<[string, JobState, Partial<PostPlan>]>([
    [
      'local, a push: promote, mark the restored scopes used, protect both',
      { backend: 'local', storeRoot: '/cache/app', exports: [snapshot('main')], restoredTags: ['main'] },
      {
        builderBudget: false,
        registryCheck: false,
        local: {
          storeRoot: '/cache/app',
          dryRun: false,
          exports: [{ entry: snapshot('main'), action: { do: 'promote' } }],
          used: ['main'],
          kept: [],
          protect: ['main']
        }
      }
    ],
    [
      'local, a pull request: writes pr-7, reads main',
      { backend: 'local', storeRoot: '/cache/app', exports: [snapshot('pr-7')], restoredTags: ['main'] },
      {
        local: {
          storeRoot: '/cache/app',
          dryRun: false,
          exports: [{ entry: snapshot('pr-7'), action: { do: 'promote' } }],
          used: ['main'],
          kept: [],
          protect: ['main', 'pr-7']
        }
      }
    ],
    [
      'local with the persistent builder holding the cache: the kept copy is used and protected, not promoted',
      { backend: 'local', storeRoot: '/cache/app', exports: [snapshot('main', true)], restoredTags: [], builder: builder(true) },
      {
        builderBudget: true,
        builderReportAlone: false,
        local: {
          storeRoot: '/cache/app',
          dryRun: false,
          exports: [{ entry: snapshot('main', true), action: expect.objectContaining({ do: 'skip' }) as never }],
          used: ['main'],
          kept: ['main'],
          protect: ['main']
        }
      }
    ],
    [
      'local, dry run: weighed only',
      { backend: 'local', storeRoot: '/cache/app', exports: [snapshot('main')], dryRun: true },
      {
        local: {
          storeRoot: '/cache/app',
          dryRun: true,
          exports: [{ entry: snapshot('main'), action: { do: 'dry-run' } }],
          used: [],
          kept: [],
          protect: ['main']
        }
      }
    ],
    ['local without a snapshot (an ended scope only): no promotion', { backend: 'local', storeRoot: '/cache/app', exports: [], removedTag: 'pr-7' }, noLocal],
    ['local without a store: no promotion', { backend: 'local', exports: [snapshot('main')] }, noLocal],
    [
      'local+registry: promotion and the registry check',
      { backend: 'local+registry', storeRoot: '/cache/app', exports: [snapshot('main')], registry },
      { registryCheck: true, local: expect.objectContaining({ storeRoot: '/cache/app' }) as never }
    ],
    ['registry: only the registry check', { backend: 'registry', registry, writeTag: 'main' }, { registryCheck: true, ...noLocal }],
    ['registry without what to check (read-only): nothing', { backend: 'registry' }, { registryCheck: false, ...noLocal }],
    [
      'gha: nothing of the store or the registry',
      { backend: 'gha', exports: [snapshot('main')], storeRoot: '/cache/app' },
      { registryCheck: false, ...noLocal }
    ],
    [
      'the persistent builder without a volume: budget, and its cache is the whole report',
      { backend: 'gha', builder: builder(false) },
      { builderBudget: true, builderReportAlone: true, ...noLocal }
    ],
    ['a bake job: its definition removed', { backend: 'off', bakeFile: '/tmp/bake-1.json' }, { bakeFile: '/tmp/bake-1.json', ...noLocal }],
    ['off: nothing at all', { backend: 'off' }, { builderBudget: false, builderReportAlone: false, registryCheck: false, ...noLocal }]
  ])('%s', (_label, state, expected) => {
    const plan = planPost(state)
    expect(plan).toMatchObject(expected)
    if (!state.bakeFile) expect(plan.bakeFile).toBeUndefined()
  })
})
