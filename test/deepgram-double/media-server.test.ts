import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaServer } from '../support/media-server';
import type { MediaServer } from '../support/media-server';
import { makeTestCertificate, testTlsFromEnv } from '../support/test-tls';
import type { TestTls } from '../support/test-tls';
import { httpsRequest } from './test-helpers';

let dir: string;
let tls: TestTls;
let media: MediaServer;
let wav: Buffer;
let mp3: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-server-test-'));
  tls = testTlsFromEnv() ?? (await makeTestCertificate(join(dir, 'tls')));
  // ASCII bytes, so the text the helper decodes equals the file byte for byte; distinct per file.
  wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(70_000, 1)]);
  mp3 = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(1234, 2)]);
  await writeFile(join(dir, 'speech.wav'), wav);
  await writeFile(join(dir, 'episode.mp3'), mp3);
  media = await startMediaServer({
    cert: tls.cert,
    key: tls.key,
    files: {
      '/speech.wav': join(dir, 'speech.wav'),
      '/podcasts/Interview 会議 🎙.mp3': join(dir, 'episode.mp3'),
      '/gone.wav': join(dir, 'deleted-after-start.wav'),
      '/shows/episode%201.wav': join(dir, 'speech.wav'),
    },
    redirects: { '/latest': '/podcasts/Interview 会議 🎙.mp3', '/short/x': '/latest' },
  });
});

afterAll(async () => {
  await media.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string, method = 'GET'): ReturnType<typeof httpsRequest> => httpsRequest(`${media.url}${path}`, { method, ca: tls.ca });

describe('startMediaServer', () => {
  it('listens on 127.0.0.1 over HTTPS trusted only through the test CA', async () => {
    expect(new URL(media.url).hostname).toBe('127.0.0.1');
    await expect(httpsRequest(`${media.url}/speech.wav`, { ca: rootCertificates.join('\n') })).rejects.toThrow(/certificate|issuer/i);
  });

  it('serves each file with its length and an audio content type', async () => {
    const res = await get('/speech.wav');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.headers['content-length']).toBe(String(wav.length));
    expect(res.text).toBe(wav.toString('utf8'));

    const episode = await get(`/podcasts/${encodeURIComponent('Interview 会議 🎙.mp3')}?token=abc`);
    expect(episode.status).toBe(200);
    expect(episode.headers['content-type']).toBe('audio/mpeg');
    expect(episode.headers['content-length']).toBe(String((await stat(join(dir, 'episode.mp3'))).size));
    expect(episode.text).toBe(mp3.toString('utf8'));

    // A key given as sent on the wire matches too.
    const encodedKey = await get('/shows/episode%201.wav');
    expect(encodedKey.status).toBe(200);
    expect(encodedKey.text).toBe(wav.toString('utf8'));
    expect(media.requests.at(-1)).toEqual({ method: 'GET', path: '/shows/episode 1.wav', status: 200 });
  });

  it('answers HEAD with the same headers and no body', async () => {
    const res = await get('/speech.wav', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(wav.length));
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.text).toBe('');
  });

  it('answers 404 for unknown paths and for listed files missing on disk, 405 for other methods', async () => {
    expect((await get('/nothing.wav')).status).toBe(404);
    expect((await get('/gone.wav')).status).toBe(404);
    expect((await get('/speech.wav', 'POST')).status).toBe(405);
    expect(media.requests.slice(-3)).toEqual([
      { method: 'GET', path: '/nothing.wav', status: 404 },
      { method: 'GET', path: '/gone.wav', status: 404 },
      { method: 'POST', path: '/speech.wav', status: 405 },
    ]);
  });

  it('redirects with 302 to the target path, encoded', async () => {
    const res = await get('/short/x');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/latest');
    const next = await get('/latest');
    expect(next.status).toBe(302);
    const location = next.headers.location ?? '';
    expect(decodeURI(location)).toBe('/podcasts/Interview 会議 🎙.mp3');
    expect((await get(location)).text).toBe(mp3.toString('utf8'));
    expect(media.requests.slice(-3).map((r) => [r.path, r.status])).toEqual([
      ['/short/x', 302],
      ['/latest', 302],
      ['/podcasts/Interview 会議 🎙.mp3', 200],
    ]);
  });

  it('close() ends the server', async () => {
    const own = await startMediaServer({ cert: tls.cert, key: tls.key, files: {} });
    await own.close();
    await expect(httpsRequest(`${own.url}/`, { ca: tls.ca })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
