import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchDoc } from '../../common/transcript/search-segments';
import { SearchIndex, searchIndexFileName } from '../../main/services/library/search-index';
import { searchSchemaVersion } from '../../main/services/library/search-schema';

/** A library of `count` transcripts, each with `segments` paragraphs of distinct words. */
function docs(count: number, segments = 40): SearchDoc[] {
  return Array.from({ length: count }, (_, d) => ({
    id: `t${d}`,
    title: `Interview ${d}`,
    createdAt: new Date(Date.UTC(2026, 0, 1 + d)).toISOString(),
    durationSec: segments * 10,
    revision: 'r1',
    speakerNames: {},
    segments: Array.from({ length: segments }, (_, i) => ({
      start: i * 10,
      end: i * 10 + 9,
      speaker: i % 2,
      channel: 0,
      text: `paragraph ${i} of talk${d} mentions lighthouse${i % 7} and harbour${(i * d) % 11} ${'filler '.repeat(20)}`,
    })),
  }));
}

const open_: SearchIndex[] = [];
afterEach(() => {
  for (const index of open_.splice(0)) index.close();
});

function openIndex(dir: string, onReset?: (reason: string) => void): SearchIndex {
  const index = SearchIndex.open(dir, onReset ? { onReset } : {});
  open_.push(index);
  return index;
}

async function filledIndexFile(count = 30): Promise<{ dir: string; file: string; library: SearchDoc[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'search-damage-'));
  const library = docs(count);
  const index = SearchIndex.open(dir);
  index.rebuild(library);
  index.close();
  return { dir, file: join(dir, searchIndexFileName), library };
}

async function refill(index: SearchIndex, library: SearchDoc[]): Promise<void> {
  const byId = new Map(library.map((d) => [d.id, d]));
  const report = await index.sync(
    library.map((d) => ({ id: d.id, revision: d.revision })),
    (id) => Promise.resolve(byId.get(id)!),
  );
  expect(report.failed).toEqual([]);
}

describe('SearchIndex with a damaged or outdated file', () => {
  it('keeps its content across a restart', async () => {
    const { dir } = await filledIndexFile();
    const index = openIndex(dir);
    expect(index.openedAs).toEqual({ state: 'opened', reason: 'existing index' });
    expect(index.search('lighthouse3').totalTranscripts).toBe(30);
  });

  it('starts afresh from a file of garbage, and the next check fills it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'search-damage-'));
    await writeFile(join(dir, searchIndexFileName), randomBytes(64 * 1024));
    const index = openIndex(dir);
    expect(index.openedAs.state).toBe('recreated');
    expect(index.openedAs.reason).toMatch(/not a database/);
    expect(index.search('lighthouse3').hits).toEqual([]);
    const library = docs(5);
    await refill(index, library);
    expect(index.search('lighthouse3').totalTranscripts).toBe(5);
  });

  it('starts afresh from a truncated file', async () => {
    const { dir, file, library } = await filledIndexFile();
    const { size } = await stat(file);
    expect(size).toBeGreaterThan(200_000);
    await truncate(file, Math.floor(size / 2));
    const index = openIndex(dir);
    expect(index.openedAs.state).toBe('recreated');
    await refill(index, library);
    expect(index.search('lighthouse3').totalTranscripts).toBe(30);
  });

  it('starts afresh from a file whose pages were overwritten', async () => {
    const { dir, file, library } = await filledIndexFile();
    const { size } = await stat(file);
    const handle = await open(file, 'r+');
    // Keep the header page so the file still opens, then scribble over every later page.
    for (let at = 4096; at < size; at += 4096) await handle.write(randomBytes(512), 0, 512, at + 100);
    await handle.close();
    const index = openIndex(dir);
    expect(index.openedAs.state).toBe('recreated');
    expect(index.openedAs.reason).toMatch(/integrity|malformed|corrupt/i);
    await refill(index, library);
    expect(index.search('harbour5 lighthouse5').hits.length).toBeGreaterThan(0);
  });

  it('replaces an index of another schema version', async () => {
    const { dir, file } = await filledIndexFile(3);
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${searchSchemaVersion + 1}`);
    db.close();
    const index = openIndex(dir);
    expect(index.openedAs).toEqual({ state: 'recreated', reason: `schema version ${searchSchemaVersion + 1}, this app uses ${searchSchemaVersion}` });
    expect(index.search('Interview').hits).toEqual([]);
  });

  it('survives damage found while running: search answers "indexing", the caller is told, a check refills it', async () => {
    const { dir, file, library } = await filledIndexFile(60);
    const resets: string[] = [];
    const index = openIndex(dir, (reason) => resets.push(reason));
    expect(index.openedAs.state).toBe('opened');
    // Another connection writes (so the open one drops its page cache at its next read), then the
    // file's pages are overwritten behind both.
    const other = new DatabaseSync(file);
    other.exec('CREATE TABLE scratch (x)');
    other.close();
    const bytes = await readFile(file);
    const handle = await open(file, 'r+');
    for (let at = 4096; at < bytes.length; at += 4096) await handle.write(randomBytes(4096), 0, 4096, at);
    await handle.close();

    const result = index.search('lighthouse3 harbour7');
    expect(result).toMatchObject({ hits: [], indexing: true });
    expect(resets).toHaveLength(1);
    expect(resets[0]).toMatch(/damaged/);
    await refill(index, library);
    expect(index.search('lighthouse3').totalTranscripts).toBe(60);
    expect(index.search('lighthouse3').indexing).toBe(false);
  });

  it('writes a transcript all or nothing: a write that fails leaves the previous version searchable', async () => {
    const { dir, library } = await filledIndexFile(3);
    const index = openIndex(dir);
    const broken = { ...library[1]!, segments: [{ start: 0, end: 1, speaker: 0, channel: 0, text: 'replacement words' }, { start: 1, end: 2, speaker: 0, channel: 0, text: {} as unknown as string }] };
    expect(() => index.upsert(broken)).toThrow();
    expect(index.search('replacement').hits).toEqual([]);
    expect(index.search('talk1').hits.map((h) => [h.id, h.matchCount])).toEqual([['t1', 40]]);
    // The index is not left inside the failed transaction.
    index.upsert({ ...library[1]!, segments: [{ start: 0, end: 1, speaker: 0, channel: 0, text: 'replacement words' }] });
    expect(index.search('replacement').hits.map((h) => h.id)).toEqual(['t1']);
    expect(index.search('talk1').hits).toEqual([]);
  });

  it('falls back to memory when no index file can be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'search-damage-'));
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where the data folder should be');
    const index = openIndex(blocker);
    expect(index.openedAs.state).toBe('memory');
    await refill(index, docs(2));
    expect(index.search('lighthouse1').totalTranscripts).toBe(2);
  });
});
