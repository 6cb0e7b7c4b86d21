// Lint keeps each concern in its room: only src/cli.ts and src/main.ts write to the terminal, and
// heavy modules are imported only by the file that owns them (so --version, list and explain stay fast).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const OWNERS = {
  undici: 'src/gateway/http.ts',
  'js-yaml': 'src/config.ts',
  yaml: 'src/lint/load.ts',
  'cli-table3': 'src/reporters/table.ts',
  chalk: 'src/reporters/table.ts',
};

function restrictedImports(except) {
  const paths = Object.entries(OWNERS)
    .filter(([name]) => name !== except)
    .map(([name, owner]) => ({ name, message: `only ${owner} imports ${name}; go through it` }));
  return ['error', { paths }];
}

const terminal = [
  { object: 'process', property: 'stdout', message: 'only src/cli.ts writes to the terminal; return a string' },
  { object: 'process', property: 'stderr', message: 'only src/cli.ts writes to the terminal; return a string' },
];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.bench/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': restrictedImports(),
      'no-restricted-properties': ['error', ...terminal],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...Object.entries(OWNERS).map(([name, owner]) => ({
    files: [owner],
    rules: { 'no-restricted-imports': restrictedImports(name) },
  })),
  {
    files: ['src/reporters/table.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'undici' }, { name: 'js-yaml' }] }] },
  },
  { files: ['src/cli.ts', 'src/main.ts'], rules: { 'no-restricted-properties': 'off', 'no-console': 'off' } },
  {
    files: ['test/**/*.ts', 'bench/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-properties': 'off', 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);
