// `npm test`: every tier, in order, with the real parts they need (keyring, TLS, Chromium),
// then one closing line with the counts across all runners. Under CI (CI=true) a skipped test
// fails the run unless it is the Electron suite skipping for want of the Electron binary.
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inCi } from '../test/support/ci';
import { findElectronBinary } from '../test/support/electron-binary';
import { prepareTestEnv, rerunInDbusSession } from './test-env';
import { judgeRun, readPlaywrightReport, readVitestReport } from './test-report';

const root = resolve(import.meta.dirname, '..');
const artifacts = join(root, '.test-artifacts');

if (!rerunInDbusSession()) process.exitCode = await main();

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  console.log(`\n▶ ${label}`);
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.on('exit', (code) => done(code ?? 1));
  });
}

async function main(): Promise<number> {
  const ci = inCi();
  await rm(artifacts, { recursive: true, force: true });
  await mkdir(artifacts, { recursive: true });
  const testEnv = await prepareTestEnv();
  if (testEnv.keyringMissing) console.log(`(no keyring: ${testEnv.keyringMissing}; keychain tests will skip${ci ? ', and fail under CI' : ''})`);
  const { env } = testEnv;
  const bin = (name: string): string => join(root, 'node_modules/.bin', name);

  const steps: [string, string, string[]][] = [
    ['lint (type-aware; import and IPC rules included)', bin('eslint'), ['.']],
    ['type-check (common, main+preload, renderer, tests)', 'sh', ['-c', 'tsc -p tsconfig.common.json && tsc -p tsconfig.node.json && tsc -p tsconfig.web.json && tsc -p tsconfig.test.json']],
    ['build (main, preload, renderer, test bridge)', 'sh', ['-c', 'electron-vite build && vite build -c test/web-host/vite.bridge.config.ts']],
    ['Electron security audit (electronegativity, offline, on the build)', bin('tsx'), ['scripts/electron-audit.ts']],
  ];
  let stepFailures = 0;
  for (const [label, command, args] of steps) {
    if ((await run(label, command, args, env)) !== 0) {
      stepFailures += 1;
      console.log(`✖ ${label} failed`);
    }
  }

  const vitestJson = join(artifacts, 'vitest.json');
  const vitestCode = await run('unit and integration (Vitest, Node)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], env);
  const playwrightJson = join(artifacts, 'playwright.json');
  const playwrightCode = stepFailures
    ? 1
    : await run('end to end (Playwright: Chromium renderer, Electron)', bin('playwright'), ['test'], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });

  const unit = await readVitestReport(vitestJson, root);
  const e2e = await readPlaywrightReport(playwrightJson);
  await testEnv.cleanup();

  const binary = findElectronBinary();
  const judgement = judgeRun(
    { unit, e2e, vitestCode, playwrightCode, stepFailures },
    { ci, electronSkipReason: 'reason' in binary ? binary.reason : undefined },
  );
  console.log(`\n${judgement.lines.join('\n')}`);
  return judgement.exitCode;
}
