// @ts-check
// Lint like the anchor actions: typescript-eslint with type information for
// the product (src/) and the type-checked helpers (scripts/lib, see
// scripts/tsconfig.json); the rest of the JavaScript gets the untyped rules.
import eslint from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'coverage/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      // Unused parameters keep a callback's documented shape; a leading _ says so.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    // Fakes implement async interfaces (DockerCli, exec) with canned answers: nothing to await.
    files: ['__tests__/**', '__fixtures__/**'],
    rules: { '@typescript-eslint/require-await': 'off' }
  },
  {
    // The helpers are JavaScript with JSDoc where it helps, not annotated throughout
    // (noImplicitAny is off in scripts/tsconfig.json): the any-tracking rules would only
    // repeat that; tsc and the other type-aware rules still check them.
    files: ['scripts/lib/**/*.mjs'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off'
    }
  },
  {
    // Plain ESM outside any tsconfig: engine suites, top-level scripts, config files.
    files: ['**/*.mjs', '**/*.js'],
    ignores: ['scripts/lib/**'],
    extends: [tseslint.configs.disableTypeChecked]
  }
)
