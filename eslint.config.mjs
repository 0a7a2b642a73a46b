// Lint and the house's boundaries (shared/docs/architecture.md): each room may import only what its
// row below allows, so a layering slip fails `npm run lint` instead of surfacing as a bundling bug.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, message, allowTypeImports = false) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: patterns, message, allowTypeImports }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The product's source; tests keep long literal expectations (messages, file lines) on one line.
    files: ['src/**/*.ts'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(['vscode', '**/extension/**', '**/worker/**', '**/webview/**', '**/cli/**'], 'core is host-free: no vscode, extension, worker, webview or cli.'),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(['*', '.*', '../*', 'node:*'], 'shared holds protocol types: import only types (import type).', true),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: restrict(['vscode', 'node:*', '../core/**', '../extension/**', '../worker/**', '../cli/**'], 'a webview imports only shared and its own files.'),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(['**/worker/**', 'vscode', '**/extension/**'], 'the CLI reaches the worker only by forking it (dist/worker.js), like the extension.'),
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: restrict(['**/worker/**', '**/cli/**'], 'the extension reaches the worker only by forking it.'),
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
