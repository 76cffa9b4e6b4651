import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../../src/log.js'
import type { StoreLayout } from '../../../src/store/layout.js'
import type { LockHandle } from '../../../src/store/lock.js'
import { openStore, readStoreIndex, UnsafeStoreError } from '../../../src/store/store.js'
import { openLockedStore, type LockedStore } from '../../../__fixtures__/store-lock.js'

let dir: string
let volume: string
let layout: StoreLayout
let lock: LockHandle
let warnings: string[]
let store: LockedStore
const logger: Logger = { info() {}, debug() {}, warning: (message) => warnings.push(message) }

beforeEach(async () => {
  store = await openLockedStore('store-test-')
  dir = store.dir
  volume = store.volume
  layout = store.layout
  lock = store.lock
  warnings = []
})
afterEach(() => store.close())

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
