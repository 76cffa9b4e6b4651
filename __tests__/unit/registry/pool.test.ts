import { expect, test } from '@jest/globals'
import { inPool } from '../../../src/registry/pool.js'

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('results come in the items order, whatever order the work finishes in, never more than the limit at once', async () => {
  let running = 0
  let most = 0
  const results = await inPool([30, 5, 20, 1, 10, 15], 3, async (ms) => {
    most = Math.max(most, (running += 1))
    await tick(ms)
    running -= 1
    return ms * 2
  })
  expect(results).toEqual([60, 10, 40, 2, 20, 30])
  expect(most).toBe(3)
})

test('nothing to do: no work, an empty list', async () => {
  expect(await inPool([], 8, () => Promise.reject(new Error('not called')))).toEqual([])
})

test('once a result says stop, no further item starts; those under way finish', async () => {
  const started: number[] = []
  const results = await inPool(
    [0, 1, 2, 3, 4, 5],
    2,
    async (item) => {
      started.push(item)
      await tick(item === 1 ? 1 : 20)
      return item
    },
    (item) => item === 1
  )
  expect(started).toEqual([0, 1])
  expect(results).toEqual([0, 1, undefined, undefined, undefined, undefined])
})
