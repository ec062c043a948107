import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/transcribe-options';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { wireMain } from '../support/wired-router';

it('live.start opens a stream only for the recording under way: a stray id is refused and nothing is started', async () => {
  const { router, services } = await wireMain({ secrets: new InMemorySecretStore() });
  const statuses: unknown[] = [];
  services.live.subscribe((event) => statuses.push(event));
  const result = await router.call('live.start', [{ recordingId: 'not-recording', channels: 1, options: defaultTranscribeOptions }]);
  expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  // A started session would say "connecting" at once; wait past that moment.
  await sleep(200);
  expect(statuses).toEqual([]);
  expect(await services.live.draft('not-recording')).toBeNull();
});
