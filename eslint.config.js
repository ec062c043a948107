import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import rules of design.md §2: the compiler guards types per process, this guards imports.
const noRenderer = { group: ['**/renderer', '**/renderer/**'], message: 'Nothing imports the renderer.' };
const noMain = { group: ['**/main', '**/main/**'], message: 'Only main imports main.' };
const nodeBuiltins = { group: ['node:*'], message: 'This process has no Node.js.' };
const nodeBuiltinPaths = builtinModules.map((name) => ({ name, message: 'This process has no Node.js.' }));

// Raw IPC stays in its two adapters; everything else goes through handle() and the preload API.
const rawIpcAdapters = ['main/platform/electron-router.ts', 'preload/index.ts'];
const rawIpc = ['electron', 'electron/main', 'electron/renderer'].map((name) => ({
  name,
  importNames: ['ipcMain', 'ipcRenderer'],
  message: `Raw IPC belongs to ${rawIpcAdapters.join(' and ')} only; use handle() or the preload API.`,
}));

const noDefaultExport = { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' };
// `.only` silently skips the rest of a suite, so it never reaches a commit.
const testRunners = '/^(test|it|describe|suite)$/';
const noFocusedTest = {
  selector: `MemberExpression[property.name='only']:matches([object.name=${testRunners}], [object.object.name=${testRunners}])`,
  message: 'Remove .only: it skips every other test.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.test-artifacts/**', 'reports/**', '.stryker-tmp/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // Each file is typed by the tsconfig project that includes it (tsconfig.json references them
        // all); the few files no project includes (JS configs, common's URL declaration) get a default one.
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-restricted-imports': ['error', { paths: rawIpc }],
      'no-restricted-syntax': ['error', noDefaultExport],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', noDefaultExport, noFocusedTest] },
  },
  {
    // Playwright fixtures declare their (absent) dependencies with an empty pattern.
    files: ['test/renderer/**/*.ts', 'test/electron/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['*.config.ts', '*.config.js', '*.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**/vite.*.config.ts'],
    rules: { 'no-restricted-syntax': ['error', noFocusedTest] },
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
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The recommended set, with its warnings raised to errors: a warning never fails `npm test`.
      ...Object.fromEntries(Object.keys(reactHooks.configs.flat.recommended.rules).map((rule) => [rule, 'error'])),
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
  {
    files: rawIpcAdapters,
    rules: { 'no-restricted-imports': 'off' },
  },
);
