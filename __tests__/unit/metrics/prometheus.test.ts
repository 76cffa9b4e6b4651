import { expect, test } from '@jest/globals'
import { renderFamilies } from '../../../src/metrics/prometheus.js'

test('HELP, TYPE, then a line per sample; label values and help escaped as the text format wants', () => {
  const text = renderFamilies([
    { name: 'x_bytes', help: 'a \\ back\nslash', type: 'gauge', samples: [{ labels: { repo: 'a"b\\c\nd' }, value: 12 }, { value: 1.5 }] },
    { name: 'x_total', help: 'counted', type: 'counter', samples: [{ labels: { repo: 'r', scope: 's' }, value: 3 }] }
  ])
  expect(text).toBe(
    [
      '# HELP x_bytes a \\\\ back\\nslash',
      '# TYPE x_bytes gauge',
      'x_bytes{repo="a\\"b\\\\c\\nd"} 12',
      'x_bytes 1.5',
      '# HELP x_total counted',
      '# TYPE x_total counter',
      'x_total{repo="r",scope="s"} 3',
      ''
    ].join('\n')
  )
})

test('a sample that is not a number is left out, and a family with none is not written', () => {
  expect(renderFamilies([{ name: 'x', help: 'h', type: 'gauge', samples: [{ value: NaN }, { value: Infinity }] }])).toBe('')
})

test.each([
  ['a metric name', { name: 'bad-name', help: '', type: 'gauge' as const, samples: [{ value: 1 }] }, /metric name "bad-name"/],
  ['a label name', { name: 'ok', help: '', type: 'gauge' as const, samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] }, /label name "bad-label"/]
])('refuses %s the format does not allow', (_name, family, error) => expect(() => renderFamilies([family])).toThrow(error))
