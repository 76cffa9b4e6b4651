import { expect, test } from '@jest/globals'
import { errorMessage } from '../../src/error-message.js'

test.each<[string, unknown, string]>([
  ['an Error', new Error('disk full'), 'disk full'],
  ['a subclass', new TypeError('not a function'), 'not a function'],
  ['a thrown string', 'stopped', 'stopped'],
  ['a rejected number', 127, '127'],
  ['undefined', undefined, 'undefined']
])('%s: its message, or itself as text', (_name, thrown, message) => {
  expect(errorMessage(thrown)).toBe(message)
})
