import { expect, test } from '@jest/globals'
import { parseDuration, parseSize } from '../../../src/config/units.js'

test.each([
  ['10GiB', 10 * 1024 ** 3],
  ['10 GiB', 10 * 1024 ** 3],
  ['1.5MiB', 1.5 * 1024 ** 2],
  ['20GB', 20e9],
  ['512kib', 512 * 1024],
  ['10', undefined],
  ['GiB', undefined],
  ['-1GiB', undefined],
  ['0MiB', undefined]
])('parseSize(%s)', (text, expected) => {
  expect(parseSize(text)).toBe(expected)
})

test.each([
  ['14d', 14 * 86400e3],
  ['6h', 6 * 3600e3],
  ['90m', 90 * 60e3],
  ['30s', 30e3],
  ['2w', 14 * 86400e3],
  ['14', undefined],
  ['1y', undefined],
  ['0h', undefined],
  ['six hours', undefined]
])('parseDuration(%s)', (text, expected) => {
  expect(parseDuration(text)).toBe(expected)
})
