import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import { SdkDeepgramGateway } from '../../main/services/deepgram/deepgram-gateway';
import { createStreamingFetch } from '../../main/services/deepgram/streaming-fetch';
import { checkMediaFile } from '../../main/services/files/media-file-check';
import { openUploadSource } from '../../main/services/files/upload-source';
import { pcmWavHeader } from '../support/audio';
import { testTlsFromEnv } from '../support/test-tls';

const MB = 1024 ** 2;
const fileSize = 256 * MB;
let file: string;
let url: string;
let server: ReturnType<typeof createServer>;

/** What the server saw of one upload, once its connection is over. */
interface Upload {
  received: number;
  /** The whole body arrived. */
  complete: boolean;
}

interface Arrival {
  /** Bytes of the body received so far. */
  received(): number;
  /** Settles once the server is done with the request: the body ended, or the client went away. */
  over: Promise<Upload>;
}

let onArrival: (req: IncomingMessage) => void = () => {};

/** The next request the server receives; `onData` runs on each chunk with the running total. */
function nextUpload(onData: (received: number) => void = () => {}): Promise<Arrival> {
  return new Promise((resolve) => {
    onArrival = (req) => {
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        onData(received);
      });
      const over = new Promise<Upload>((done) => req.once('close', () => done({ received, complete: req.complete })));
      resolve({ received: () => received, over });
    };
  });
}

/** Fails (never passes) when the server has not finished with the request in time. */
async function settledWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  const tls = testTlsFromEnv();
  if (!tls) throw new Error('No test certificate: run the suite with `npm test`.');
  file = join(await mkdtemp(join(tmpdir(), 'stream-')), 'big.wav');
  const handle = await open(file, 'w');
  await handle.truncate(fileSize);
  await handle.close();
  // Takes the whole upload as fast as it comes, then answers like Deepgram.
  server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    onArrival(req);
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
    const arrival = nextUpload();
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
    let sent = 0;
    const result = await new SdkDeepgramGateway().transcribeFile(
      { key: 'k'.repeat(40), baseUrl: url },
      {
        openStream: () => createReadStream(file),
        sizeBytes: fileSize,
        contentType: 'audio/wav',
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
    expect((await (await arrival).over).received).toBe(fileSize);
    // Garbage not yet collected (the server here shares the process) stays well under half.
    expect(peak - before).toBeLessThan(fileSize / 2);
  });

  it('a file read into reused buffers arrives byte for byte at a server that reads slowly', async () => {
    // Varied bytes, so a buffer read into again before the socket finished with it changes the hash.
    const data = Buffer.alloc(24 * MB);
    for (let i = 0; i + 4 <= data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    const path = join(await mkdtemp(join(tmpdir(), 'stream-varied-')), 'varied.wav');
    await writeFile(path, Buffer.concat([pcmWavHeader(data.length), data]));
    const check = await checkMediaFile(path);
    if (!check.ok) throw new Error(check.reason);
    const received = new Promise<string>((resolve) => {
      onArrival = (req) => {
        // Reading in bursts keeps the client's socket full, so its writes complete late.
        const hash = createHash('sha256');
        let sinceRest = 0;
        req.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          sinceRest += chunk.length;
          if (sinceRest >= MB) {
            sinceRest = 0;
            req.pause();
            setTimeout(() => req.resume(), 10);
          }
        });
        req.on('end', () => resolve(hash.digest('hex')));
      };
    });
    const source = await openUploadSource(check.file, 64 * 1024);
    const buffers = new Set<ArrayBufferLike>();
    let chunks = 0;
    const openStream = (): Readable => {
      const stream = source.createStream();
      stream.on('data', (chunk: Buffer) => {
        buffers.add(chunk.buffer);
        chunks += 1;
      });
      return stream;
    };
    try {
      const result = await new SdkDeepgramGateway().transcribeFile(
        { key: 'k'.repeat(40), baseUrl: url },
        { openStream, sizeBytes: source.sizeBytes, contentType: 'audio/wav', options: defaultTranscribeOptions, signal: new AbortController().signal, onBytes: () => {} },
      );
      expect(result.requestId).toBe('r-1');
    } finally {
      await source.close();
    }
    expect(await received).toBe(createHash('sha256').update(await readFile(path)).digest('hex'));
    // The socket gave the buffers back as it finished with them: a few carried all 385 chunks.
    expect(chunks).toBe(385);
    expect(buffers.size).toBeLessThan(chunks / 4);
  });

  it('abort mid-upload: the request rejects with an abort error, the connection closes and the file stream is released', async () => {
    const controller = new AbortController();
    const arrival = nextUpload((received) => {
      if (received >= MB) controller.abort();
    });
    const body = createReadStream(file);
    const request = createStreamingFetch()(`${url}/v1/listen`, {
      method: 'POST',
      headers: { 'content-type': 'audio/wav', 'content-length': String(fileSize) },
      body: body as unknown as BodyInit,
      signal: controller.signal,
    });
    await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    // An upload that ignored the abort would go on to the last byte and then be answered:
    // waiting for the server to be done with the request waits past that moment.
    const upload = await settledWithin((await arrival).over, 20_000, 'the server seeing the request end or close');
    expect(upload.complete).toBe(false);
    expect(upload.received).toBeLessThan(fileSize);
    expect(body.destroyed).toBe(true);
  });

  it('a job canceled mid-upload ends its connection to Deepgram', async () => {
    const controller = new AbortController();
    const arrival = nextUpload((received) => {
      if (received >= MB) controller.abort();
    });
    const transcribe = new SdkDeepgramGateway().transcribeFile(
      { key: 'k'.repeat(40), baseUrl: url },
      { openStream: () => createReadStream(file), sizeBytes: fileSize, contentType: 'audio/wav', options: defaultTranscribeOptions, signal: controller.signal, onBytes: () => {} },
    );
    await expect(settledWithin(transcribe, 20_000, 'the transcription ending')).rejects.toMatchObject({ code: 'CANCELED' });
    // The gateway stops reading the file on abort; a request left open would then hang until the
    // deadline, never reaching the server as closed.
    const upload = await settledWithin((await arrival).over, 20_000, 'the server seeing the connection close');
    expect(upload.complete).toBe(false);
    expect(upload.received).toBeLessThan(fileSize);
  });
});
