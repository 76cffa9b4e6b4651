// Jest's global setup: every suite's temporary folders (os.tmpdir()) go into one
// folder of this run, which the global teardown (test-tmp-teardown.mjs) removes,
// so runs on a runner host leave nothing behind in /tmp.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const TEST_TMP_KEY = 'CACHEKEEPER_TEST_TMP'
export const TEST_TMP_PREFIX = 'cachekeeper-tests-'

export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), TEST_TMP_PREFIX))
  process.env[TEST_TMP_KEY] = dir
  // Set before any suite runs: os.tmpdir() reads it, and jest's workers and the suites' processes inherit it.
  process.env.TMPDIR = dir
}
