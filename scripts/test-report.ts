// Reads the Vitest and Playwright JSON reports of a run and judges it: counts, errors outside
// tests, and skips — under CI every skip fails the run except the Electron suite's, when this
// machine has no Electron binary and the suite says so.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface Skip {
  runner: 'vitest' | 'playwright';
  /** Playwright project. */
  project?: string;
  name: string;
  reason: string;
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: Skip[];
  /** Failures outside any test: a file whose import or hook threw, a runner error, a missing report. */
  errors: string[];
}

const skipsTag = /\((?:skips|skipped): ([^)]+)\)/;

interface VitestReport {
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: { status: string; fullName: string; meta?: { skipReason?: string } }[];
  }[];
}

/** Counts a Vitest JSON report; a skip's reason is its `meta.skipReason`, else a "(skips: …)" in its name. */
export async function readVitestReport(file: string, root: string): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0, skipped: [], errors: [] };
  if (!existsSync(file)) return { ...counts, errors: ['Vitest wrote no report'] };
  const report = JSON.parse(await readFile(file, 'utf8')) as VitestReport;
  for (const suite of report.testResults) {
    let failedHere = 0;
    for (const test of suite.assertionResults) {
      if (test.status === 'passed') counts.passed += 1;
      else if (test.status === 'failed') failedHere += 1;
      else {
        const reason = test.meta?.skipReason ?? skipsTag.exec(test.fullName)?.[1] ?? 'no reason given (set meta.skipReason)';
        counts.skipped.push({ runner: 'vitest', name: test.fullName, reason });
      }
    }
    counts.failed += failedHere;
    if (suite.status === 'failed' && failedHere === 0) {
      const message = (suite.message || 'failed outside its tests').split('\n')[0];
      counts.errors.push(`${suite.name.replace(`${root}/`, '')}: ${message}`);
    }
  }
  return counts;
}

interface PwTest { status: string; annotations: { type: string; description?: string }[]; projectName: string }
interface PwSpec { title: string; tests: PwTest[] }
interface PwSuite { title: string; specs?: PwSpec[]; suites?: PwSuite[] }

/** Counts a Playwright JSON report; a skip's reason is its `skip` (or `fixme`) annotation. */
export async function readPlaywrightReport(file: string): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0, skipped: [], errors: [] };
  if (!existsSync(file)) return { ...counts, errors: ['Playwright wrote no report'] };
  const report = JSON.parse(await readFile(file, 'utf8')) as { suites: PwSuite[]; errors?: { message?: string }[] };
  for (const error of report.errors ?? []) counts.errors.push(`Playwright: ${(error.message ?? 'error').split('\n')[0]}`);
  const walk = (suite: PwSuite): void => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status === 'expected' || test.status === 'flaky') counts.passed += 1;
        else if (test.status === 'skipped') {
          const reason = test.annotations.find((a) => a.type === 'skip' || a.type === 'fixme')?.description || 'no reason given';
          counts.skipped.push({ runner: 'playwright', project: test.projectName, name: `[${test.projectName}] ${spec.title}`, reason });
        } else counts.failed += 1;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  report.suites.forEach(walk);
  return counts;
}

export interface RunOutcome {
  unit: Counts;
  e2e: Counts;
  vitestCode: number;
  playwrightCode: number;
  /** Lint, type-check and build steps that failed. */
  stepFailures: number;
}

export interface Judgement {
  lines: string[];
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
}

/**
 * Judges a run. `electronSkipReason` is why this machine cannot run Electron (undefined when it
 * can): under CI the Electron project skipping with exactly that reason is the one accepted skip.
 */
export function judgeRun(outcome: RunOutcome, options: { ci: boolean; electronSkipReason: string | undefined }): Judgement {
  const { unit, e2e } = outcome;
  const expected = (skip: Skip): boolean =>
    skip.runner === 'playwright' && skip.project === 'electron' && options.electronSkipReason !== undefined && skip.reason === options.electronSkipReason;
  const allSkips = [...unit.skipped, ...e2e.skipped];
  const unexpected = options.ci ? allSkips.filter((skip) => !expected(skip)) : [];
  const skipped = allSkips.filter((skip) => !unexpected.includes(skip));
  const errors = [...unit.errors, ...e2e.errors];
  // A runner that exits non-zero while reporting no failure of its own still fails the run.
  const silent = (code: number, counts: Counts): number => (code !== 0 && counts.failed === 0 && counts.errors.length === 0 ? 1 : 0);
  const failed =
    unit.failed + e2e.failed + errors.length + outcome.stepFailures + silent(outcome.vitestCode, unit) + silent(outcome.playwrightCode, e2e) + unexpected.length;
  const passed = unit.passed + e2e.passed;

  const lines = ['── summary ──'];
  lines.push(`unit/integration: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped.length} skipped`);
  lines.push(`end to end: ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped.length} skipped`);
  for (const error of errors) lines.push(`✖ ${error}`);
  const byReason = new Map<string, string[]>();
  for (const skip of skipped) byReason.set(skip.reason, [...(byReason.get(skip.reason) ?? []), skip.name]);
  for (const [reason, names] of byReason) lines.push(`skipped ${names.length}: ${reason} (${names[0]}${names.length > 1 ? ', …' : ''})`);
  for (const skip of unexpected) lines.push(`✖ skipped under CI, counted as a failure: ${skip.name} — ${skip.reason}`);
  if (outcome.stepFailures) lines.push(`${outcome.stepFailures} build/lint/type-check step(s) failed`);
  lines.push(`tests: ${passed} passed, ${failed} failed, ${skipped.length} skipped`);
  return { lines, passed, failed, skipped: skipped.length, exitCode: failed === 0 ? 0 : 1 };
}
