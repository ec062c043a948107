// `npm run audit:electron`: electronegativity over what ships — the main, preload and renderer
// sources, package.json, and the built page (out/renderer/index.html, which carries the CSP <meta>,
// so run the build first) — without the network.
//
// It fails on any finding above LOW unless a comment on the finding's line, or in the comment block
// right above it, explains it:
//     // electron-audit: AUXCLICK_JS_CHECK middle-click cannot open anything: ...
// It also fails on such a comment that explains no finding, on electronegativity's own `eng-disable`
// comments (they hide a finding without saying why), and on any file it could not parse.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const shippedFolders = ['main', 'preload', 'renderer'];
const builtPage = 'out/renderer/index.html';
const markerPattern = /electron-audit:\s*([A-Z0-9_]+)\s*(.*)/;
const commentLine = /^\s*(\/\/|\/\*|\*|<!--)/;
const minimumReasonWords = 3;

interface Rating { name: string; value: number }
interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  severity: Rating;
  confidence: Rating;
  manualReview?: boolean;
}
interface ScanResult { globalChecks: number; atomicChecks: number; issues: Issue[]; errors: { file: string; message: string; tolerable: boolean }[] }
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<ScanResult>;

interface Marker { file: string; line: number; id: string; reason: string; used: boolean }

const LOW = 1;

/** Copies what ships into a scratch folder, the built page in place of the source one. */
async function stage(): Promise<string> {
  const builtPath = join(root, builtPage);
  if (!existsSync(builtPath)) {
    throw new Error(`${builtPage} is missing: run \`npm run build\` first (the audit reads the built page, which carries the CSP).`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'electron-audit-'));
  for (const folder of shippedFolders) await cp(join(root, folder), join(dir, folder), { recursive: true });
  await cp(join(root, 'package.json'), join(dir, 'package.json'));
  await cp(builtPath, join(dir, 'renderer/index.html'));
  return dir;
}

/** electronegativity's runner, with its only network client replaced by one that always fails. */
function offlineRunner(): Run {
  const requireFromRoot = createRequire(join(root, 'package.json'));
  const entry = requireFromRoot.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(entry).resolve('got');
  // It fetches translations (falling back to the bundled English ones) and Electron's release list;
  // neither may decide the outcome of an audit, and CI may have no network.
  const offline = Object.assign(async (): Promise<never> => {
    throw new Error('electron-audit runs offline');
  }, { head: async (): Promise<never> => { throw new Error('electron-audit runs offline'); } });
  const cache = requireFromRoot.cache as Record<string, unknown>;
  cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };
  return requireFromRoot(entry) as Run;
}

async function scan(dir: string): Promise<ScanResult> {
  const run = offlineRunner();
  process.env['LANG'] = 'en-US';
  const log = console.log;
  // The one line the runner prints itself, when the translation download fails as intended.
  console.log = (...args: unknown[]) => {
    if (args[0] !== 'Could not retrieve updated translations for the current locale') log(...args);
  };
  try {
    return await run(
      {
        input: dir,
        isRelative: true,
        isVerbose: false,
        customScan: [],
        // Whether the Electron release in use has a newer patch is a dependency update's question, and
        // answering it needs GitHub; everything else is decided by the sources alone.
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
        parserPlugins: [],
      },
      false,
    );
  } finally {
    console.log = log;
  }
}

async function readLines(dir: string, file: string): Promise<string[]> {
  try {
    return (await readFile(join(dir, file), 'utf8')).split('\n');
  } catch {
    return [];
  }
}

/** Every `electron-audit:` comment, and every `eng-disable` comment, in the staged files. */
async function findComments(dir: string, files: string[]): Promise<{ markers: Marker[]; engDisables: string[] }> {
  const markers: Marker[] = [];
  const engDisables: string[] = [];
  for (const file of files) {
    const lines = await readLines(dir, file);
    lines.forEach((text, index) => {
      const marker = markerPattern.exec(text);
      if (marker) markers.push({ file, line: index + 1, id: marker[1] ?? '', reason: (marker[2] ?? '').replace(/\s*(\*\/|-->)\s*$/, '').trim(), used: false });
      if (/\beng-disable\b/.test(text)) engDisables.push(`${file}:${index + 1}`);
    });
  }
  return { markers, engDisables };
}

/** The marker that explains an issue: same check, on the issue's line or in the comment block right above it. */
function explanation(issue: Issue, lines: string[], markers: Marker[]): Marker | undefined {
  const line = issue.location.line;
  if (line < 1) return undefined;
  const reach = [line];
  for (let above = line - 1; above >= 1 && commentLine.test(lines[above - 1] ?? ''); above -= 1) reach.push(above);
  return markers.find((m) => m.file === issue.file && m.id === issue.id && reach.includes(m.line));
}

function shownFile(file: string): string {
  return file === 'renderer/index.html' ? builtPage : file;
}

async function main(): Promise<number> {
  const dir = await stage();
  try {
    const result = await scan(dir);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(tsx?|jsx?|html?|json)$/.test(file));
    const { markers, engDisables } = await findComments(dir, files);
    const problems: string[] = [];

    console.log(`electronegativity: ${result.atomicChecks} atomic and ${result.globalChecks} global checks over ${shippedFolders.join('/, ')}/, package.json and ${builtPage}, offline`);
    for (const error of result.errors) {
      const where = error.file.replace(`${dir}/`, '');
      if (error.tolerable) console.log(`  note: ${where}: ${error.message}`);
      else problems.push(`${where} could not be parsed, so it was not audited: ${error.message}`);
    }

    const issues = [...result.issues].sort((a, b) => b.severity.value - a.severity.value || a.file.localeCompare(b.file) || a.location.line - b.location.line);
    for (const issue of issues) {
      const lines = await readLines(dir, issue.file);
      const marker = explanation(issue, lines, markers);
      if (marker) marker.used = true;
      const place = issue.file === 'N/A' ? '(no single place)' : `${shownFile(issue.file)}:${issue.location.line}`;
      let verdict = issue.severity.value > LOW ? 'UNEXPLAINED' : 'ok at this severity';
      if (marker && marker.reason.split(/\s+/).filter(Boolean).length >= minimumReasonWords) verdict = `explained: ${marker.reason}`;
      else if (marker) verdict = 'UNEXPLAINED (the electron-audit comment gives no reason)';
      console.log(`${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id.padEnd(30)} ${place}${issue.manualReview ? ' [review]' : ''}\n    ${issue.description}\n    → ${verdict}`);
      if (issue.severity.value > LOW && verdict.startsWith('UNEXPLAINED')) {
        problems.push(issue.location.line < 1 || issue.file.endsWith('.json')
          ? `${issue.id} at ${place} has no line a comment can sit next to: fix it`
          : `${issue.id} at ${place}: fix it, or explain it with \`// electron-audit: ${issue.id} <why it is safe here>\` on or right above that line`);
      }
    }
    for (const marker of markers.filter((m) => !m.used)) {
      problems.push(`${shownFile(marker.file)}:${marker.line} explains ${marker.id}, which electronegativity does not report there: remove the comment`);
    }
    for (const where of engDisables) problems.push(`${shownFile(where)}: eng-disable hides a finding without a reason; use an electron-audit comment instead`);

    if (problems.length === 0) {
      console.log(`\nelectron audit passed: ${issues.length} finding(s), none above LOW without an explanation`);
      return 0;
    }
    console.log(`\nelectron audit failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
