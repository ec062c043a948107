import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import { buildSourceTranscript } from '../../common/transcript/source-transcript';
import { EditStore } from '../../main/services/library/edit-store';
import { SourceCache } from '../../main/services/library/source-cache';
import { TranscriptEditService } from '../../main/services/library/transcript-edits';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';
import { deepgramFixtures, loadAllResponses, loadResponse, twoChannelResponse } from '../support/transcript-fixtures';

async function library(): Promise<{ dataDir: string; transcripts: TranscriptStore; cache: SourceCache }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'source-cache-'));
  const transcripts = new TranscriptStore(dataDir);
  return { dataDir, transcripts, cache: new SourceCache(dataDir, (id) => transcripts.responseFile(id)) };
}

const waitFor = async (check: () => Promise<boolean>): Promise<void> => {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe.skipIf(skipsWithoutShared(deepgramFixtures))('SourceCache', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
  beforeAll(() => requireShared(deepgramFixtures));

  it('gives back exactly the source transcript it kept, for every recorded response and two channels', async () => {
    const { transcripts, cache } = await library();
    const responses = [...loadAllResponses().values()];
    responses.push(twoChannelResponse(loadResponse('prerecorded_nova2_diarize_utterances_paragraphs.json'), loadResponse('prerecorded_nova2_diarize_utterances_paragraphs.json')));
    for (const response of responses) {
      const { id } = await transcripts.save({ title: 't', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
      const built = buildSourceTranscript(response);
      expect(await cache.read(id)).toBeUndefined();
      await cache.write(id, built);
      const kept = await cache.read(id);
      expect({ ...kept!, byKey: [...kept!.byKey] }).toEqual(JSON.parse(JSON.stringify({ ...built, byKey: [...built.byKey] })));
    }
  });

  it('ignores a copy of another response file, a damaged copy and one of another version', async () => {
    const { dataDir, transcripts, cache } = await library();
    const response = loadResponse('prerecorded_nova2_diarize_utterances_paragraphs.json');
    const { id } = await transcripts.save({ title: 't', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
    await cache.write(id, buildSourceTranscript(response));
    const [name] = await readdir(join(dataDir, 'transcript-cache'));
    const path = join(dataDir, 'transcript-cache', name!);
    const good = await readFile(path, 'utf8');

    await writeFile(path, good.replace('"version":1', '"version":2'));
    expect(await cache.read(id)).toBeUndefined();
    await writeFile(path, good.slice(0, good.length / 2));
    expect(await cache.read(id)).toBeUndefined();
    const file = JSON.parse(good) as { paragraphs: unknown[][] };
    (file.paragraphs[0]![8] as unknown[]).push(1);
    await writeFile(path, JSON.stringify(file));
    expect(await cache.read(id)).toBeUndefined();

    await writeFile(path, good);
    expect(await cache.read(id)).toBeDefined();
    // The response file is replaced (another size and time): the copy no longer stands for it.
    const responsePath = transcripts.responseFile(id);
    await writeFile(responsePath, `${await readFile(responsePath, 'utf8')} `);
    expect(await cache.read(id)).toBeUndefined();
  });

  it('lets the edit service reopen a transcript, edits included, without reading its response', async () => {
    const { dataDir, transcripts, cache } = await library();
    const response = loadResponse('prerecorded_nova2_diarize_utterances_paragraphs.json');
    const { id } = await transcripts.save({ title: 't', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
    const store = new EditStore(dataDir);
    const first = new TranscriptEditService(transcripts, store, { sources: cache });
    const key = (await first.get(id)).transcript.paragraphs[2]!.key;
    await first.apply(id, { type: 'editParagraphText', paragraph: key, text: 'Typed over the words.' });
    await first.apply(id, { type: 'renameSpeaker', speaker: 's0', name: 'Ana' });
    const expected = await first.edited(id);
    await store.flush();
    await waitFor(async () => (await cache.read(id)) !== undefined);

    let responseReads = 0;
    const counting = { get: (transcriptId: string) => ((responseReads += 1), transcripts.get(transcriptId)) };
    const restarted = new TranscriptEditService(counting, new EditStore(dataDir), { sources: cache });
    const reopened = await restarted.get(id);
    expect(responseReads).toBe(0);
    expect(reopened.transcript).toEqual(expected);
    expect(reopened.canUndo).toBe(true);
    // Undo works from the kept copy as from the response.
    await restarted.undo(id);
    expect((await restarted.edited(id)).paragraphs.find((p) => p.speaker === 's0')?.speakerName).not.toBe('Ana');

    await restarted.remove(id);
    expect(await readdir(join(dataDir, 'transcript-cache'))).toEqual([]);
  });
});
