import { describe, expect, test } from '@jest/globals'
import {
  BUDGET_CHECK_INTERVAL_MS,
  budgetCheckDue,
  nodeRecordDue,
  NODE_RECORD_INTERVAL_MS,
  driverOptsNote,
  parseRecord,
  unusedBuilders
} from '../../../../src/builders/persistent/record.js'
import { day, now, record } from '../../../../__fixtures__/persistent-builder.js'

describe('budgetCheckDue: whether post measures the builder cache this job', () => {
  const now = Date.parse('2026-11-23T12:00:00Z')
  const max = 10 * 1024 ** 3
  const fresh = { budgetCheckedMs: now - 60e3, cacheBytes: max / 2 }
  test.each<[string, { budgetCheckedMs?: number; cacheBytes?: number } | undefined, boolean]>([
    ['measured a minute ago at half the budget: not due', fresh, false],
    ['never measured', undefined, true],
    ['no size recorded', { budgetCheckedMs: now - 60e3 }, true],
    ['measured just under the interval ago', { ...fresh, budgetCheckedMs: now - BUDGET_CHECK_INTERVAL_MS + 1 }, false],
    ['measured the interval ago', { ...fresh, budgetCheckedMs: now - BUDGET_CHECK_INTERVAL_MS }, true],
    ['last found past 90% of the budget', { ...fresh, cacheBytes: max * 0.95 }, true],
    ['measured in the future (another clock)', { ...fresh, budgetCheckedMs: now + 60e3 }, true]
  ])('%s: %s', (_label, record, due) => expect(budgetCheckDue(record, max, now)).toBe(due))
})

describe('records', () => {
  test('unusedBuilders: past their own max-age, ours only', () => {
    const records = [record('cachekeeper-old', 15), record('cachekeeper-fresh', 1), record('cachekeeper-short', 2, 1), record('mybuilder', 100)]
    expect(unusedBuilders(records, now).map((r) => r.name)).toEqual(['cachekeeper-old', 'cachekeeper-short'])
  })

  test.each([
    ['a record', JSON.stringify(record('cachekeeper-app', 0)), true],
    ['a foreign name', JSON.stringify(record('buildx_buildkit_other', 0)), false],
    ['no lastUsedMs', JSON.stringify({ ...record('cachekeeper-app', 0), lastUsedMs: 'yesterday' }), false],
    ['broken JSON', '{"name":', false]
  ])('parseRecord: %s -> %s', (_label, text, ok) => expect(parseRecord(text) !== undefined).toBe(ok))

  test.each<[string[] | undefined, string[], boolean]>([
    [undefined, ['network=host'], false],
    [['network=host'], ['network=host'], false],
    [[], ['network=host'], true],
    [['image=a', 'network=host'], ['network=host', 'image=a'], true]
  ])('driverOptsNote %j -> %j: note %s', (recorded, wanted, noted) => expect(driverOptsNote(recorded, wanted) !== undefined).toBe(noted))
})

describe('nodeRecordDue: whether post with the volume also writes the copy in the node container', () => {
  const recorded = { name: 'cachekeeper-app', repoName: 'app', lastUsedMs: now, maxAgeMs: day, driverOpts: [], buildkit: 'v0.33.1', nodeRecordMs: now - 60e3 }
  const same = { buildkit: 'v0.33.1' }
  test.each([
    ['written a minute ago, nothing new', recorded, same, true, now, false],
    ['written an hour ago', recorded, same, true, now - 60e3 + NODE_RECORD_INTERVAL_MS, true],
    ['a builder made in this job (no copy yet)', recorded, same, false, now, true],
    ['never written', { ...recorded, nodeRecordMs: undefined }, same, true, now, true],
    ['no record', undefined, same, true, now, true],
    ['written in the future (a clock step)', { ...recorded, nodeRecordMs: now + day }, same, true, now, true],
    ['a new BuildKit', recorded, { buildkit: 'v0.34.0' }, true, now, true],
    ['a new measurement', recorded, { ...same, cacheBytes: 1 }, true, now, true],
    ['the budget flag learnt', recorded, { ...same, budgetFlag: '--reserved-space' as const }, true, now, true],
    ['a new buildx record', recorded, { ...same, buildx: { json: '{}', madeWith: 'x' } }, true, now, true]
  ])('%s', (_label, record, next, attached, at, due) => {
    expect(nodeRecordDue(record, next, attached, at)).toBe(due)
  })
})
