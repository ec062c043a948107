import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareShapes, jsonShape } from './json-shape';
import { requireShared, sharedFolder, skipsWithoutShared } from '../support/shared-dir';
import { connectLive, httpsRequest, makeTestAudio, startTestDouble } from './test-helpers';
import type { HttpResult, TestAudio, TestDouble } from './test-helpers';

const ALT = 'results.channels[].alternatives[]';
const WORD = `${ALT}.words[]`;
const BASE_REQUIRED = [
  'metadata.request_id',
  'metadata.sha256',
  'metadata.duration',
  'metadata.channels',
  'metadata.models',
  'metadata.model_info.<uuid>.name',
  'metadata.model_info.<uuid>.version',
  'metadata.model_info.<uuid>.arch',
  `${ALT}.transcript`,
  `${ALT}.confidence`,
  `${WORD}.word`,
  `${WORD}.start`,
  `${WORD}.end`,
  `${WORD}.confidence`,
];
const PARAGRAPHS_REQUIRED = [
  `${ALT}.paragraphs.transcript`,
  `${ALT}.paragraphs.paragraphs[].sentences[].text`,
  `${ALT}.paragraphs.paragraphs[].sentences[].start`,
  `${ALT}.paragraphs.paragraphs[].sentences[].end`,
  `${ALT}.paragraphs.paragraphs[].num_words`,
  `${ALT}.paragraphs.paragraphs[].start`,
  `${ALT}.paragraphs.paragraphs[].end`,
];
const UTTERANCES_REQUIRED = ['start', 'end', 'confidence', 'channel', 'transcript', 'speaker', 'id', 'words[].word', 'words[].speaker'].map(
  (p) => `results.utterances[].${p}`,
);

const fixtures = sharedFolder('deepgram-fixtures');

async function fixture(name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(fixtures.path, name), 'utf8')) as unknown;
}

let t: TestDouble;
let audio: TestAudio;
let mediaServer: Server;
let mediaUrl: string;

