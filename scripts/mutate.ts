// `npm run mutate`: StrykerJS as configured in stryker.config.mjs, with the keyring and the test CA
// that `npm test` gives the unit tests. Arguments go to `stryker run` (`--concurrency 1`, `--mutate …`).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { sharedDir } from '../test/support/shared-dir';
import { prepareTestEnv, rerunInDbusSession } from './test-env';

const root = resolve(import.meta.dirname, '..');

/**
 * The arguments for `stryker run`. Narrowing the tests with --testFiles makes Stryker switch static
 * mutants (module-level constants) on only after the module has loaded, so each one would be reported
 * as a survivor without ever having been active: such a run ignores them instead.
 */
function strykerArgs(args: string[]): string[] {
  const narrowed = args.some((arg) => arg === '-t' || arg === '--testFiles' || arg.startsWith('--testFiles='));
  return narrowed && !args.includes('--ignoreStatic') ? ['run', ...args, '--ignoreStatic'] : ['run', ...args];
}

if (!rerunInDbusSession()) process.exitCode = await main();

async function main(): Promise<number> {
  const testEnv = await prepareTestEnv();
  if (testEnv.keyringMissing) console.log(`(no keyring: ${testEnv.keyringMissing}; the keychain tests skip and kill no mutants)`);
  // Stryker runs the tests in a copy of the checkout under .stryker-tmp/, next to which there is no ../shared.
  const env = { ...testEnv.env, DG_TEST_SHARED_DIR: sharedDir };
  const args = strykerArgs(process.argv.slice(2));
  if (args.includes('--ignoreStatic') && !process.argv.includes('--ignoreStatic')) console.log('(--testFiles given: static mutants are ignored, since Stryker cannot switch them on in such a run)');
  try {
    return await new Promise<number>((done) => {
      const child = spawn(join(root, 'node_modules/.bin/stryker'), args, { cwd: root, stdio: 'inherit', env });
      child.on('exit', (code) => done(code ?? 1));
    });
  } finally {
    await testEnv.cleanup();
  }
}
