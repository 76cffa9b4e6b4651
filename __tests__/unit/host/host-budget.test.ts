import { describe, expect, test } from '@jest/globals'
import { parseInputs } from '../../../src/config/inputs.js'
import { effectiveBudget, hostBudget, hostCap, hostHeadroom } from '../../../src/host/host-budget.js'

const GB = 1e9
const disk = (totalBytes: number, freeBytes: number) => ({ totalBytes, freeBytes })
const env = { GITHUB_REPOSITORY: 'acme/app' }

describe('hostBudget: BuildKit defaults, and inputs held to the disk', () => {
  test.each([
    ['a 50GB disk: 80% and 20%', 50 * GB, { maxBytes: 40 * GB, minFreeBytes: 10 * GB }],
    ['a 500GB disk: at most 100GB, 20% free', 500 * GB, { maxBytes: 100 * GB, minFreeBytes: 100 * GB }]
  ])('auto on %s', (_name, total, expected) => expect(hostBudget(disk(total, total), undefined, undefined)).toEqual(expected))

  test('explicit sizes and shares', () => {
    expect(hostBudget(disk(100 * GB, 50 * GB), { bytes: 30 * GB }, { percent: 10 })).toEqual({ maxBytes: 30 * GB, minFreeBytes: 10 * GB })
    expect(hostBudget(disk(100 * GB, 50 * GB), { percent: 50 }, { bytes: 5 * GB })).toEqual({ maxBytes: 50 * GB, minFreeBytes: 5 * GB })
  })

  test.each([
    ['host-max-size', { 'host-max-size': '20GB' }, "Input 'host-max-size' has an invalid value '20GB': at most the volume's disk, 9.3GiB"],
    ['host-min-free', { 'host-min-free': '10GB' }, "Input 'host-min-free' has an invalid value '10GB': less than the volume's disk, 9.3GiB"]
  ])('a %s larger than the disk is refused, naming the input, the value and the disk', (_name, raw, message) => {
    const { inputs } = parseInputs(raw, env)
    expect(() => hostBudget(disk(10 * GB, 5 * GB), inputs.hostMaxSize, inputs.hostMinFree)).toThrow(message)
  })

  test.each([
    ['host-min-free', '100%', 'a share of the disk from above 0% to 99% is allowed'],
    ['host-min-free', '120%', 'a share of the disk from above 0% to 99% is allowed'],
    ['host-max-size', '150%', 'a share of the disk from above 0% to 100% is allowed'],
    ['host-max-size', 'lots', 'a size with a unit (20GiB, 500MB), a share of the disk (20%) or auto is allowed'],
    ['host-min-free', '10', 'a size with a unit']
  ])('%s %s is refused: %s', (input, value, allowed) => {
    expect(() => parseInputs({ [input]: value }, env)).toThrow(`Input '${input}' has an invalid value '${value}': ${allowed}`)
  })

  test('auto and unset are BuildKit defaults', () => {
    expect(parseInputs({ 'host-max-size': 'auto' }, env).inputs.hostMaxSize).toBeUndefined()
    expect(parseInputs({}, env).inputs.hostMinFree).toBeUndefined()
  })

  test("a store budget never exceeds what the disk could give it, and says why; what others hold is the host pass's to weigh", () => {
    const budget = { maxBytes: 100, minFreeBytes: 20 }
    expect(hostHeadroom(budget, disk(1000, 50), 60)).toBe(30)
    expect(hostCap(budget, disk(1000, 50))).toBe(100)
    expect(hostCap({ maxBytes: 900, minFreeBytes: 20 }, disk(60, 5))).toBe(40)
    expect(effectiveBudget('max-size', 1000, 40)).toEqual({ bytes: 40, why: expect.stringContaining('max-size 1000B is held to 40B') })
    expect(effectiveBudget('max-size', 30, 40)).toEqual({ bytes: 30 })
  })
})
