import { spawn } from 'node:child_process';
import { makeTestTlsEnv } from '../scripts/test-env';

/**
 * The double serves TLS with a throwaway CA that the bench process must trust from its start:
 * without the test certificate in the environment, runs this script again with it and exits with
 * the child's code. Returns only in the process that has it.
 */
export async function rerunWithTestTls(): Promise<void> {
  if (process.env.NODE_EXTRA_CA_CERTS && process.env.DG_TEST_TLS_DIR) return;
  const tls = await makeTestTlsEnv();
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, ...tls.env } });
  const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? 1)));
  await tls.cleanup();
  process.exit(code);
}