// Under CI a missing ../shared is not skipped: the suite runs and fails with the reason.
describe.skipIf(skipsWithoutShared(fixtures))('conformance of response shapes with recorded Deepgram fixtures', { meta: { skipReason: `no Deepgram fixtures: ${fixtures.reason}` } }, () => {
  beforeAll(async () => {
    requireShared(fixtures);
    t = await startTestDouble();
    audio = await makeTestAudio(t.dir);
    mediaServer = createServer((_req, res) => createReadStream(audio.speechWav).pipe(res));
    await new Promise<void>((resolve) => mediaServer.listen(0, '127.0.0.1', resolve));
    mediaUrl = `http://127.0.0.1:${(mediaServer.address() as AddressInfo).port}/speech.wav`;
  });

  afterAll(async () => {
    if (mediaServer) await new Promise((resolve) => mediaServer.close(resolve));
    if (t) await t.cleanup();
  });

  const listen = (query: string, body: string | { file: string }, contentType: string, authorization = `Token ${t.key}`): Promise<HttpResult> =>
    httpsRequest(`${t.double.url}/v1/listen?${query}`, { method: 'POST', headers: { authorization, 'content-type': contentType }, body, ca: t.tls.ca });

  async function expectConforms(result: HttpResult, fixtureName: string, required: readonly string[]): Promise<void> {
    const reference = await fixture(fixtureName);
    const referencePaths = jsonShape(reference);
    // The required list must name paths the recording really has, or the check proves nothing.
    expect(required.filter((p) => !referencePaths.has(p)), `${fixtureName} lacks required paths`).toEqual([]);
    const comparison = compareShapes(JSON.parse(result.text) as unknown, reference, required);
    expect(comparison, fixtureName).toEqual({ unexpected: [], missing: [] });
  }

  it('nova-3 smart_format from a URL matches prerecorded_nova3_smart_format_url.json', async () => {
    const res = await listen('model=nova-3&smart_format=true', JSON.stringify({ url: mediaUrl }), 'application/json');
    expect(res.status).toBe(200);
    await expectConforms(res, 'prerecorded_nova3_smart_format_url.json', [...BASE_REQUIRED, `${WORD}.punctuated_word`, ...PARAGRAPHS_REQUIRED]);
  });

  it('base without options matches prerecorded_base_no_formatting_2023.json', async () => {
    const res = await listen('', { file: audio.speechWav }, 'audio/wav');
    expect(res.status).toBe(200);
    await expectConforms(res, 'prerecorded_base_no_formatting_2023.json', BASE_REQUIRED);
  });

  it('nova-2 diarize+utterances+paragraphs matches prerecorded_nova2_diarize_utterances_paragraphs.json', async () => {
    const res = await listen('model=nova-2&diarize=true&utterances=true&paragraphs=true&smart_format=true', { file: audio.speechWav }, 'audio/wav');
    expect(res.status).toBe(200);
    await expectConforms(res, 'prerecorded_nova2_diarize_utterances_paragraphs.json', [
      ...BASE_REQUIRED,
      `${WORD}.punctuated_word`,
      `${WORD}.speaker`,
      `${WORD}.speaker_confidence`,
      ...PARAGRAPHS_REQUIRED,
      `${ALT}.paragraphs.paragraphs[].speaker`,
      ...UTTERANCES_REQUIRED,
    ]);
  });

  it('error bodies match the documented error fixtures', async () => {
    const cases: [string, () => Promise<HttpResult>][] = [
      ['error_401_invalid_auth.json', () => listen('', { file: audio.speechWav }, 'audio/wav', 'Token wrong')],
      ['error_400_corrupt_or_unsupported_audio.json', () => listen('', { file: audio.textFile }, 'text/plain')],
    ];
    for (const status of [400, 402, 403, 404, 422, 429]) {
      const name = {
        400: 'error_400_invalid_json_modern.json',
        402: 'error_402_asr_payment_required.json',
        403: 'error_403_model_access.json',
        404: 'error_404_project_not_found.json',
        422: 'error_422_asr_unprocessable_entity.json',
        429: 'error_429_too_many_requests.json',
      }[status];
      if (!name) throw new Error(`no fixture for ${status}`);
      cases.push([
        name,
        () => {
          t.double.failNext({ kind: 'status', status });
          return listen('', { file: audio.speechWav }, 'audio/wav');
        },
      ]);
    }
    for (const [name, send] of cases) {
      const res = await send();
      const reference = await fixture(name);
      // Error bodies are flat: the double's keys must be exactly the documented ones.
      const required = [...jsonShape(reference).keys()].filter((p) => p !== '');
      await expectConforms(res, name, required);
      expect(res.status).toBe(Number(/^error_(\d{3})/.exec(name)?.[1]));
    }
  });

  it('streaming Results, UtteranceEnd and Metadata match the stream_v1 fixtures', async () => {
    const url = `${t.double.url.replace(/^https/, 'wss')}/v1/listen?model=nova-2&punctuate=true&smart_format=true&interim_results=true&utterance_end_ms=1000&encoding=mulaw&sample_rate=8000`;
    const client = await connectLive(url, { ca: t.tls.ca, headers: { Authorization: `Token ${t.key}` } });
    for (let i = 0; i < 40; i++) client.ws.send(Buffer.alloc(800, 0xff));
    client.ws.send(JSON.stringify({ type: 'CloseStream' }));
    expect((await client.closed).code).toBe(1000);

    const finals = client.messages.filter((m) => m['type'] === 'Results' && m['is_final'] === true);
    expect(finals.length).toBeGreaterThan(0);
    const resultsFixture = await fixture('stream_v1_results_final_nova2.json');
    const resultsRequired = [...jsonShape(resultsFixture).keys()].filter((p) => p !== '');
    for (const message of finals) expect(compareShapes(message, resultsFixture, resultsRequired)).toEqual({ unexpected: [], missing: [] });

    const utteranceEnd = client.messages.find((m) => m['type'] === 'UtteranceEnd');
    const utteranceFixture = await fixture('stream_v1_utterance_end.json');
    expect(compareShapes(utteranceEnd, utteranceFixture, [...jsonShape(utteranceFixture).keys()])).toEqual({ unexpected: [], missing: [] });

    const metadata = client.messages.at(-1);
    const metadataFixture = await fixture('stream_v1_metadata_after_closestream.json');
    expect(compareShapes(metadata, metadataFixture, [...jsonShape(metadataFixture).keys()])).toEqual({ unexpected: [], missing: [] });
  });
});
