import { describe, expect, it, vi } from 'vitest';
import { apiPath } from '../../common/api';
import { channels, eventNames, ipcPrefix } from '../../common/contract';
import type { Channel } from '../../common/contract';
import { createPreloadApi } from '../../preload/api';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { trustedSender as trusted, wireMain } from '../support/wired-router';
import type { RecordingRouter } from '../support/wired-router';

async function wiredRouter(): Promise<RecordingRouter> {
  return (await wireMain({ secrets: new InMemorySecretStore() })).router;
}

describe('IPC contract', () => {
  it('places each channel and event on window.app by its name', () => {
    expect(apiPath('transcripts.get', 'invoke')).toEqual(['transcripts', 'get']);
    expect(apiPath('shell.takeOpenedFiles', 'invoke')).toEqual(['shell', 'takeOpenedFiles']);
    expect(apiPath('jobs.updated', 'event')).toEqual(['jobs', 'onUpdated']);
    expect(apiPath('shell.filesOpened', 'event')).toEqual(['shell', 'onFilesOpened']);
  });

  it('registers exactly one handler for every channel', async () => {
    const router = await wiredRouter();
    expect([...router.registered].sort()).toEqual([...channels].sort());
    expect(new Set(router.registered).size).toBe(router.registered.length);
  });

  it('gives the preload exactly one method per channel and one subscription per event', async () => {
    const ipc = { invoke: vi.fn(async () => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn() };
    const api = createPreloadApi(ipc as never, () => '/dropped/file.wav') as unknown as Record<string, Record<string, unknown>>;
    const ipcMembers = Object.entries(api).flatMap(([ns, members]) => Object.keys(members).map((m) => `${ns}.${m}`));
    const expected = [...channels.map((c) => apiPath(c, 'invoke')), ...eventNames.map((e) => apiPath(e, 'event'))].map((p) => p.join('.'));
    expect(ipcMembers.filter((m) => m !== 'files.pathForFile').sort()).toEqual(expected.sort());
    for (const channel of channels) {
      const [ns, member] = apiPath(channel, 'invoke');
      await (api[ns]![member] as (...a: unknown[]) => Promise<unknown>)('x');
      expect(ipc.invoke).toHaveBeenLastCalledWith(ipcPrefix + channel, 'x');
    }
    for (const event of eventNames) {
      const [ns, member] = apiPath(event, 'event');
      const unsubscribe = (api[ns]![member] as (l: () => void) => () => void)(() => {});
      expect(ipc.on).toHaveBeenLastCalledWith(ipcPrefix + event, expect.any(Function));
      unsubscribe();
      expect(ipc.removeListener).toHaveBeenLastCalledWith(ipcPrefix + event, expect.any(Function));
    }
    expect(await (api.files!.pathForFile as (f: unknown) => Promise<string>)({})).toBe('/dropped/file.wav');
  });

  it('refuses requests from a sender that is not the app window', async () => {
    const router = await wiredRouter();
    const fromIframe = await router.call('keys.status', [], { ...trusted, isTopFrame: false });
    const fromElsewhere = await router.call('keys.status', [], { ...trusted, url: 'https://evil.example' });
    expect(fromIframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('validates arguments against the contract before any service runs', async () => {
    const router = await wiredRouter();
    const cases: [Channel, unknown[]][] = [
      ['transcripts.get', [{ id: '../../etc/passwd' }]],
      ['transcribe.start', [{ paths: [], options: {} }]],
      ['transcribe.start', [{ paths: ['/a.wav'], options: { model: 'nova-3&x=1' } }]],
      ['keys.saveProfile', [{ name: 'P', endpoint: { kind: 'us' }, key: '' }]],
      ['keys.saveProfile', [{ name: 'P', endpoint: { kind: 'mars' } }]],
      ['keys.saveProfile', ['just a string']],
      ['keys.createAppKey', [{ adminKey: 'k', projectId: 'p', profile: { name: 'P', endpoint: { kind: 'us' } }, expiry: { kind: 'ttl', seconds: 1 } }]],
      ['transcribe.cancel', [{ jobId: 42 }]],
    ];
    for (const [channel, args] of cases) {
      const result = await router.call(channel, args);
      expect(result, `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });

  it('returns failures as values with codes, never as thrown errors', async () => {
    const router = await wiredRouter();
    const result = await router.call('transcribe.start', [{ paths: ['/tmp/x.wav'], options: {} }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'NO_KEY', message: expect.stringContaining('No Deepgram profile') } });
  });
});
