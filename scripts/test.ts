// `npm test`: every tier, in order, with the real parts they need (keyring, TLS, Chromium),
// then one closing line with the counts across all runners.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeTestCertificate } from '../test/support/test-tls';

const root = resolve(import.meta.dirname, '..');
const artifacts = join(root, '.test-artifacts');

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// The keychain tests need a D-Bus session with an unlocked Secret Service; make one if absent.
if (!process.env.DBUS_SESSION_BUS_ADDRESS && !process.env.APP_TEST_IN_DBUS && has('dbus-run-session')) {
  const child = spawn('dbus-run-session', ['--', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, APP_TEST_IN_DBUS: '1' },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.exitCode = await main();
}

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  console.log(`\n▶ ${label}`);
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.on('exit', (code) => done(code ?? 1));
  });
}

async function unlockKeyring(): Promise<void> {
  if (!has('gnome-keyring-daemon') || !process.env.DBUS_SESSION_BUS_ADDRESS) {
    console.log('(no gnome-keyring-daemon or D-Bus session: keychain tests will skip, or fail under CI)');
    return;
  }
  // A throwaway login keyring in a fresh folder, for this run only: the password protects
  // nothing real, and a keyring left by an earlier run (other password) cannot get in the way.
  const keyringHome = await mkdtemp(join(tmpdir(), 'dg-test-keyring-'));
  const result = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    input: 'test-only',
    encoding: 'utf8',
    env: { ...process.env, XDG_DATA_HOME: keyringHome },
  });
  for (const line of result.stdout.split('\n')) {
    const [name, ...value] = line.split('=');
    if (name && value.length) process.env[name] = value.join('=');
  }
}

interface Counts { passed: number; failed: number; skipped: { name: string; reason: string }[] }

async function vitestCounts(file: string): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0, skipped: [] };
  if (!existsSync(file)) return { ...counts, failed: 1 };
  const report = JSON.parse(await readFile(file, 'utf8')) as {
    testResults: { assertionResults: { status: string; fullName: string }[] }[];
  };
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      if (test.status === 'passed') counts.passed += 1;
      else if (test.status === 'failed') counts.failed += 1;
      else counts.skipped.push({ name: test.fullName, reason: 'see the test name' });
    }
  }
  return counts;
}

interface PwSpec { title: string; tests: { status: string; annotations: { type: string; description?: string }[]; projectName: string }[] }
interface PwSuite { title: string; specs?: PwSpec[]; suites?: PwSuite[] }

async function playwrightCounts(file: string): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0, skipped: [] };
  if (!existsSync(file)) return { ...counts, failed: 1 };
  const report = JSON.parse(await readFile(file, 'utf8')) as { suites: PwSuite[]; errors?: unknown[] };
  if (report.errors?.length) counts.failed += report.errors.length;
  const walk = (suite: PwSuite): void => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status === 'expected' || test.status === 'flaky') counts.passed += 1;
        else if (test.status === 'skipped') {
          const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'skipped';
          counts.skipped.push({ name: `[${test.projectName}] ${spec.title}`, reason });
        } else counts.failed += 1;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  report.suites.forEach(walk);
  return counts;
}

async function main(): Promise<number> {
  await rm(artifacts, { recursive: true, force: true });
  await mkdir(artifacts, { recursive: true });
  await unlockKeyring();
  const tlsDir = await mkdtemp(join(tmpdir(), 'dg-test-tls-'));
  const tls = await makeTestCertificate(tlsDir);
  const env: NodeJS.ProcessEnv = { ...process.env, DG_TEST_TLS_DIR: tlsDir, NODE_EXTRA_CA_CERTS: tls.caFile };
  const bin = (name: string): string => join(root, 'node_modules/.bin', name);

  const steps: [string, string, string[]][] = [
    ['lint (import rules included)', bin('eslint'), ['.']],
    ['type-check (common, main+preload, renderer, tests)', 'sh', ['-c', 'tsc -p tsconfig.common.json && tsc -p tsconfig.node.json && tsc -p tsconfig.web.json && tsc -p tsconfig.test.json']],
    ['build (main, preload, renderer, test bridge)', 'sh', ['-c', 'electron-vite build && vite build -c test/web-host/vite.bridge.config.ts']],
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

  const unit = await vitestCounts(vitestJson);
  const e2e = await playwrightCounts(playwrightJson);
  const skipped = [...unit.skipped, ...e2e.skipped];
  const failed = unit.failed + e2e.failed + stepFailures + (vitestCode !== 0 && unit.failed === 0 ? 1 : 0) + (playwrightCode !== 0 && e2e.failed === 0 ? 1 : 0);
  await rm(tlsDir, { recursive: true, force: true });

  console.log('\n── summary ──');
  console.log(`unit/integration: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped.length} skipped`);
  console.log(`end to end: ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped.length} skipped`);
  const byReason = new Map<string, string[]>();
  for (const skip of skipped) byReason.set(skip.reason, [...(byReason.get(skip.reason) ?? []), skip.name]);
  for (const [reason, names] of byReason) console.log(`skipped ${names.length}: ${reason} (${names[0]}${names.length > 1 ? ', …' : ''})`);
  if (stepFailures) console.log(`${stepFailures} build/lint/type-check step(s) failed`);
  console.log(`tests: ${unit.passed + e2e.passed} passed, ${failed} failed, ${skipped.length} skipped`);
  return failed === 0 ? 0 : 1;
}
