/** TypeScript suites under __tests__/<folder>/, laid out as src/ is: one file per module, at the module's path. */
const tsProject = (displayName, folder) => ({
  displayName,
  testEnvironment: 'node',
  preset: 'ts-jest/presets/default-esm',
  testMatch: [`<rootDir>/__tests__/${folder}/**/*.test.ts`],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] }
})

/** Plain ESM suites: they run the committed dist/ and the scripts, so nothing is transformed. */
const plainProject = (displayName, folder) => ({
  displayName,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/__tests__/${folder}/**/*.test.mjs`],
  moduleFileExtensions: ['mjs', 'js', 'json'],
  transform: {}
})

// Separate projects so the engine-backed suites can run alone (`npm run test:engine`);
// `docs` checks the README and examples against action.yml; `slow` holds what takes seconds
// or holds code to a wall-clock limit (a loaded machine can fail those on time alone), so the
// `unit` suites stay quick (`npm run test:slow`; scripts/test.sh runs every project).
// Coverage (`--coverage`, as `npm run test:unit` and scripts/test.sh pass it) counts what the
// unit and slow suites run of src/: the engine suites run dist/ in other processes, so they add
// nothing to it. Each phase module keeps at least 60% of its lines covered.
export default {
  projects: [tsProject('unit', 'unit'), tsProject('slow', 'slow'), plainProject('engine', 'engine'), plainProject('docs', 'docs')],
  testTimeout: 300000,
  // One temporary folder per run, removed at its end (scripts/lib/test-tmp-setup.mjs).
  globalSetup: '<rootDir>/scripts/lib/test-tmp-setup.mjs',
  globalTeardown: '<rootDir>/scripts/lib/test-tmp-teardown.mjs',
  collectCoverageFrom: ['<rootDir>/src/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: { './src/phases/**/*.ts': { lines: 60 } }
}
