// Lint, with the boundaries of docs/architecture.md made mechanical:
// - the floors of src-main/ (eslint-local/floors.json): imports only go down, and production reaches
//   src-main/dev/ only through the demo module;
// - the renderer imports nothing from src-main but contract/, and no Node or Electron;
// - the contract imports only zod and itself;
// - only src-main/hosts/electron imports `electron`;
// - only native/ loads native modules;
// - the production path never imports the demo: the simulators, the test PKI and src-main/demo are loaded
//   only with a dynamic import() by a host or CLI command that was asked for demo, or by developer tools.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { floors } from './eslint-local/floors.js';

const nativeModules = ['smartcard', 'better-sqlite3', 'pcsclite'];
const nodeBuiltins = { regex: '^node:', message: 'This code runs where Node is not available.' };
const noElectron = { name: 'electron', message: 'Only src-main/hosts/electron may import electron.' };
const noNative = nativeModules.map((name) => ({ name, message: 'Native modules are loaded in native/ only.' }));
const noDemo = {
  regex: '(^|/)(dev|demo)(/|$)',
  message: 'The production path never imports the demo: load it with a dynamic import() where a host or command was asked for demo.',
};
/** Demo and developer tooling, and tests: they may import the simulators. */
const demoTooling = [
  'src-main/dev/**',
  'src-main/demo/**',
  '**/*.test.ts',
  '**/*.system.ts',
  'src-renderer/e2e/**',
];

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron, ...noNative], patterns: [noDemo] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    plugins: { local: floors },
    rules: { 'local/floors': 'error' },
  },
  {
    files: ['src-main/hosts/electron/**'],
    ignores: ['src-main/hosts/electron/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noNative, patterns: [noDemo] }] },
  },
  {
    files: demoTooling,
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, ...noNative] }] },
  },
  {
    files: ['native/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['src-renderer/**'],
    ignores: ['src-renderer/e2e/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNative],
          patterns: [
            nodeBuiltins,
            { regex: 'src-main/(?!contract(/|$))', message: 'The renderer imports only src-main/contract.' },
            { regex: '(^|/)native(/|$)', message: 'The renderer never loads native code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNative],
          patterns: [nodeBuiltins, { regex: '^\\.\\./', message: 'The contract is pure: it imports only zod and itself.' }],
        },
      ],
    },
  },
);
