// Lint keeps the layering of design.md true: gateway/contract is pure (zod only), the gateway never
// imports electron, react or the console, and the renderer sees only the two contracts and itself.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'release/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['gateway/contract/**'],
    rules: restrict([{ regex: '^(?!zod$)(?!\\./)', message: 'gateway/contract is pure: it imports only zod and its own files.' }]),
  },
  {
    files: ['gateway/**'],
    ignores: ['gateway/contract/**'],
    rules: restrict([{ group: ['electron', 'electron/*', 'react', 'react-dom', 'react/*', 'zustand', '**/main/**', '**/renderer/**'], message: 'The gateway never imports electron, react or the console (design.md, Layout).' }]),
  },
  {
    files: ['main/**'],
    rules: restrict([{ group: ['**/renderer/**', 'react', 'react-dom'], message: 'Nothing imports renderer/; main talks to it over IPC.' }]),
  },
  {
    files: ['main/ipc/contract.ts'],
    rules: restrict([{ regex: '^(?!zod$)(?!(\\.\\./)+gateway/contract/)', message: 'main/ipc/contract.ts is imported by the renderer: it imports only zod and gateway/contract.' }]),
  },
  {
    files: ['renderer/**'],
    rules: restrict([
      { group: ['electron', 'node:*', 'fs', 'path', 'child_process', 'onnxruntime-node', 'express', 'pino'], message: 'The renderer runs sandboxed in a browser.' },
      { regex: '^(\\.\\./)+gateway/(?!contract)', message: 'The renderer imports only gateway/contract from the gateway.' },
      { regex: '^(\\.\\./)+main/(?!ipc/contract)', message: 'The renderer imports only main/ipc/contract from the main process.' },
    ]),
  },
);
