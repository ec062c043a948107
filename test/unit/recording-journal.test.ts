import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordingStart } from '../../common/recording';
import { readJournal, RecordingJournal } from '../../main/services/recordings/recording-journal';

const meta: RecordingStart = { channelLayout: 'two-channel', mimeType: 'audio/webm;codecs=opus', sampleRate: 48000, devices: { microphone: 'USB mic', system: 'Speakers' } };

async function journalWithChunks(count: number): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'journal-')), 'journal.ndjson');
  const journal = await RecordingJournal.create(path, { id: 'rec-1', at: '2026-03-01T09:00:00.000Z', meta });
  for (let seq = 0; seq < count; seq += 1) {
    await journal.append({ type: 'chunk', seq, offset: seq * 100, length: 100, at: '2026-03-01T09:00:01.000Z' });
  }
  await journal.sync();
  await journal.close();
  return path;
}

describe('recording journal', () => {
  it('reads back what was written, starting with a versioned start record', async () => {
    const path = await journalWithChunks(3);
    const { records, tornTail, skippedLines } = await readJournal(path);
    expect(records[0]).toEqual({ type: 'start', version: 1, id: 'rec-1', at: '2026-03-01T09:00:00.000Z', meta });
    expect(records.filter((record) => record.type === 'chunk').map((record) => record.type === 'chunk' && record.seq)).toEqual([0, 1, 2]);
    expect({ tornTail, skippedLines }).toEqual({ tornTail: false, skippedLines: 0 });
  });

  it('ignores a last line torn by a crash, at every byte it could be torn at', async () => {
    const path = await journalWithChunks(2);
    const whole = await readFile(path, 'utf8');
    const line = `${JSON.stringify({ type: 'chunk', seq: 2, offset: 200, length: 100, at: '2026-03-01T09:00:02.000Z' })}\n`;
    for (let cut = 1; cut < line.length; cut += 1) {
      const torn = join(await mkdtemp(join(tmpdir(), 'journal-')), 'journal.ndjson');
      await appendFile(torn, whole + line.slice(0, cut));
      const contents = await readJournal(torn);
      expect(contents.records.length, `torn after ${cut} bytes`).toBe(3);
      expect({ tornTail: contents.tornTail, skippedLines: contents.skippedLines }, `torn after ${cut} bytes`).toEqual({ tornTail: true, skippedLines: 0 });
    }
  });

  it('skips a damaged line in the middle (zeros left by a power cut) and keeps the rest', async () => {
    const path = await journalWithChunks(1);
    await appendFile(path, `${'\0'.repeat(40)}\n${JSON.stringify({ type: 'chunk', seq: 1, offset: 100, length: 100, at: 'x' })}\n`);
    const { records, skippedLines } = await readJournal(path);
    expect(records.map((record) => record.type)).toEqual(['start', 'chunk', 'chunk']);
    expect(skippedLines).toBe(1);
  });

  it('refuses a journal of an unknown version', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'journal-')), 'journal.ndjson');
    await appendFile(path, `${JSON.stringify({ type: 'start', version: 2, id: 'x', at: 'y', meta })}\n`);
    expect((await readJournal(path)).records).toEqual([]);
  });

  it('starts the next record on a fresh line when reopened after a torn line', async () => {
    const path = await journalWithChunks(1);
    await appendFile(path, '{"type":"chunk","seq":1,"off');
    const journal = await RecordingJournal.reopen(path);
    await journal.append({ type: 'finalized', at: '2026-03-01T10:00:00.000Z', durationSec: 1 });
    await journal.close();
    const { records } = await readJournal(path);
    expect(records.map((record) => record.type)).toEqual(['start', 'chunk', 'finalized']);
  });

  it('never overwrites an existing journal', async () => {
    const path = await journalWithChunks(1);
    await expect(RecordingJournal.create(path, { id: 'rec-1', at: 'now', meta })).rejects.toMatchObject({ code: 'EEXIST' });
    expect((await readJournal(path)).records).toHaveLength(2);
  });
});
