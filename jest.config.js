const tsUnit = {
  displayName: 'unit',
  testEnvironment: 'node',
  preset: 'ts-jest/presets/default-esm',
  testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] }
}

/** Plain ESM suites: they run the committed dist/ and the scripts, so nothing is transformed. */
const plainProject = (displayName, folder) => ({
  displayName,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/__tests__/${folder}/**/*.test.mjs`],
  moduleFileExtensions: ['mjs', 'js', 'json'],
  transform: {}
})

// Separate projects so the engine-backed suites can run alone (`npm run test:engine`);
// `docs` checks the README and examples against action.yml.
export default { projects: [tsUnit, plainProject('engine', 'engine'), plainProject('docs', 'docs')], testTimeout: 300000 }
