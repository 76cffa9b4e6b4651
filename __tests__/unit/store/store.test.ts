import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import type { StoreLayout } from '../../../src/store/layout.js'
import type { LockHandle } from '../../../src/store/lock.js'
import { openStore, readStoreIndex, UnsafeStoreError } from '../../../src/store/store.js'
import { eachLockedStore } from '../../../__fixtures__/store-lock.js'

let dir: string
let volume: string
let layout: StoreLayout
let lock: LockHandle
const { logger } = eachLockedStore('store-test-', (store) => ({ dir, volume, layout, lock } = store))

describe('openStore', () => {
  test('refuses a store that is a symlink', () => {
    const target = path.join(dir, 'elsewhere')
    fs.mkdirSync(target)
    fs.symlinkSync(target, path.join(volume, 'linked'))
    expect(() => openStore(volume, 'linked')).toThrow(UnsafeStoreError)
    expect(fs.readdirSync(target)).toEqual([])
  })

  test('reading an absent index is an empty store', () => {
    expect(readStoreIndex(lock, layout, logger).manifests).toEqual([])
  })
})
