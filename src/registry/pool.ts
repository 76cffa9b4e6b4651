/**
 * Runs `work` over `items`, at most `limit` at a time: quick on a big
 * repository, gentle on the registry. Results come in the items' order. Once a
 * result satisfies `stopAfter`, no further item is started (those under way
 * finish), and the items not started have no result.
 */
export function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]>
export function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  stopAfter: (result: R) => boolean
): Promise<Array<R | undefined>>
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  stopAfter: (result: R) => boolean = () => false
): Promise<Array<R | undefined>> {
  const results = new Array<R | undefined>(items.length).fill(undefined)
  let next = 0
  let stopped = false
  const worker = async () => {
    while (next < items.length && !stopped) {
      const index = next++
      const result = await work(items[index])
      results[index] = result
      if (stopAfter(result)) stopped = true
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
