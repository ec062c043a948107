// Mutation testing of main's services, the IPC layer and common/ (`npm run mutate`, which also
// starts the keyring and the test CA the tests need). Not part of CI: a full run takes long.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = import.meta.dirname;

/** Whether a module compiles to nothing: only types and interfaces, so there is nothing to mutate. */
function typeOnly(file) {
  const { outputText } = ts.transpileModule(readFileSync(join(root, file), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: true },
  });
  return outputText.replace(/^export \{\};$/m, '').trim() === '';
}

function sources(folder) {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => `${folder}/${name}`)
    .filter((file) => !typeOnly(file))
    .sort();
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // `npm run mutate -- --mutate main/ipc/**/*.ts` narrows a run; the default is every module with code.
  mutate: ['main/services', 'main/ipc', 'common'].flatMap(sources),
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true, pool: 'forks' },
  coverageAnalysis: 'perTest',
  // The machine is shared with other work; `--concurrency 4` where there are cores to spare.
  concurrency: 2,
  // A busy machine slows tests down; only a mutant that loops should time out.
  timeoutMS: 15_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  // Build outputs and test reports are not needed by the unit tests.
  ignorePatterns: ['out', 'dist', 'test-results', 'playwright-report', '.test-artifacts'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  thresholds: { high: 90, low: 80, break: null },
  cleanTempDir: 'always',
};
