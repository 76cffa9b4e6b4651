// Two projects so the engine-backed suites can run alone (`npm run test:engine`).
const tsUnit = {
  displayName: 'unit',
  testEnvironment: 'node',
  preset: 'ts-jest/presets/default-esm',
  testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] }
}

const engine = {
  displayName: 'engine',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/engine/**/*.test.mjs'],
  moduleFileExtensions: ['mjs', 'js', 'json'],
  transform: {}
}

// Documentation and examples checked against action.yml.
const docs = {
  displayName: 'docs',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/docs/**/*.test.mjs'],
  moduleFileExtensions: ['mjs', 'js', 'json'],
  transform: {}
}

export default { projects: [tsUnit, engine, docs], testTimeout: 300000 }
