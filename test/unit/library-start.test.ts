import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { ListenResponse } from '../../common/deepgram-response';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { wireMain } from '../support/wired-router';

const response: ListenResponse = {
  metadata: { request_id: 'req-1', duration: 12.5, channels: 1 },
  results: { channels: [{ alternatives: [{ transcript: 'hello there', words: [{ word: 'hello', start: 0, end: 0.4 }, { word: 'there', start: 0.5, end: 0.9 }] }] }] },
};

it('at start the window gets its list first; the entry check and then the index check follow its ask for damaged entries, and correct the list', async () => {
  const { router, services, dataDir } = await wireMain({ secrets: new InMemorySecretStore() });
  const save = (title: string) => services.transcripts.save({ title, sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
  const a = await save('a.wav');
  const b = await save('b.wav');
  await services.start();
  const checked = () => router.sent.filter((s) => s.event === 'library.indexChecked');

  const list = await router.call('transcripts.list', []);
  expect(list).toEqual({ ok: true, value: [b, a].map(({ id, title, createdAt, durationSec }) => ({ id, title, createdAt, durationSec })) });
  // The index check used to start with the list; wait past that moment (and well before the fallback after start).
  await sleep(1000);
  expect(checked()).toEqual([]);

  // An entry retitled behind the saved list (a crash between the two) is corrected by the check.
  const metaFile = join(dataDir, 'transcripts', `${a.id}.meta.json`);
  const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { summary: { title: string } };
  meta.summary.title = 'a, retitled';
  await writeFile(metaFile, JSON.stringify(meta));
  expect(await router.call('transcripts.damaged', [])).toEqual({ ok: true, value: [] });
  expect(router.sent.filter((s) => s.event === 'transcripts.added').map((s) => s.payload)).toEqual([{ ...a, title: 'a, retitled' }]);
  for (let waited = 0; waited < 10_000 && checked().length === 0; waited += 50) await sleep(50);
  expect(checked()).toHaveLength(1);
  services.librarySearch.close();
});
