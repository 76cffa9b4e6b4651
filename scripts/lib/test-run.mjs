// @ts-check
// Keeps the test suite safe on a runner host where real jobs run. Every
// container and volume the tests create carries this run's label, and every
// product process they start (the bundles through the runner emulation, the
// CLI) gets the product's test-only variable, which limits pruning's listing
// to objects with that label. The name pattern and the age rules stay the
// product's: only the set of objects pruning can see is narrowed.
import { randomUUID } from 'node:crypto'

/** The product's test-only variable: src/builders/prune.ts, PRUNE_LABEL_ENV. */
export const PRUNE_LABEL_ENV = 'BUILDKIT_CACHE_KEEPER_TEST_PRUNE_LABEL'

/** `key=value` on everything this run creates; a parent run (bench, nested scripts) can hand its own down. */
export const RUN_LABEL = process.env[PRUNE_LABEL_ENV] || `buildkit-cache-keeper.test-run=${randomUUID()}`

/**
 * Environment for a product process started by the tests. Jest gives each
 * test file its own copy of process.env that child processes do not inherit,
 * so it is passed explicitly.
 * @param {NodeJS.ProcessEnv} [base]
 * @returns {NodeJS.ProcessEnv}
 */
export function testRunEnv(base = process.env) {
  return { ...base, [PRUNE_LABEL_ENV]: RUN_LABEL }
}
