import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeRun, readPlaywrightReport, readVitestReport } from '../../scripts/test-report';
import type { Counts } from '../../scripts/test-report';

const execFileAsync = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const electronReason = 'Electron binary not installed (node_modules/electron/path.txt missing: it downloads from GitHub, unreachable here); set ELECTRON_PATH to run this suite';

let project: string;
let vitest: Counts;
let playwright: Counts;

// A real Vitest run over a small project: one passing, one failing, three skipping (a reason in
// meta, none, a reason in the title), and a file that fails before any test runs.
beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'report-'));
  await writeFile(
    join(project, 'a.test.ts'),
    [
      "import { describe, expect, it } from 'vitest';",
      "it('passes', () => expect(1).toBe(1));",
      "it('fails', () => expect(1).toBe(2));",
      "describe.skipIf(true)('keychain', { meta: { skipReason: 'no keychain: no D-Bus session' } }, () => { it('stores', () => {}); });",
      "it.skip('bare skip', () => {});",
      "describe.skipIf(true)('bundles (skipped: run the build first)', () => { it('load', () => {}); });",
    ].join('\n'),
  );
  await writeFile(join(project, 'b.test.ts'), "throw new Error('CI=true but ../shared is missing');\n");
  const report = join(project, 'vitest.json');
  await execFileAsync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project, '--reporter=json', `--outputFile.json=${report}`], { cwd: project }).catch(
    () => undefined, // exits 1: a test fails, by design
  );
  vitest = await readVitestReport(report, project);

  const pwReport = join(project, 'playwright.json');
  const skipped = (title: string, projectName: string, description: string) => ({
    title,
    tests: [{ status: 'skipped', projectName, annotations: [{ type: 'skip', description }] }],
  });
  await writeFile(
    pwReport,
    JSON.stringify({
      errors: [],
      suites: [
        { title: 'renderer', specs: [{ title: 'first run', tests: [{ status: 'expected', projectName: 'renderer', annotations: [] }] }] },
        { title: 'electron', suites: [{ title: 'app.spec.ts', specs: [skipped('the window is locked down', 'electron', electronReason), skipped('first run', 'electron', electronReason)] }] },
      ],
    }),
  );
  playwright = await readPlaywrightReport(pwReport);
});

const clean = (counts: Counts): Counts => ({ ...counts, failed: 0, errors: [] });
const run = (unit: Counts, e2e: Counts) => ({ unit, e2e, vitestCode: 0, playwrightCode: 0, stepFailures: 0 });

describe('npm test report', () => {
  it('reads a real Vitest report: counts, skip reasons, and a file that failed outside its tests', () => {
    expect(vitest.passed).toBe(1);
    expect(vitest.failed).toBe(1);
    expect(vitest.skipped).toEqual([
      { runner: 'vitest', name: 'keychain stores', reason: 'no keychain: no D-Bus session' },
      { runner: 'vitest', name: 'bare skip', reason: 'no reason given (set meta.skipReason)' },
      { runner: 'vitest', name: 'bundles (skipped: run the build first) load', reason: 'run the build first' },
    ]);
    expect(vitest.errors).toEqual([expect.stringMatching(/^b\.test\.ts: .*CI=true but \.\.\/shared is missing/)]);
  });

  it('reads a Playwright report with the Electron suite skipped for its reason', () => {
    expect(playwright).toMatchObject({ passed: 1, failed: 0, errors: [] });
    expect(playwright.skipped.map((s) => [s.project, s.reason])).toEqual([
      ['electron', electronReason],
      ['electron', electronReason],
    ]);
  });

  it('under CI accepts only the Electron skip, for want of the binary', () => {
    const judged = judgeRun(run({ ...clean(vitest), skipped: [] }, playwright), { ci: true, electronSkipReason: electronReason });
    expect(judged).toMatchObject({ failed: 0, skipped: 2, exitCode: 0 });
    expect(judged.lines.at(-1)).toBe('tests: 2 passed, 0 failed, 2 skipped');
  });

  it('under CI fails every other skip, naming the test and its reason', () => {
    const judged = judgeRun(run(clean(vitest), playwright), { ci: true, electronSkipReason: electronReason });
    expect(judged).toMatchObject({ failed: 3, skipped: 2, exitCode: 1 });
    expect(judged.lines).toContain('✖ skipped under CI, counted as a failure: keychain stores — no keychain: no D-Bus session');
    expect(judged.lines).toContain('✖ skipped under CI, counted as a failure: bare skip — no reason given (set meta.skipReason)');
    expect(judged.lines.at(-1)).toBe('tests: 2 passed, 3 failed, 2 skipped');
  });

  it('under CI fails the Electron skip when the binary is there, or when it skips for another reason', () => {
    const withBinary = judgeRun(run({ ...clean(vitest), skipped: [] }, playwright), { ci: true, electronSkipReason: undefined });
    expect(withBinary).toMatchObject({ failed: 2, exitCode: 1 });
    const otherReason = judgeRun(run({ ...clean(vitest), skipped: [] }, playwright), { ci: true, electronSkipReason: 'ELECTRON_PATH=/x does not exist' });
    expect(otherReason).toMatchObject({ failed: 2, exitCode: 1 });
  });

  it('outside CI lets skips pass and prints each reason once', () => {
    const judged = judgeRun(run(clean(vitest), playwright), { ci: false, electronSkipReason: electronReason });
    expect(judged).toMatchObject({ failed: 0, skipped: 5, exitCode: 0 });
    expect(judged.lines).toContain('skipped 1: no keychain: no D-Bus session (keychain stores)');
    expect(judged.lines).toContain(`skipped 2: ${electronReason} ([electron] the window is locked down, …)`);
  });

  it('counts failed tests, failures outside tests, failed steps and runners that failed silently', () => {
    const judged = judgeRun({ unit: vitest, e2e: { passed: 0, failed: 0, skipped: [], errors: [] }, vitestCode: 1, playwrightCode: 1, stepFailures: 1 }, { ci: false, electronSkipReason: electronReason });
    // 1 failed test + 1 file error + 1 step + Playwright's exit 1 with no failure reported.
    expect(judged).toMatchObject({ failed: 4, exitCode: 1 });
    expect(judged.lines).toContain('1 build/lint/type-check step(s) failed');
    const missing = judgeRun(run({ passed: 0, failed: 0, skipped: [], errors: ['Vitest wrote no report'] }, playwright), { ci: false, electronSkipReason: electronReason });
    expect(missing).toMatchObject({ failed: 1, exitCode: 1 });
  });
});
