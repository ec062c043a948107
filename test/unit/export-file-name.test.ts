import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { maxFileNameBytes, safeFileName } from '../../main/services/export/file-name';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const reserved = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** What every OS needs of a name; checked against the function's output, not its internals. */
function expectPortable(name: string, extension: string): void {
  expect(bytes(name), name).toBeLessThanOrEqual(maxFileNameBytes);
  expect(name).toMatch(new RegExp(`\\.${extension.replace('.', '\\.')}$`));
  // eslint-disable-next-line no-control-regex
  expect(name).not.toMatch(/[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  expect(name).not.toMatch(/^[\s.]|[\s.]$/);
  expect(name.normalize('NFC')).toBe(name);
  expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  const stem = name.slice(0, -(extension.length + 1));
  expect(stem).not.toMatch(/[\s.]$/);
  expect(reserved.test(stem.split('.')[0]?.trimEnd() ?? '')).toBe(false);
}

const table: [title: string, expected: string][] = [
  ['Meeting notes', 'Meeting notes.txt'],
  ['Встреча с командой', 'Встреча с командой.txt'],
  ['会議 2024年 議事録', '会議 2024年 議事録.txt'],
  ['🚀 Launch 👩‍👩‍👧', '🚀 Launch 👩‍👩‍👧.txt'],
  ['CON', '_CON.txt'],
  ['con.backup', '_con.backup.txt'],
  ['nul ', '_nul.txt'],
  ['Aux .notes', '_Aux .notes.txt'],
  ['COM¹', '_COM¹.txt'],
  ['lpt9', '_lpt9.txt'],
  ['CONIN$', '_CONIN$.txt'],
  ['CONSOLE', 'CONSOLE.txt'],
  ['COM10', 'COM10.txt'],
  ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j.txt'],
  ['trailing dots...', 'trailing dots.txt'],
  ['  spaced   out  ', 'spaced out.txt'],
  ['.hidden', 'hidden.txt'],
  ['..', 'Transcript.txt'],
  ['', 'Transcript.txt'],
  ['???', 'Transcript.txt'],
  ['line\nbreak\ttab', 'line_break_tab.txt'],
  ['Report\u202Etxt.exe', 'Report_txt.exe.txt'],
  ['Cafe\u0301', 'Café.txt'],
  ['\ud800lone surrogate', 'lone surrogate.txt'],
  ['../../etc/passwd', '_.._etc_passwd.txt'],
];

describe('safeFileName', () => {
  it.each(table)('%j → %j', (title, expected) => {
    expect(safeFileName(title, 'txt')).toBe(expected);
    expectPortable(safeFileName(title, 'txt'), 'txt');
  });

  it('cuts long names to the byte limit on whole characters, suffix and extension kept', () => {
    const japanese = safeFileName('あ'.repeat(300), 'deepgram.json', ' (12)');
    expect(japanese).toMatch(/^あ+ \(12\)\.deepgram\.json$/);
    expect(bytes(japanese)).toBeLessThanOrEqual(maxFileNameBytes);
    expect(bytes(japanese)).toBeGreaterThan(maxFileNameBytes - 3);
    const family = '👩‍👩‍👧';
    const emoji = safeFileName(family.repeat(100), 'srt');
    expect(emoji.slice(0, -4).split(family).every((part) => part === '')).toBe(true);
    // The cut falls just after a space, which Windows would drop: it goes.
    expect(safeFileName(`${'a'.repeat(196)} bc`, 'md')).toBe(`${'a'.repeat(196)}.md`);
  });

  it('keeps every portability rule for arbitrary titles', () => {
    const title = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom('.', ' ', 'C', 'O', 'N', 'a', '会', '🚀', ':', '\u202e', '\ud800', 'e\u0301'), maxLength: 120 }),
    );
    fc.assert(
      fc.property(title, fc.constantFrom('', ' (2)', ' (999)'), (t, suffix) => {
        const name = safeFileName(t, 'txt', suffix);
        expectPortable(name, 'txt');
        expect(name.endsWith(`${suffix}.txt`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  describe('on a real disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-names-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('every name in the table is a file this disk creates and lists back unchanged', () => {
      const names = table.map(([title], i) => safeFileName(title, 'txt', ` (${i + 1})`));
      names.push(safeFileName('あ'.repeat(300), 'txt'));
      for (const name of names) writeFileSync(join(dir, name), name);
      expect(readdirSync(dir).sort()).toEqual([...names].sort());
    });

    it('the byte limit is real: the uncut name is refused by the disk', () => {
      expect(() => writeFileSync(join(dir, `${'あ'.repeat(100)}.txt`), '')).toThrow(/ENAMETOOLONG/);
    });
  });
});
