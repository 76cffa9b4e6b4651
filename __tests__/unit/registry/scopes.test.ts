import { describe, expect, test } from '@jest/globals'
import { type Deletion, type Lookup, type TagList } from '../../../src/registry/client.js'
import { deleteScope, judgeExport, lookUpScopes, removeManifest, removeScopes, tagsSharing } from '../../../src/registry/scopes.js'

const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`

/** A client stand-in answering from a table of tags; the tag list is the table's keys unless given. */
function fakeClient(tags: Record<string, Lookup>, deletions: { manifest?: Deletion; tag?: Deletion } = {}, list?: TagList) {
  const calls: string[] = []
  return {
    calls,
    resolve: async (tag: string) => {
      calls.push(`resolve ${tag}`)
      return tags[tag] ?? { state: 'absent' as const }
    },
    listTags: async (limit: number): Promise<TagList> => {
      calls.push('list')
      const all = Object.keys(tags)
      return list ?? { state: 'listed', tags: all.slice(0, limit), truncated: all.length > limit }
    },
    deleteManifest: async (digest: string) => {
      calls.push(`delete ${digest}`)
      return deletions.manifest ?? { state: 'deleted' as const }
    },
    deleteTag: async (tag: string) => {
      calls.push(`delete tag ${tag}`)
      return deletions.tag ?? { state: 'refused' as const, status: 400, problem: 'unsupported' }
    }
  }
}

describe('lookUpScopes', () => {
  test.each<[string, Record<string, Lookup>, string[], string | undefined, object, string[]]>([
    ['warm on the written scope', { main: { state: 'found', digest: D1 } }, ['main'], 'main', { restored: 'main', writeDigest: D1 }, ['resolve main']],
    [
      'a PR warm from its base',
      { main: { state: 'found', digest: D1 } },
      ['pr-7', 'main'],
      'pr-7',
      { restored: 'main', writeDigest: '' },
      ['resolve pr-7', 'resolve main']
    ],
    ['cold', {}, ['pr-7', 'main'], 'pr-7', { writeDigest: '' }, ['resolve pr-7', 'resolve main']],
    [
      'read-only, second fallback',
      { main: { state: 'found', digest: D2 } },
      ['develop', 'main'],
      undefined,
      { restored: 'main' },
      ['resolve develop', 'resolve main']
    ],
    [
      'unreachable stops at the first tag',
      { 'pr-7': { state: 'failed', problem: 'ECONNREFUSED' } },
      ['pr-7', 'main'],
      'pr-7',
      { problem: 'ECONNREFUSED' },
      ['resolve pr-7']
    ]
  ])('%s', async (_name, tags, order, writeTag, expected, calls) => {
    const client = fakeClient(tags)
    expect(await lookUpScopes(client, order, writeTag)).toEqual(expected)
    expect(client.calls).toEqual(calls)
  })
})

describe('judgeExport', () => {
  const ref = 'r.test/cache:main'
  test.each<[string, string | undefined, Lookup, RegExp, RegExp | undefined]>([
    ['written where nothing was', '', { state: 'found', digest: D1 }, /^written at r\.test\/cache:main \(111111111111\)$/, undefined],
    ['updated', D1, { state: 'found', digest: D2 }, /^updated at r\.test\/cache:main/, undefined],
    [
      'unchanged is no warning, and says both readings',
      D1,
      { state: 'found', digest: D1 },
      /^unchanged at r\.test\/cache:main .*nothing new to export, or the export failed/,
      undefined
    ],
    ['present when main could not look', undefined, { state: 'found', digest: D1 }, /^present at/, undefined],
    [
      'nothing arrived',
      '',
      { state: 'absent' },
      /^missing: no cache arrived at r\.test\/cache:main$/,
      /^No cache arrived at r\.test\/cache:main: .*runs cold$/
    ],
    ['gone since main saw it', D1, { state: 'absent' }, /^missing/, /^No cache arrived at r\.test\/cache:main/],
    [
      'unreachable',
      undefined,
      { state: 'failed', problem: 'r.test: ECONNREFUSED' },
      /^not checked: r\.test: ECONNREFUSED$/,
      /^The cache export to r\.test\/cache:main could not be checked \(r\.test: ECONNREFUSED\)/
    ]
  ])('%s', (_name, before, after, row, warning) => {
    const verdict = judgeExport(ref, before, after)
    expect(verdict.row).toMatch(row)
    if (warning) expect(verdict.warning).toMatch(warning)
    else expect(verdict.warning).toBeUndefined()
  })
})

describe('deleteScope', () => {
  const found = (digest: string): Lookup => ({ state: 'found', digest })
  test.each<[string, Record<string, Lookup>, { manifest?: Deletion; tag?: Deletion }, TagList | undefined, boolean, object, string[]]>([
    [
      'deletes the manifest by digest when no other tag points at it',
      { 'pr-7': found(D1), main: found(D2) },
      {},
      undefined,
      false,
      { state: 'deleted', digest: D1, tagOnly: false },
      ['resolve pr-7', 'list', 'resolve main', `delete ${D1}`]
    ],
    ['absent tag: nothing to do', {}, {}, undefined, false, { state: 'absent' }, ['resolve pr-7']],
    [
      'dry-run deletes nothing',
      { 'pr-7': found(D1), main: found(D2) },
      {},
      undefined,
      true,
      { state: 'would-delete', digest: D1, sharedWith: [] },
      ['resolve pr-7', 'list', 'resolve main']
    ],
    [
      "the user's image tags pushed with it: the tag only, where supported",
      { 'pr-7': found(D1), 'sha-abc1234': found(D1), 'v1.4.0': found(D1), main: found(D2) },
      { tag: { state: 'deleted' } },
      undefined,
      false,
      { state: 'deleted', digest: D1, tagOnly: true },
      ['resolve pr-7', 'list', 'resolve sha-abc1234', 'resolve v1.4.0', 'resolve main', 'delete tag pr-7']
    ],
    [
      "the user's image tags, tag deletes refused: kept, naming them",
      { 'pr-7': found(D1), 'sha-abc1234': found(D1), 'v1.4.0': found(D1), main: found(D2) },
      {},
      undefined,
      false,
      {
        state: 'kept',
        digest: D1,
        reason: 'it points at the same manifest as sha-abc1234, v1.4.0, and this registry deletes manifests only by digest, which would delete those tags too'
      },
      ['resolve pr-7', 'list', 'resolve sha-abc1234', 'resolve v1.4.0', 'resolve main', 'delete tag pr-7']
    ],
    [
      'a tag list that fails: kept, never deleted on a guess',
      { 'pr-7': found(D1) },
      {},
      { state: 'failed', problem: 'the registry answered 500' },
      false,
      { state: 'kept', digest: D1, reason: 'the tags that may share its manifest could not be checked (the registry answered 500)' },
      ['resolve pr-7', 'list']
    ],
    [
      'a tag that cannot be resolved: kept',
      { 'pr-7': found(D1), main: { state: 'failed', problem: 'ECONNRESET' } },
      {},
      undefined,
      false,
      { state: 'kept', digest: D1, reason: expect.stringContaining('ECONNRESET (while resolving main)') },
      ['resolve pr-7', 'list', 'resolve main']
    ],
    [
      'more tags than are resolved: kept',
      { 'pr-7': found(D1) },
      {},
      { state: 'listed', tags: ['pr-7'], truncated: true },
      false,
      { state: 'kept', digest: D1, reason: expect.stringContaining('more than 1000 tags') },
      ['resolve pr-7', 'list']
    ],
    [
      'deletes disabled (405): refused, with the way out',
      { 'pr-7': found(D1) },
      { manifest: { state: 'refused', status: 405, problem: '405, UNSUPPORTED' } },
      undefined,
      false,
      { state: 'refused', digest: D1, problem: '405, UNSUPPORTED', hint: expect.stringContaining('REGISTRY_STORAGE_DELETE_ENABLED=true') },
      ['resolve pr-7', 'list', `delete ${D1}`]
    ],
    [
      'no permission (403): refused, no hint',
      { 'pr-7': found(D1) },
      { manifest: { state: 'refused', status: 403, problem: 'denied' } },
      undefined,
      false,
      { state: 'refused', digest: D1, problem: 'denied' },
      ['resolve pr-7', 'list', `delete ${D1}`]
    ],
    [
      'unreachable',
      { 'pr-7': { state: 'failed', problem: 'ECONNREFUSED' } },
      {},
      undefined,
      false,
      { state: 'failed', problem: 'ECONNREFUSED' },
      ['resolve pr-7']
    ]
  ])('%s', async (_name, tags, deletions, list, dryRun, expected, calls) => {
    const client = fakeClient(tags, deletions, list)
    expect(await deleteScope(client, 'pr-7', dryRun)).toEqual(expected)
    expect(client.calls).toEqual(calls)
  })
})

describe('the manifest an export superseded', () => {
  test.each<[string, Record<string, Lookup>, boolean, object]>([
    ['no tag left on it: deleted', { main: { state: 'found', digest: D2 } }, false, { state: 'deleted', digest: D1, tagOnly: false }],
    [
      'another scope still on it: kept, nothing deleted',
      { main: { state: 'found', digest: D2 }, develop: { state: 'found', digest: D1 } },
      false,
      { state: 'kept', digest: D1, reason: 'develop still point at it', heldByOthers: true }
    ],
    ['dry-run', { main: { state: 'found', digest: D2 } }, true, { state: 'would-delete', digest: D1, sharedWith: [] }],
    [
      'dry-run, another scope still on it: kept, as the real run keeps it',
      { main: { state: 'found', digest: D2 }, develop: { state: 'found', digest: D1 } },
      true,
      { state: 'kept', digest: D1, reason: 'develop still point at it', heldByOthers: true }
    ]
  ])('%s', async (_name, tags, dryRun, expected) => {
    const client = fakeClient(tags)
    expect(await removeManifest(client, D1, undefined, dryRun)).toEqual(expected)
    expect(client.calls.filter((call) => call.startsWith('delete tag'))).toEqual([])
  })

  test('tags are resolved at most 1000, a few at a time', async () => {
    const tags: Record<string, Lookup> = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`t${i}`, { state: 'found', digest: i === 999 ? D1 : D2 }]))
    const client = fakeClient(tags)
    expect(await tagsSharing(client, D1, undefined)).toEqual({ state: 'known', tags: ['t999'] })
    const over = fakeClient({ ...tags, extra: { state: 'found', digest: D2 } })
    expect(await tagsSharing(over, D1, undefined)).toEqual({ state: 'unknown', problem: expect.stringContaining('more than 1000 tags') })
    expect(over.calls).toEqual(['list'])
  })
})

describe('removeScopes (the CLI): tags named together on one manifest go together', () => {
  const found = (digest: string): Lookup => ({ state: 'found', digest })
  const D3 = `sha256:${'3'.repeat(64)}`
  test.each<[string, Record<string, Lookup>, string[], { tag?: Deletion }, boolean, Array<[string, object]>, string[]]>([
    [
      'both tags of a manifest named: deleted by digest once',
      { dev: found(D1), main: found(D1), other: found(D2) },
      ['dev', 'main'],
      {},
      false,
      [
        ['dev', { state: 'deleted', digest: D1, tagOnly: false }],
        ['main', { state: 'deleted', digest: D1, tagOnly: false }]
      ],
      ['resolve dev', 'resolve main', 'list', 'resolve other', `delete ${D1}`]
    ],
    [
      'one of two named, tag deletes refused: kept, the other tag named',
      { dev: found(D1), main: found(D1) },
      ['dev'],
      {},
      false,
      [['dev', { state: 'kept', digest: D1, reason: expect.stringContaining('the same manifest as main') }]],
      ['resolve dev', 'list', 'resolve main', 'delete tag dev']
    ],
    [
      'two named on a manifest a third shares, tag deletes allowed: both tags go, tag by tag',
      { a: found(D3), b: found(D3), keep: found(D3) },
      ['a', 'b'],
      { tag: { state: 'deleted' } },
      false,
      [
        ['a', { state: 'deleted', digest: D3, tagOnly: true }],
        ['b', { state: 'deleted', digest: D3, tagOnly: true }]
      ],
      ['resolve a', 'resolve b', 'list', 'resolve keep', 'delete tag a', 'delete tag b']
    ],
    [
      'a name given twice, an absent one, a dry run',
      { a: found(D1) },
      ['a', 'a', 'gone'],
      {},
      true,
      [
        ['a', { state: 'would-delete', digest: D1, sharedWith: [] }],
        ['gone', { state: 'absent' }]
      ],
      ['resolve a', 'resolve gone', 'list']
    ]
  ])('%s', async (_name, tags, asked, deletions, dryRun, expected, calls) => {
    const client = fakeClient(tags, deletions)
    const results = await removeScopes(client, asked, dryRun)
    expect(results.map((r) => [r.tag, r.removal])).toEqual(expected)
    expect(client.calls).toEqual(calls)
  })
})
