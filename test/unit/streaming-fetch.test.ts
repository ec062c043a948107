import { mkdtemp, open } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import { SdkDeepgramGateway } from '../../main/services/deepgram/deepgram-gateway';
import { testTlsFromEnv } from '../support/test-tls';

const MB = 1024 ** 2;
const fileSize = 256 * MB;
let file: string;
let url: string;
let server: ReturnType<typeof createServer>;
let received = 0;

beforeAll(async () => {
  const tls = testTlsFromEnv();
  if (!tls) throw new Error('No test certificate: run the suite with `npm test`.');
  file = join(await mkdtemp(join(tmpdir(), 'stream-')), 'big.wav');
  const handle = await open(file, 'w');
  await handle.truncate(fileSize);
  await handle.close();
  // Takes the whole upload as fast as it comes, then answers like Deepgram.
  server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'dg-request-id': 'r-1' });
      res.end(JSON.stringify({ metadata: { request_id: 'r-1', duration: 1 }, results: { channels: [{ alternatives: [{ transcript: '', words: [] }] }] } }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('file uploads', () => {
  it('hold only a bounded window of the file in memory, whatever its size', async () => {
    // Node's built-in fetch keeps every chunk of a streamed body until the response
    // (nodejs/undici#4058): 256 MB of buffers here. The upload must not.
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
    let sent = 0;
    const result = await new SdkDeepgramGateway().transcribeFile(
      { key: 'k'.repeat(40), baseUrl: url },
      {
        path: file,
        sizeBytes: fileSize,
        contentType: 'audio/wav',
        fileName: 'big.wav',
        options: defaultTranscribeOptions,
        signal: new AbortController().signal,
        onBytes: (n) => {
          sent = n;
          peak = Math.max(peak, process.memoryUsage().arrayBuffers);
        },
      },
    );
    clearInterval(sample);
    expect(result.requestId).toBe('r-1');
    expect(sent).toBe(fileSize);
    expect(received).toBe(fileSize);
    // Garbage not yet collected (the server here shares the process) stays well under half.
    expect(peak - before).toBeLessThan(fileSize / 2);
  });
});
