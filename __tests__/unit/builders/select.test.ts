import { describe, expect, test } from '@jest/globals'
import { describeKept, isBuilderContainer, selectStale, type BuilderContainer } from '../../../src/builders/select.js'

const uuid = (n: number) => `0000000${n}-aaaa-bbbb-cccc-${String(n).padStart(12, '0')}`
const builder = (n: number) => `buildx_buildkit_builder-${uuid(n)}0`
const now = Date.parse('2026-11-23T12:00:00Z')
const hoursAgo = (h: number) => now - h * 3600e3
const policy = { now, maxAgeMs: 6 * 3600e3, graceMs: 5 * 60e3 }

describe('isBuilderContainer', () => {
  test.each([
    [builder(1), true],
    [`buildx_buildkit_builder-${uuid(1)}1`, false],
    ['buildx_buildkit_mybuilder0', false],
    [`buildx_buildkit_builder-${uuid(1)}0_state`, false],
    [`xbuildx_buildkit_builder-${uuid(1)}0`, false],
    ['buildx_buildkit_builder-not-a-uuid0', false]
  ])('%s -> %s', (name, expected) => expect(isBuilderContainer(name)).toBe(expected))
})

describe('selectStale', () => {
  test('running past max age, stopped past grace, orphaned volumes past grace; nothing else', () => {
    const containers: BuilderContainer[] = [
      { name: builder(1), status: 'running', createdMs: hoursAgo(7) },
      { name: builder(2), status: 'running', createdMs: hoursAgo(1) },
      { name: builder(3), status: 'exited', createdMs: hoursAgo(1) },
      { name: builder(4), status: 'created', createdMs: now - 60e3 },
      { name: builder(5), status: 'removing', createdMs: hoursAgo(9) },
      { name: 'buildx_buildkit_mybuilder0', status: 'exited', createdMs: hoursAgo(100) }
    ]
    const volumes = [
      { name: `${builder(1)}_state`, createdMs: hoursAgo(7) },
      { name: `${builder(2)}_state`, createdMs: hoursAgo(1) },
      { name: `${builder(8)}_state`, createdMs: hoursAgo(2) },
      { name: `${builder(9)}_state`, createdMs: now - 60e3 },
      { name: 'buildx_buildkit_mybuilder0_state', createdMs: hoursAgo(100) },
      { name: 'pgdata', createdMs: hoursAgo(100) }
    ]
    const stale = selectStale(containers, volumes, policy)
    expect(stale.containers.map((c) => c.name)).toEqual([builder(1), builder(3)])
    expect(stale.volumes).toEqual([`${builder(1)}_state`, `${builder(8)}_state`])
    expect(stale.kept.map((k) => [k.container.name, k.reason])).toEqual([
      [builder(2), 'younger than builder-max-age'],
      [builder(4), 'stopped within the grace'],
      [builder(5), 'being removed by docker']
    ])
  })

  test.each([
    [
      { name: builder(2), status: 'running', createdMs: hoursAgo(1) },
      `kept container ${builder(2)}: running, created 60m ago, younger than builder-max-age (6h)`
    ],
    [
      { name: builder(4), status: 'exited', createdMs: now - 40e3 },
      `kept container ${builder(4)}: exited, created 40s ago, stopped within the grace of 5m: a job may be creating it right now`
    ],
    [{ name: builder(5), status: 'removing', createdMs: hoursAgo(9) }, `kept container ${builder(5)}: removing, created 9h ago, being removed by docker`]
  ])('describeKept names the builder, its state, age and rule: %o', (container, line) => {
    const [kept] = selectStale([container], [], policy).kept
    expect(describeKept(kept, policy)).toBe(line)
  })
})
