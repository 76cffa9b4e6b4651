import { expect, test } from '@jest/globals'
import { formatTable, tableText } from '../../../src/report/table-text.js'

test('a titled two-column table: names aligned, values as they are', () => {
  expect(
    tableText('Build cache', [
      ['scope', 'main'],
      ['restored from', 'local store']
    ])
  ).toBe('Build cache\n  scope          main\n  restored from  local store')
})

test('a command-line table: the header, a rule as wide as each column, the rows; no trailing spaces', () => {
  expect(
    formatTable(
      ['SCOPE', 'SIZE', 'STATE'],
      [
        ['main', '1.2GiB', 'ok'],
        ['feature-x', '3KiB', '']
      ]
    ).split('\n')
  ).toEqual(['SCOPE      SIZE    STATE', '---------  ------  -----', 'main       1.2GiB  ok', 'feature-x  3KiB'])
})

test('a table without rows is its header and rule', () => {
  expect(formatTable(['A', 'BB'], [])).toBe('A  BB\n-  --')
})
