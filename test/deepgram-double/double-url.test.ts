import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaServer } from '../support/media-server';
import type { MediaServer } from '../support/media-server';
import { makeTestCertificate } from '../support/test-tls';
import type { ListenResponse } from './listen-response';
import { httpsRequest, json, makeTestAudio, startTestDouble } from './test-helpers';
import type { HttpResult, TestAudio, TestDouble } from './test-helpers';
import type { RequestRecord } from './types';

let t: TestDouble;
let audio: TestAudio;
let media: MediaServer;
/** A media server whose certificate no one here trusts. */
let untrusted: MediaServer;
/** The URL of a media server that has been shut down: connection refused. */
let refusedUrl: string;

const sha256 = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

beforeAll(async () => {
  t = await startTestDouble();
  audio = await makeTestAudio(t.dir);
  const empty = join(t.dir, 'empty.wav');
  await writeFile(empty, '');
  media = await startMediaServer({
    cert: t.tls.cert,
    key: t.tls.key,
    files: {
      '/talks/speech.wav': audio.speechWav,
      '/files/Interview 会議 🎙.mp3': audio.mp3,
      '/notes.txt': audio.textFile,
      '/empty.wav': empty,
    },
    redirects: {
      '/s/abc': '/share/abc',
      '/share/abc': '/files/Interview 会議 🎙.mp3',
      '/loop': '/loop',
      '/elsewhere': 'https://example.com/audio.wav',
    },
  });
  const otherTls = await makeTestCertificate(join(t.dir, 'other-tls'));
  untrusted = await startMediaServer({ cert: otherTls.cert, key: otherTls.key, files: { '/talks/speech.wav': audio.speechWav } });
  const closed = await startMediaServer({ cert: t.tls.cert, key: t.tls.key, files: {} });
  refusedUrl = `${closed.url}/talks/speech.wav`;
  await closed.close();
});

afterAll(async () => {
  await Promise.all([media.close(), untrusted.close()]);
  await t.cleanup();
});

/** POSTs `{"url"}` and returns the answer with the double's record of that request. */
async function listenUrl(url: string, contentType = 'application/json'): Promise<{ res: HttpResult; record: RequestRecord | undefined }> {
  const before = t.double.requests.length;
  const res = await httpsRequest(`${t.double.url}/v1/listen?model=nova-3`, {
    method: 'POST',
    headers: { authorization: `Token ${t.key}`, 'content-type': contentType },
    body: JSON.stringify({ url }),
    ca: t.tls.ca,
  });
  expect(t.double.requests.length).toBe(before + 1);
  return { res, record: t.double.requests[before] };
}

describe('POST /v1/listen with {"url"} served by the HTTPS media server', () => {
  it('fetches the link, transcribes it and records the URL', async () => {
    const url = `${media.url}/talks/speech.wav`;
    const before = media.requests.length;
    const { res, record } = await listenUrl(url);
    expect(res.status, res.text).toBe(200);
    const body = JSON.parse(res.text) as ListenResponse;
    expect(body.metadata.sha256).toBe(await sha256(audio.speechWav));
    expect(body.metadata.duration).toBeGreaterThan(1);
    expect(record).toMatchObject({ status: 200, remoteUrl: url, bytes: JSON.stringify({ url }).length });
    expect(media.requests.slice(before)).toEqual([{ method: 'GET', path: '/talks/speech.wav', status: 200 }]);
  });

  it('follows redirects to a final file whose name differs from the link', async () => {
    const url = `${media.url}/s/abc`;
    const before = media.requests.length;
    const { res, record } = await listenUrl(url);
    expect(res.status, res.text).toBe(200);
    expect((JSON.parse(res.text) as ListenResponse).metadata.sha256).toBe(await sha256(audio.mp3));
    expect(record?.remoteUrl).toBe(url);
    expect(media.requests.slice(before).map((r) => [r.path, r.status])).toEqual([
      ['/s/abc', 302],
      ['/share/abc', 302],
      ['/files/Interview 会議 🎙.mp3', 200],
    ]);
  });

  it('answers 400 REMOTE_CONTENT_ERROR for a link it cannot fetch, naming the reason', async () => {
    const cases: [string, RegExp][] = [
      [`${media.url}/missing.wav`, /^The remote server hosting the media returned a client error: 404 Not Found\.$/],
      [refusedUrl, /^The remote server hosting the media could not be reached \(ECONNREFUSED\)\.$/],
      [`${untrusted.url}/talks/speech.wav`, /^The remote server hosting the media could not be reached \([A-Z_]*(CERT|SIGNATURE)[A-Z_]*\)\.$/],
      [`${media.url}/notes.txt`, /^The remote server hosting the media failed to return valid data\.$/],
      [`${media.url}/empty.wav`, /^The remote server hosting the media failed to return valid data\.$/],
      [`${media.url}/loop`, /redirected too many times/],
      [`${media.url}/elsewhere`, /only fetches from 127\.0\.0\.1\/localhost/],
    ];
    for (const [url, message] of cases) {
      const { res, record } = await listenUrl(url);
      expect(res.status, url).toBe(400);
      const body = json(res);
      expect(body, url).toEqual({ err_code: 'REMOTE_CONTENT_ERROR', err_msg: expect.stringMatching(message), request_id: res.headers['dg-request-id'] });
      expect(record, url).toMatchObject({ status: 400, remoteUrl: url });
    }
  });

  it('reads a {"url"} body sent without application/json as corrupt audio and never fetches it', async () => {
    const before = media.requests.length;
    for (const contentType of ['text/plain', 'application/octet-stream', 'audio/wav']) {
      const { res, record } = await listenUrl(`${media.url}/talks/speech.wav`, contentType);
      expect(json(res)).toEqual({
        err_code: 'Bad Request',
        err_msg: 'Bad Request: failed to process audio: corrupt or unsupported data',
        request_id: res.headers['dg-request-id'],
      });
      expect(res.status).toBe(400);
      expect(record?.remoteUrl).toBeUndefined();
    }
    // The answers came after the double would have fetched; the media server saw nothing.
    expect(media.requests.length).toBe(before);
  });
});
