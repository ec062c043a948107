import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import rules of design.md §2: the compiler guards types per process, this guards imports.
const noRenderer = { group: ['**/renderer', '**/renderer/**'], message: 'Nothing imports the renderer.' };
const noMain = { group: ['**/main', '**/main/**'], message: 'Only main imports main.' };
const nodeBuiltins = { group: ['node:*'], message: 'This process has no Node.js.' };
const nodeBuiltinPaths = builtinModules.map((name) => ({ name, message: 'This process has no Node.js.' }));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // Playwright fixtures declare their (absent) dependencies with an empty pattern.
    files: ['test/renderer/**/*.ts', 'test/electron/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['*.config.ts', '*.config.js', 'test/**/vite.*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'common/ is pure: no Electron.' }, { name: 'react', message: 'common/ is pure: no React.' }, ...nodeBuiltinPaths],
        patterns: [noRenderer, noMain, { group: ['**/preload', '**/preload/**'], message: 'common/ imports nothing of the processes.' }, nodeBuiltins],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through window.app.' }, ...nodeBuiltinPaths],
        patterns: [
          noMain,
          { group: ['**/preload', '**/preload/**'], allowTypeImports: true, message: 'The renderer may import only types from preload.' },
          nodeBuiltins,
        ],
      }],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: nodeBuiltinPaths, patterns: [noRenderer, noMain, nodeBuiltins] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noRenderer, { group: ['**/preload', '**/preload/**'], message: 'main does not import preload.' }] }] },
  },
  {
    files: ['main/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', allowTypeImports: true, message: 'Services take Electron APIs as injected, type-only dependencies.' }],
        patterns: [noRenderer, { group: ['**/preload', '**/preload/**'], message: 'main does not import preload.' }, { group: ['electron/*'], allowTypeImports: true, message: 'Services never import Electron at runtime.' }],
      }],
    },
  },
);
