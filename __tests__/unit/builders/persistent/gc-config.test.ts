import { describe, expect, test } from '@jest/globals'
import { tomlEntries } from '../../../../src/builders/persistent/buildx-record.js'
import { builderConfig, gcConfig, gcReserveBytes, minFreeSpaceValue } from '../../../../src/builders/persistent/gc-config.js'
import type { DiskSpace } from '../../../../src/config/disk-space.js'

describe("the builder's GC config", () => {
  test('no config of the user: one policy over everything, cache mounts included, within builder-max-size and with 20% of the disk free', () => {
    expect(builderConfig(undefined, 2 * 1024 ** 3)).toEqual({
      gc: 'added',
      text: expect.stringContaining(
        '[worker.oci]\n  gc = true\n  gckeepstorage = 2147483648\n\n[[worker.oci.gcpolicy]]\n  all = true\n  keepBytes = 2147483648\n' +
          '  reservedSpace = 214748364\n  maxUsedSpace = 2147483648\n  minFreeSpace = "20%"\n'
      )
    })
  })

  /** The one GC policy's settings (`key: value` as tomlEntries spells them), read as buildx's record is compared. */
  const policyOf = (text: string): { entries: string[]; policy: Record<string, string> } => {
    const entries = tomlEntries(text) ?? []
    expect(entries.length).toBeGreaterThan(0)
    const policy: Record<string, string> = {}
    for (const entry of entries) {
      const setting = /^\["worker","oci","gcpolicy",0,"(\w+)"\]=(.*)$/.exec(entry)
      if (setting) policy[setting[1]] = setting[2]
    }
    return { entries, policy }
  }

  test.each<[string, number, DiskSpace | undefined, string, string]>([
    ["the default (auto): BuildKit's 20%", 10 * 1024 ** 3, undefined, '"20%"', '1073741824'],
    ['a size (10GiB): bytes, as an integer', 10 * 1024 ** 3, { bytes: 10 * 1024 ** 3 }, '10737418240', '1073741824'],
    ['a share (35%)', 10 * 1024 ** 3, { percent: 35 }, '"35%"', '1073741824'],
    ['a share with a fraction (12.5%): BuildKit takes whole percents, rounded up', 10 * 1024 ** 3, { percent: 12.5 }, '"13%"', '1073741824'],
    ['the most allowed (99%)', 500e6, { percent: 99 }, '"99%"', '50000000'],
    ["a budget past 100 GB: the reserve stops at BuildKit's 10 GB", 200e9, { percent: 20 }, '"20%"', '10000000000'],
    ['a budget of 5 bytes: a reserve of 1, never 0 (a keep of 0 prunes all)', 5, undefined, '"20%"', '1']
  ])('floor %s: keepBytes and maxUsedSpace the budget, reservedSpace below it, minFreeSpace the floor', (_label, maxBytes, minFree, floor, reserve) => {
    const { text, gc } = builderConfig(undefined, maxBytes, minFree)
    expect(gc).toBe('added')
    const { entries, policy } = policyOf(text)
    expect(policy).toEqual({ all: 'true', keepBytes: String(maxBytes), reservedSpace: reserve, maxUsedSpace: String(maxBytes), minFreeSpace: floor })
    expect(BigInt(policy.reservedSpace)).toBeLessThan(BigInt(policy.keepBytes))
    expect(BigInt(policy.reservedSpace)).toBeGreaterThan(0n)
    expect(entries).toContain(`["worker","oci","gc"]=true`)
    expect(entries).toContain(`["worker","oci","gckeepstorage"]=${maxBytes}`)
    expect(entries.filter((entry) => entry === JSON.stringify(['worker', 'oci', 'gcpolicy', 0]))).toHaveLength(1)
  })

  test('gcConfig is builderConfig without a config of the user; the budget and the floor each change it', () => {
    expect(gcConfig(1e9)).toBe(builderConfig(undefined, 1e9).text)
    expect(gcConfig(1e9, { percent: 5 })).not.toBe(gcConfig(1e9))
    expect(gcConfig(2e9)).not.toBe(gcConfig(1e9))
    expect(gcReserveBytes(1e9)).toBe(1e8)
    expect(minFreeSpaceValue({ bytes: 1.5 })).toBe('1')
  })

  test('a registry-only config (buildx default or the input) keeps its settings and gets the policy appended', () => {
    const { text, gc } = builderConfig('[registry."127.0.0.1:5000"]\n  http = true\n', 1e9)
    expect(gc).toBe('added')
    expect(text.startsWith('[registry."127.0.0.1:5000"]\n  http = true\n\n')).toBe(true)
    expect(text).toContain('keepBytes = 1000000000')
  })

  test.each(['[worker.oci]\n  gc = false\n', '[[worker.oci.gcpolicy]]\n  all = true\n', '  [worker.containerd]\n'])(
    'a config with its own worker section is used as it is: %j',
    (own) => {
      expect(builderConfig(own, 1e9)).toEqual({ gc: 'theirs', text: own.trim() + '\n' })
    }
  )
})
