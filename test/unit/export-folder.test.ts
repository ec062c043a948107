import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import { defaultExportOptions, renderTextExport } from '../../common/transcript/export-formats';
import { createFileAtomic } from '../../main/services/fs/atomic-create';
import { ExportService, libraryTranscriptSource } from '../../main/services/export/export-service';
import type { EditedTranscriptSource } from '../../main/services/export/export-service';
import { FolderWriter, writeFilesToFolder } from '../../main/services/export/export-folder';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { defaultTranscribeOptions } from '../../common/domain';
import { docxParagraphs, makeResponse, word } from '../support/export-helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-folder-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
/** Names in the folder, staging and temp files included: none may be left behind. */
const listing = (): string[] => readdirSync(dir).sort();

describe('createFileAtomic', () => {
  it('writes a new file and refuses to replace one, leaving it intact', async () => {
    await createFileAtomic(join(dir, 'a.txt'), 'first');
    await expect(createFileAtomic(join(dir, 'a.txt'), 'second')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(read('a.txt')).toBe('first');
    expect(listing()).toEqual(['a.txt']);
  });
});

describe('writing exports to a folder', () => {
  it('numbers clashing names, on disk and within the batch, case-insensitively, and replaces nothing', async () => {
    writeFileSync(join(dir, 'Meeting.txt'), 'keep me');
    mkdirSync(join(dir, 'Notes.srt'));
    const written = await writeFilesToFolder(dir, [
      { title: 'Meeting', extension: 'txt', data: 'one' },
      { title: 'meeting', extension: 'txt', data: 'two' },
      { title: 'Meeting', extension: 'md', data: 'three' },
      { title: 'Notes', extension: 'srt', data: 'four' },
      { title: 'CON', extension: 'txt', data: 'five' },
      { title: 'Встреча 会議 🚀', extension: 'txt', data: 'six' },
      { title: 'Встреча 会議 🚀', extension: 'txt', data: 'seven' },
    ]);
    expect(written.map((w) => w.fileName)).toEqual([
      'Meeting (2).txt',
      'meeting (3).txt',
      'Meeting.md',
      'Notes (2).srt',
      '_CON.txt',
      'Встреча 会議 🚀.txt',
      'Встреча 会議 🚀 (2).txt',
    ]);
    expect(read('Meeting.txt')).toBe('keep me');
    expect(written.map((w) => readFileSync(w.path, 'utf8'))).toEqual(['one', 'two', 'three', 'four', 'five', 'six', 'seven']);
    expect(listing()).toEqual([...written.map((w) => w.fileName), 'Meeting.txt', 'Notes.srt'].sort());
  });

  it('gives racing writers distinct names and loses no file', async () => {
    const writers = Array.from({ length: 8 }, (_, i) => new FolderWriter(dir).write({ title: 'Same', extension: 'txt', data: `writer ${i}` }));
    const written = await Promise.all(writers);
    expect(new Set(written.map((w) => w.fileName)).size).toBe(8);
    expect(written.map((w) => readFileSync(w.path, 'utf8'))).toEqual(Array.from({ length: 8 }, (_, i) => `writer ${i}`));
    expect(listing()).toHaveLength(8);
  });

  it('answers a folder it cannot write to with an error the user can act on', async () => {
    writeFileSync(join(dir, 'file'), '');
    const error = await writeFilesToFolder(join(dir, 'file'), [{ title: 'x', extension: 'txt', data: 'x' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SAVE_FAILED');
    expect((error as AppError).message).toContain(join(dir, 'file'));
  });
});

describe('ExportService', () => {
  const response = makeResponse([{ words: [word('Hello', 0, 0.5, 0), word('there.', 0.5, 1, 0), word('Hi!', 2, 2.5, 1)] }]);

  it('exports library transcripts in several formats into a folder, names applied', async () => {
    const library = new TranscriptStore(join(dir, 'data'));
    const a = await library.save({ title: 'Standup: Mon/Tue', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
    const b = await library.save({ title: 'Standup: Mon/Tue', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
    const plain = libraryTranscriptSource(library);
    const source: EditedTranscriptSource = {
      async load(id) {
        const t = await plain.load(id);
        return { ...t, speakerNames: { 'speaker:1': 'Мария' } };
      },
    };
    const out = join(dir, 'out');
    const written = await new ExportService(source).exportToFolder([a.id, b.id], ['srt', 'docx', 'deepgram-json'], defaultExportOptions, out);
    expect(written.map((w) => w.fileName)).toEqual([
      'Standup_ Mon_Tue.srt',
      'Standup_ Mon_Tue.docx',
      'Standup_ Mon_Tue.deepgram.json',
      'Standup_ Mon_Tue (2).srt',
      'Standup_ Mon_Tue (2).docx',
      'Standup_ Mon_Tue (2).deepgram.json',
    ]);
    expect(readdirSync(out).sort()).toEqual(written.map((w) => w.fileName).sort());
    const srt = readFileSync(join(out, 'Standup_ Mon_Tue.srt'), 'utf8');
    expect(srt).toBe(renderTextExport({ title: 'Standup: Mon/Tue', response, speakerNames: { 'speaker:1': 'Мария' } }, 'srt', defaultExportOptions));
    expect(srt).toContain('Мария: Hi!');
    expect(docxParagraphs(readFileSync(join(out, 'Standup_ Mon_Tue (2).docx')))).toContain('[0:02] Мария: Hi!');
    expect(JSON.parse(readFileSync(join(out, 'Standup_ Mon_Tue.deepgram.json'), 'utf8'))).toEqual(response);
  });

  it('stops between files when aborted, keeping the files already written whole', async () => {
    const source: EditedTranscriptSource = { load: (id) => Promise.resolve({ title: `T ${id}`, response, speakerNames: {} }) };
    const controller = new AbortController();
    const seen: [string, number, number][] = [];
    const out = join(dir, 'out');
    const error = await new ExportService(source)
      .exportToFolder(['a', 'b', 'c'], ['txt', 'vtt'], defaultExportOptions, out, {
        signal: controller.signal,
        onFile: (file, done, total) => {
          seen.push([file.fileName, done, total]);
          if (done === 3) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('CANCELED');
    expect((error as AppError).message).toContain('3 of 6');
    expect(seen).toEqual([['T a.txt', 1, 6], ['T a.vtt', 2, 6], ['T b.txt', 3, 6]]);
    expect(readdirSync(out).sort()).toEqual(['T a.txt', 'T a.vtt', 'T b.txt']);
    expect(readFileSync(join(out, 'T b.txt'), 'utf8')).toBe('[0:00] Speaker 1: Hello there.\n\n[0:02] Speaker 2: Hi!\n');
  });

  it('writes one export to the chosen path, replacing the file the user agreed to replace', async () => {
    const source: EditedTranscriptSource = { load: () => Promise.resolve({ title: 'Call', response, speakerNames: {} }) };
    const service = new ExportService(source);
    expect(await service.suggestFileName('id', 'md')).toBe('Call.md');
    writeFileSync(join(dir, 'chosen.md'), 'old');
    const written = await service.exportToFile('id', 'md', { ...defaultExportOptions, timestamps: false }, join(dir, 'chosen.md'));
    expect(written).toEqual({ path: join(dir, 'chosen.md'), fileName: 'chosen.md' });
    expect(read('chosen.md')).toBe('# Call\n\n**Speaker 1:** Hello there.\n\n**Speaker 2:** Hi!\n');
    expect(listing()).toEqual(['chosen.md']);
  });
});
