// Jest's global teardown: removes the run's temporary folder (test-tmp-setup.mjs).
import fs from 'node:fs'
import path from 'node:path'
import { TEST_TMP_KEY, TEST_TMP_PREFIX } from './test-tmp-setup.mjs'

export default function teardown() {
  const dir = process.env[TEST_TMP_KEY]
  if (dir && path.basename(dir).startsWith(TEST_TMP_PREFIX)) fs.rmSync(dir, { recursive: true, force: true })
}
