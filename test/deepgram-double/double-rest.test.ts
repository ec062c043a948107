import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ListenResponse } from './listen-response';
import { httpsRequest, json, makeTestAudio, soxDuration, startTestDouble, UUID_RE } from './test-helpers';
import type { HttpResult, TestAudio, TestDouble } from './test-helpers';

let t: TestDouble;
let audio: TestAudio;
let speechDuration: number;
let speechSha: string;
let mediaServer: Server;
let mediaBase: string;

const SCRIPT = 'Good morning, team. Shall we begin? The budget is approved!';

beforeAll(async () => {
  t = await startTestDouble();
  audio = await makeTestAudio(t.dir);
  speechDuration = await soxDuration(audio.speechWav);
  speechSha = createHash('sha256').update(await readFile(audio.speechWav)).digest('hex');
  t.double.setSpeech(SCRIPT, speechSha);
  mediaServer = createServer((req, res) => {
    if (req.url === '/speech.wav') {
      res.writeHead(200, { 'content-type': 'audio/wav' });
      createReadStream(audio.speechWav).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => mediaServer.listen(0, '127.0.0.1', resolve));
  mediaBase = `http://127.0.0.1:${(mediaServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => mediaServer.close(resolve));
  await t.cleanup();
});

afterEach(() => t.double.clearFailures());

const auth = (): Record<string, string> => ({ authorization: `Token ${t.key}` });

function listen(query: string, body: string | Buffer | { file: string }, contentType: string, headers: Record<string, string> = auth()): Promise<HttpResult> {
  return httpsRequest(`${t.double.url}/v1/listen${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': contentType },
    body,
    ca: t.tls.ca,
  });
}

function projects(headers: Record<string, string> = auth()): Promise<HttpResult> {
  return httpsRequest(`${t.double.url}/v1/projects`, { headers, ca: t.tls.ca });
}

function transcriptOf(result: HttpResult): ListenResponse {
  expect(result.status, result.text).toBe(200);
  return JSON.parse(result.text) as ListenResponse;
}

function firstAlternative(body: ListenResponse): ListenResponse['results']['channels'][number]['alternatives'][number] {
  const alt = body.results.channels[0]?.alternatives[0];
  if (!alt) throw new Error('no alternative');
  return alt;
}

function expectDgError(result: HttpResult, status: number, errCode: string, errMsg: string): void {
  expect(result.status).toBe(status);
  const id = result.headers['dg-request-id'];
  expect(id).toMatch(UUID_RE);
  expect(json(result)).toEqual({ err_code: errCode, err_msg: errMsg, request_id: id });
}

const CORRUPT = 'Bad Request: failed to process audio: corrupt or unsupported data';

describe('TLS', () => {
  it('is only trusted through the test CA', async () => {
    await expect(httpsRequest(`${t.double.url}/v1/projects`, { headers: auth(), ca: rootCertificates.join('\n') })).rejects.toThrow(
      /certificate|issuer/i,
    );
    expect((await projects()).status).toBe(200);
  });
});

describe('auth', () => {
  it('accepts the Token scheme in any case and records it', async () => {
    for (const scheme of ['Token', 'token', 'TOKEN']) {
      const res = await projects({ authorization: `${scheme} ${t.key}` });
      expect(res.status).toBe(200);
      expect(res.headers['dg-request-id']).toMatch(UUID_RE);
      expect(t.double.requests.at(-1)?.authScheme).toBe(scheme);
    }
  });

  it('answers 401 INVALID_AUTH for a missing, unknown or Bearer-wrapped key', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Token not-a-key' }, { authorization: `Bearer ${t.key}` }, { authorization: t.key }];
    for (const headers of attempts) {
      expectDgError(await projects(headers), 401, 'INVALID_AUTH', 'Invalid credentials.');
    }
    expectDgError(await listen('', { file: audio.speechWav }, 'audio/wav', {}), 401, 'INVALID_AUTH', 'Invalid credentials.');
  });

  it('adds keys at runtime', async () => {
    t.double.addKey({ key: 'late-key-0000000000000000000000000000000' });
    expect((await projects({ authorization: 'Token late-key-0000000000000000000000000000000' })).status).toBe(200);
  });
});

describe('GET /v1/projects', () => {
  it("lists the key's project", async () => {
    t.double.addKey({ key: 'proj-key', projectId: '11111111-2222-4333-8444-555555555555', projectName: 'Acme' });
    const res = await projects({ authorization: 'Token proj-key' });
    expect(json(res)).toEqual({ projects: [{ project_id: '11111111-2222-4333-8444-555555555555', name: 'Acme' }] });
    const own = json(await projects()) as { projects: { project_id: string; name: string }[] };
    expect(own.projects).toHaveLength(1);
    expect(own.projects[0]?.project_id).toMatch(UUID_RE);
  });

  it('refuses a usage-only key with 401 INSUFFICIENT_PERMISSIONS', async () => {
    t.double.addKey({ key: 'usage-only', canListProjects: false });
    expectDgError(
      await projects({ authorization: 'Token usage-only' }),
      401,
      'INSUFFICIENT_PERMISSIONS',
      'User does not have sufficient permissions.',
    );
    // The same key still transcribes.
    expect((await listen('', { file: audio.speechWav }, 'audio/wav', { authorization: 'token usage-only' })).status).toBe(200);
  });
});

describe('POST /v1/listen with media', () => {
  it('decodes the WAV and spreads the scripted words over its real duration', async () => {
    const res = await listen('', { file: audio.speechWav }, 'audio/wav');
    const body = transcriptOf(res);
    const { metadata } = body;
    expect(metadata.request_id).toBe(res.headers['dg-request-id']);
    expect(metadata.transaction_key).toBe('deprecated');
    expect(metadata.sha256).toBe(speechSha);
    expect(metadata.duration).toBeCloseTo(speechDuration, 2);
    expect(metadata.channels).toBe(1);
    expect(metadata.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const modelId = metadata.models[0] ?? '';
    expect(modelId).toMatch(UUID_RE);
    expect(metadata.model_info[modelId]?.arch).toBe('base');

    const alt = firstAlternative(body);
    expect(alt.transcript).toBe('good morning team shall we begin the budget is approved');
    expect(alt.words.map((w) => w.word)).toEqual(alt.transcript.split(' '));
    expect(alt.confidence).toBeGreaterThan(0.8);
    let previousEnd = 0;
    for (const w of alt.words) {
      expect(w.start).toBeGreaterThanOrEqual(previousEnd);
      expect(w.end).toBeGreaterThan(w.start);
      expect(w.end).toBeLessThanOrEqual(metadata.duration);
      expect(Object.keys(w).sort()).toEqual(['confidence', 'end', 'start', 'word']);
      previousEnd = w.end;
    }
    expect(alt.words.at(-1)?.end ?? 0).toBeGreaterThan(speechDuration * 0.8);
    expect(alt.paragraphs).toBeUndefined();
    expect(body.results.utterances).toBeUndefined();
  });

  it('decodes a chunked MP3 upload sent as application/octet-stream and uses the default script', async () => {
    const body = transcriptOf(await listen('model=nova-2', { file: audio.mp3 }, 'application/octet-stream'));
    // MP3 encoders pad a few dozen milliseconds; sox cannot read MP3 here, so compare with the source WAV.
    expect(Math.abs(body.metadata.duration - speechDuration)).toBeLessThan(0.15);
    expect(firstAlternative(body).transcript).toMatch(/^welcome to the local deepgram double/);
    const record = t.double.requests.at(-1);
    expect(record?.bytes).toBe((await stat(audio.mp3)).size);
    expect(record?.contentType).toBe('application/octet-stream');
  });

  it('measures WebM recordings that carry no duration header', async () => {
    const body = transcriptOf(await listen('model=nova-3', { file: audio.liveWebm }, 'audio/webm'));
    expect(Math.abs(body.metadata.duration - speechDuration)).toBeLessThan(0.1);
    expect(firstAlternative(body).words.length).toBeGreaterThan(0);
  });

  it('smart_format on nova-3 adds punctuated words and paragraphs', async () => {
    const body = transcriptOf(await listen('model=nova-3&smart_format=true', { file: audio.speechWav }, 'audio/wav'));
    const modelId = body.metadata.models[0] ?? '';
    expect(body.metadata.model_info[modelId]).toMatchObject({ arch: 'nova-3' });
    const alt = firstAlternative(body);
    expect(alt.transcript).toBe(SCRIPT);
    expect(alt.words.map((w) => w.punctuated_word)).toEqual(SCRIPT.split(' '));
    expect(alt.words[0]).toMatchObject({ word: 'good', punctuated_word: 'Good' });
    expect(alt.paragraphs?.transcript).toBe(`\n${SCRIPT}`);
    const sentences = alt.paragraphs?.paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
    expect(sentences).toEqual(['Good morning, team.', 'Shall we begin?', 'The budget is approved!']);
    expect(alt.paragraphs?.paragraphs[0]?.num_words).toBe(10);
    expect(alt.words.some((w) => 'speaker' in w)).toBe(false);
  });

  it('smart_format on nova-2 punctuates without paragraphs; punctuate alone likewise', async () => {
    for (const query of ['model=nova-2&smart_format=true', 'model=nova-2&punctuate=true']) {
      const alt = firstAlternative(transcriptOf(await listen(query, { file: audio.speechWav }, 'audio/wav')));
      expect(alt.transcript).toBe(SCRIPT);
      expect(alt.paragraphs).toBeUndefined();
    }
  });

  it('diarize alternates two speakers by sentence; utterances follow', async () => {
    const body = transcriptOf(await listen('model=nova-2&diarize=true&utterances=true&punctuate=true', { file: audio.speechWav }, 'audio/wav'));
    const alt = firstAlternative(body);
    expect(new Set(alt.words.map((w) => w.speaker))).toEqual(new Set([0, 1]));
    expect(alt.words.every((w) => typeof w.speaker_confidence === 'number')).toBe(true);
    const utterances = body.results.utterances ?? [];
    expect(utterances.map((u) => [u.speaker, u.transcript])).toEqual([
      [0, 'Good morning, team.'],
      [1, 'Shall we begin?'],
      [0, 'The budget is approved!'],
    ]);
    for (const u of utterances) {
      expect(u.id).toMatch(UUID_RE);
      expect(u.channel).toBe(0);
      expect(u.start).toBe(u.words[0]?.start);
      expect(u.end).toBe(u.words.at(-1)?.end);
    }
  });

  it('diarize_model alone enables diarization; paragraphs carry speaker prefixes', async () => {
    const alt = firstAlternative(transcriptOf(await listen('model=nova-3&diarize_model=latest&paragraphs=true', { file: audio.speechWav }, 'audio/wav')));
    expect(alt.paragraphs?.transcript).toBe('\nSpeaker 0: Good morning, team.\n\nSpeaker 1: Shall we begin?\n\nSpeaker 0: The budget is approved!');
    expect(alt.paragraphs?.paragraphs.map((p) => p.speaker)).toEqual([0, 1, 0]);
    // paragraphs switches punctuation on.
    expect(alt.words[0]?.punctuated_word).toBe('Good');
  });

  it('multichannel returns one entry per decoded channel', async () => {
    const multi = transcriptOf(await listen('multichannel=true&utterances=true', { file: audio.stereoWav }, 'audio/wav'));
    expect(multi.metadata.channels).toBe(2);
    expect(multi.results.channels).toHaveLength(2);
    expect(new Set(multi.results.utterances?.map((u) => u.channel))).toEqual(new Set([0, 1]));
    const mixed = transcriptOf(await listen('', { file: audio.stereoWav }, 'audio/wav'));
    expect(mixed.results.channels).toHaveLength(1);
  });

  it('parses repeated query keys and echoes tags', async () => {
    const body = transcriptOf(await listen('model=nova-3&keyterm=budget&keyterm=team%20lead&tag=a&tag=b&extra=source:test', { file: audio.speechWav }, 'audio/wav'));
    expect(t.double.requests.at(-1)?.query).toEqual({ model: ['nova-3'], keyterm: ['budget', 'team lead'], tag: ['a', 'b'], extra: ['source:test'] });
    expect(body.metadata.tags).toEqual(['a', 'b']);
    expect(body.metadata.extra).toEqual({ source: 'test' });
  });

  it('treats non-media bodies as corrupt audio, including JSON sent without application/json', async () => {
    expectDgError(await listen('', { file: audio.textFile }, 'text/plain'), 400, 'Bad Request', CORRUPT);
    expectDgError(await listen('', { file: audio.jsonFile }, 'application/octet-stream'), 400, 'Bad Request', CORRUPT);
    expectDgError(await listen('model=nova-3', { file: audio.jsonFile }, 'audio/wav'), 400, 'Bad Request', CORRUPT);
    expectDgError(await listen('', '', 'audio/wav'), 400, 'Bad Request', CORRUPT);
  });

  it('rejects unknown models and malformed booleans', async () => {
    for (const model of ['nova-4', 'whisper-large', 'general-nova-3', 'NOVA-3']) {
      expectDgError(await listen(`model=${model}`, { file: audio.speechWav }, 'audio/wav'), 400, 'Bad Request', 'Bad Request: No such model/language/tier combination found.');
    }
    const bad = await listen('smart_format=yes', { file: audio.speechWav }, 'audio/wav');
    expect(bad.status).toBe(400);
    expect(json(bad)).toMatchObject({ err_code: 'INVALID_QUERY_PARAMETER' });
    for (const model of ['nova-3-general', 'nova-2-meeting', 'enhanced', 'base', 'phonecall']) {
      expect((await listen(`model=${model}`, { file: audio.speechWav }, 'audio/wav')).status).toBe(200);
    }
  });

  it('deletes spooled bodies once answered', async () => {
    const spool = (await readdir(t.dir)).find((name) => name.startsWith('dg-double-'));
    expect(spool).toBeDefined();
    expect(await readdir(`${t.dir}/${spool ?? ''}`)).toEqual([]);
  });
});

describe('POST /v1/listen with a JSON url body', () => {
  it('fetches local media and transcribes it', async () => {
    const body = transcriptOf(await listen('model=nova-3&smart_format=true', JSON.stringify({ url: `${mediaBase}/speech.wav` }), 'application/json'));
    expect(body.metadata.sha256).toBe(speechSha);
    expect(firstAlternative(body).transcript).toBe(SCRIPT);
  });

  it('reports unparsable JSON, a missing url, unreachable and non-local URLs', async () => {
    expectDgError(
      await listen('', '{"url": ', 'application/json; charset=utf-8'),
      400,
      'Bad Request',
      'Content-type was application/json, but we could not process the JSON payload.',
    );
    const missing = await listen('', '{"href":"x"}', 'application/json');
    expect(missing.status).toBe(400);
    expect(json(missing)).toMatchObject({ category: 'INVALID_JSON', message: 'Invalid JSON submitted.', request_id: missing.headers['dg-request-id'] });
    for (const url of [`${mediaBase}/missing.wav`, 'https://example.com/a.wav', 'ftp://127.0.0.1/a.wav']) {
      const res = await listen('', JSON.stringify({ url }), 'application/json');
      expect(res.status).toBe(400);
      expect(json(res)).toMatchObject({ err_code: 'REMOTE_CONTENT_ERROR' });
    }
  });
});

describe('failNext', () => {
  it('answers with the documented body for each status, once per call', async () => {
    const expected: Record<number, Record<string, string>> = {
      401: { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' },
      402: { err_code: 'ASR_PAYMENT_REQUIRED', err_msg: 'Project does not have enough credits for an ASR request and does not have an overage agreement.' },
      403: { err_code: 'INSUFFICIENT_PERMISSIONS', err_msg: 'Project does not have access to the requested model.' },
      429: { err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests. Please try again later' },
      503: { error_code: 'Service Unavailable', err_msg: 'Please try again later' },
    };
    for (const [status, body] of Object.entries(expected)) {
      t.double.failNext({ kind: 'status', status: Number(status) });
      const res = await listen('model=nova-3', { file: audio.speechWav }, 'audio/wav');
      expect(res.status).toBe(Number(status));
      expect(json(res)).toEqual({ ...body, request_id: res.headers['dg-request-id'] });
      expect(t.double.requests.at(-1)?.status).toBe(Number(status));
    }
    t.double.failNext({ kind: 'status', status: 400 });
    expect(json(await projects())).toMatchObject({ category: 'INVALID_JSON' });
    t.double.failNext({ kind: 'status', status: 500 });
    expect((await projects()).status).toBe(500);
    expect((await projects()).status).toBe(200);
  });

  it('honours path prefixes and repeat counts', async () => {
    t.double.failNext({ kind: 'status', status: 429, path: '/v1/listen' }, 2);
    expect((await projects()).status).toBe(200);
    expect((await listen('', { file: audio.speechWav }, 'audio/wav')).status).toBe(429);
    expect((await listen('', { file: audio.speechWav }, 'audio/wav')).status).toBe(429);
    expect((await listen('', { file: audio.speechWav }, 'audio/wav')).status).toBe(200);
    t.double.failNext({ kind: 'status', status: 402 });
    t.double.clearFailures();
    expect((await projects()).status).toBe(200);
  });

  it('slow delays the answer after the body was read', async () => {
    t.double.failNext({ kind: 'slow', delayMs: 400, path: '/v1/listen' });
    const started = Date.now();
    const res = await listen('', { file: audio.speechWav }, 'audio/wav');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(t.double.requests.at(-1)?.bytes).toBe((await stat(audio.speechWav)).size);
  });

  it('reset drops the connection mid-upload', async () => {
    const size = (await stat(audio.bigWav)).size;
    t.double.failNext({ kind: 'reset', afterBytes: 256 * 1024 });
    const error = await listen('', { file: audio.bigWav }, 'audio/wav').then(
      () => undefined,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(error?.code).toMatch(/^(ECONNRESET|EPIPE)$/);
    const record = t.double.requests.at(-1);
    expect(record?.status).toBe(0);
    expect(record?.bytes).toBeGreaterThanOrEqual(256 * 1024);
    expect(record?.bytes).toBeLessThan(size);
    expect((await listen('', { file: audio.bigWav }, 'audio/wav')).status).toBe(200);
  });
});
