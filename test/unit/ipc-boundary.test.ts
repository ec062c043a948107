import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../common/domain';
import { AppError } from '../../common/errors';
import type { KeysStatus } from '../../common/profiles';
import { pcmWavHeader } from '../support/audio';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { wireMain } from '../support/wired-router';

// A careless server on loopback (plain http is allowed there): it echoes the request's
// Authorization header in its errors and can answer with a huge error body.
const goodKey = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed';
const hugeMessage = 'x'.repeat(20 * 1024 * 1024);
let server: Server;
let baseUrl: string;
let listenMode: 'huge' | 'echo' = 'echo';

beforeAll(async () => {
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/v1/projects') || req.url?.startsWith('/v1/auth/token')) {
        if (auth === `Token ${goodKey}`) {
          const body = req.url.startsWith('/v1/auth/token')
            ? { api_key_id: 'k1', project_id: 'p1', scopes: ['member'], comment: null, expiration_date: null }
            : { projects: [{ project_id: 'p1', name: 'Echo project' }] };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        } else {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ err_code: 'Bad Request', err_msg: `Malformed credentials. Header was: ${auth}` }));
        }
        return;
      }
      const message = listenMode === 'huge' ? hugeMessage : `Bad request. Header was: ${auth}`;
      res.writeHead(400, { 'content-type': 'application/json', 'dg-request-id': 'req-1' }).end(JSON.stringify({ err_code: 'Bad Request', err_msg: message }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

const keyDetails = { apiKeyId: 'k1', scopes: ['usage:write'], expiresAt: null, comment: null };

function statusWith(projectName: string): KeysStatus {
  return {
    activeProfileId: 'p1',
    keychain: { available: true, problem: null },
    profiles: [
      {
        id: 'p1',
        name: 'Echo',
        endpoint: { kind: 'us' },
        baseUrl: 'https://api.deepgram.com',
        tags: [],
        hasKey: true,
        keyStorage: 'keychain',
        project: { id: 'p1', name: projectName },
        key: keyDetails,
        check: null,
        appKey: null,
      },
    ],
  };
}

async function wavFile(): Promise<string> {
  // A valid 16-bit mono WAV: a second of silence.
  const samples = 16000;
  const header = pcmWavHeader(samples * 2);
  const path = join(await mkdtemp(join(tmpdir(), 'boundary-')), 'silence.wav');
  await writeFile(path, Buffer.concat([header, Buffer.alloc(samples * 2)]));
  return path;
}

async function finished(sent: { event: string; payload: unknown }[], jobId: string): Promise<Job> {
  for (let i = 0; i < 500; i += 1) {
    const last = sent.filter((e) => e.event === 'jobs.updated' && (e.payload as Job).id === jobId).at(-1)?.payload as Job | undefined;
    if (last && ['done', 'failed', 'canceled'].includes(last.state)) return last;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the job never finished');
}

describe('what crosses the boundary', () => {
  it('drops fields the contract does not name from results, so a key added by mistake never leaves main', async () => {
    const { router } = await wireMain({
      secrets: new InMemorySecretStore(),
      override: {
        'keys.status': async () =>
          ({ ...statusWith('P'), key: goodKey, profiles: [{ ...statusWith('P').profiles[0], key: { ...keyDetails, secret: goodKey } }] }) as never,
      },
    });
    const result = await router.call('keys.status', []);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain(goodKey);
    expect(Object.keys((result as { value: object }).value).sort()).toEqual(['activeProfileId', 'keychain', 'profiles']);
    expect(Object.keys((result as { value: KeysStatus }).value.profiles[0]!.key!).sort()).toEqual(['apiKeyId', 'comment', 'expiresAt', 'scopes']);
  });

  it('refuses a result that does not match the contract, with a generic error', async () => {
    const { router, lines } = await wireMain({
      secrets: new InMemorySecretStore(),
      override: { 'jobs.list': async () => [{ id: 1, secret: goodKey }] as never },
    });
    const result = await router.call('jobs.list', []);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('Something went wrong') } });
    expect(lines.join('\n')).toContain('does not match the contract');
  });

  it('parses event payloads too: unknown fields are dropped, malformed payloads never sent', async () => {
    const { router, services, events } = await wireMain({ secrets: new InMemorySecretStore() });
    services.openedFiles.add(['/tmp/a.wav']);
    const job = { id: 'j1', fileName: 'a.wav', sizeBytes: 1, bytesSent: 0, state: 'queued', createdAt: 'now', options: { model: 'nova-3', language: 'en', smartFormat: true, diarize: false } };
    const emit = events.emit as (event: string, payload: unknown) => void;
    emit('jobs.updated', { ...job, key: goodKey });
    emit('jobs.updated', { ...job, state: 'exploded' });
    expect(router.sent.map((e) => e.event)).toEqual(['shell.filesOpened', 'jobs.updated']);
    expect(JSON.stringify(router.sent)).not.toContain(goodKey);
  });

  it('keeps a key a server echoes back out of the error the page sees, even a refused key', async () => {
    const secrets = new InMemorySecretStore();
    const { router, redactor } = await wireMain({ secrets, baseUrl });
    const wrongKey = 'bad0000000000000000000000000000000000ff1';
    const refused = await router.call('keys.saveProfile', [{ name: 'Echo', endpoint: { kind: 'us' }, key: wrongKey }]);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('Header was: Token [redacted]') } });
    expect(JSON.stringify(refused)).not.toContain(wrongKey);
    expect(redactor.size).toBe(0);

    expect((await router.call('keys.saveProfile', [{ name: 'Echo', endpoint: { kind: 'us' }, key: goodKey }])).ok).toBe(true);
    listenMode = 'echo';
    const started = await router.call('transcribe.start', [{ paths: [await wavFile()], options: {} }]);
    const jobId = (started as { value: { jobs: Job[] } }).value.jobs[0]!.id;
    const failed = await finished(router.sent, jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toContain('Header was: Token [redacted]');
    expect(JSON.stringify(router.sent)).not.toContain(goodKey);
  });

  it('caps a huge server message before it crosses or stays in the job list', async () => {
    const secrets = new InMemorySecretStore();
    const { router, services } = await wireMain({ secrets, baseUrl });
    expect((await router.call('keys.saveProfile', [{ name: 'Echo', endpoint: { kind: 'us' }, key: goodKey }])).ok).toBe(true);
    listenMode = 'huge';
    const started = await router.call('transcribe.start', [{ paths: [await wavFile()], options: {} }]);
    const jobId = (started as { value: { jobs: Job[] } }).value.jobs[0]!.id;
    const failed = await finished(router.sent, jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error!.message.length).toBeLessThanOrEqual(500);
    expect(services.queue.list().find((j) => j.id === jobId)!.error!.message.length).toBeLessThanOrEqual(500);
    expect(JSON.stringify(router.sent).length).toBeLessThan(20_000);
  });

  it('learns a key only once it is accepted, and forgets it when removed', async () => {
    const { router, redactor } = await wireMain({ secrets: new InMemorySecretStore(), baseUrl });
    for (let i = 0; i < 200; i += 1) {
      await router.call('keys.saveProfile', [{ name: 'Echo', endpoint: { kind: 'us' }, key: `refused-${i.toString().padStart(8, '0')}-key` }]);
    }
    expect(redactor.size).toBe(0);
    await router.call('keys.saveProfile', [{ name: 'Echo', endpoint: { kind: 'us' }, key: goodKey }]);
    expect(redactor.redact(goodKey)).toBe('[redacted]');
    const profileId = ((await router.call('keys.status', [])) as { value: { activeProfileId: string } }).value.activeProfileId;
    await router.call('keys.removeProfile', [{ profileId }]);
    expect(redactor.size).toBe(0);
  });

  it('never returns the text of an unexpected error to the page', async () => {
    const { router, lines } = await wireMain({
      secrets: new InMemorySecretStore(),
      override: {
        'transcripts.list': async () => {
          throw new TypeError(`EACCES /home/someone/private/meeting.wav ${goodKey}`);
        },
      },
    });
    const result = await router.call('transcripts.list', []);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong in the app. Details are in the log file.' } });
    expect(lines.join('\n')).toContain('EACCES');
  });

  it('writes renderer errors to the main log through the contract, bounded', async () => {
    const { router, lines } = await wireMain({ secrets: new InMemorySecretStore() });
    expect(await router.call('log.rendererError', [{ message: 'TypeError: boom', stack: 'at App', source: 'window.onerror' }])).toEqual({ ok: true, value: null });
    expect(lines.at(-1)).toContain('Renderer error in window.onerror: TypeError: boom');
    const flood = await router.call('log.rendererError', [{ message: 'x'.repeat(2001) }]);
    expect(flood).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(lines.join('\n')).not.toContain('x'.repeat(2001));
  });

  it('redacts a known key from every string of a result or an event, however deep', async () => {
    const secrets = new InMemorySecretStore();
    const { router, redactor, events, lines } = await wireMain({
      secrets,
      override: {
        'keys.status': async () => statusWith(`Project of ${goodKey}`),
        'transcribe.cancel': async () => {
          throw new AppError('DEEPGRAM_ERROR', `Refused ${goodKey}`, { requestId: `id-${goodKey}`, status: 400 });
        },
      },
    });
    redactor.add(goodKey);
    expect(await router.call('keys.status', [])).toMatchObject({ ok: true, value: { profiles: [{ project: { name: 'Project of [redacted]' } }] } });
    expect(await router.call('transcribe.cancel', [{ jobId: 'j1' }])).toEqual({
      ok: false,
      error: { code: 'DEEPGRAM_ERROR', message: 'Refused [redacted]', requestId: 'id-[redacted]', status: 400 },
    });
    const emit = events.emit as (event: string, payload: unknown) => void;
    emit('transcripts.added', { id: 't1', title: `deep ${goodKey}`, createdAt: 'now', durationSec: 1, sizeBytes: 1, requestId: null, options: { model: 'nova-3', language: 'en', smartFormat: true, diarize: false } });
    expect(router.sent.at(-1)).toMatchObject({ event: 'transcripts.added', payload: { title: 'deep [redacted]' } });
    expect(JSON.stringify(router.sent)).not.toContain(goodKey);
    expect(lines.join('\n')).not.toContain(goodKey);
  });

  it('names what was wrong with refused arguments, briefly', async () => {
    const { router } = await wireMain({ secrets: new InMemorySecretStore() });
    const result = await router.call('transcribe.cancel', [{ jobId: 42 }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Invalid request to transcribe\.cancel: 0\.jobId: /) } });
    const whole = await router.call('keys.status', ['extra']);
    expect(whole).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Invalid request to keys\.status: arguments: /) } });
  });
});
