// npm run lint: ESLint with typescript-eslint, for faults rather than style (tsc already checks
// types, and the layering is dependency-cruiser's, .dependency-cruiser.cjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.build/',
      'drizzle/',
      'reports/',
      '.stryker-tmp/',
      'test/artifacts/',
      'bench/postgraphile/node_modules/',
      'examples/typed-client/gql/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits or handles fails silently (or crashes the process on rejection).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Casts through `any` are how GraphQL results are read in tests; the compiler checks the rest.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The browser pages' scripts: plain scripts run in the browser (GraphiQL's bundle defines YogaGraphiQL).
    files: ['src/http/pages/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        self: 'readonly',
        document: 'readonly',
        location: 'readonly',
        history: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
        console: 'readonly',
        YogaGraphiQL: 'readonly',
        Event: 'readonly',
        CSS: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    // Configuration and the PostGraphile peer: plain JavaScript run by Node.
    files: ['**/*.cjs', '**/*.mjs', '*.js'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly' } },
  },
);
