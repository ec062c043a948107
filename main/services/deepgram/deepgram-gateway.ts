import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { DeepgramClient } from '@deepgram/sdk';
import type { TranscribeOptions } from '../../../common/domain';
import { AppError } from '../../../common/errors';
import { toDeepgramAppError } from './deepgram-errors';
import { toListenQuery } from './deepgram-query';
import { createStreamingFetch } from './streaming-fetch';

export interface DeepgramCredentials {
  key: string;
  baseUrl: string;
  /** Sent as `tag` with every transcription: the profile's tags, for usage by team. */
  tags?: readonly string[];
}

export interface DeepgramProject {
  projectId: string;
  name: string;
}

/** How long a transcription may wait: for the server to accept more bytes, and for its answer once all are sent. */
export interface TranscribeTimeouts {
  /** No byte accepted for this long while uploading ends the attempt. */
  idleMs: number;
  /** Longest wait for the answer after the last byte (Deepgram cancels processing after 10 to 20 minutes). */
  responseMs: number;
}

export const defaultTimeouts: TranscribeTimeouts = { idleMs: 60_000, responseMs: 25 * 60_000 };

export interface FileUpload {
  sizeBytes: number;
  contentType: string;
  /** A fresh stream of exactly `sizeBytes` bytes from the checked file. */
  openStream: () => Readable;
  options: TranscribeOptions;
  signal: AbortSignal;
  /** Called with the running total of bytes handed to the connection. */
  onBytes: (sent: number) => void;
  timeouts?: Partial<TranscribeTimeouts>;
}

export interface UrlTranscription {
  /** An `https://` link Deepgram fetches itself. */
  url: string;
  options: TranscribeOptions;
  signal: AbortSignal;
  timeouts?: Partial<TranscribeTimeouts>;
}

export interface TranscribeResult {
  response: unknown;
  requestId: string | null;
}

/** The slice of Deepgram the app uses, behind an interface so the queue can be tested alone. */
export interface DeepgramGateway {
  /** `GET /v1/projects`: proves the key works and names its project. */
  listProjects(credentials: DeepgramCredentials, signal?: AbortSignal): Promise<DeepgramProject[]>;
  /** `POST /v1/listen` with the file streamed from disk. */
  transcribeFile(credentials: DeepgramCredentials, upload: FileUpload): Promise<TranscribeResult>;
  /** `POST /v1/listen` with `{"url"}`: Deepgram downloads the media. */
  transcribeUrl(credentials: DeepgramCredentials, request: UrlTranscription): Promise<TranscribeResult>;
}

// The SDK's timeout covers the whole request, far too short for long uploads and processing;
// the idle and response watchdogs below end a stuck request instead.
const sdkTimeoutSeconds = 24 * 60 * 60;

/** Ends a request through its own abort signal when the upload stalls or the answer takes too long. */
class Watchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private reason: 'idle' | 'response' | undefined;
  readonly signal: AbortSignal;

  constructor(userSignal: AbortSignal, private readonly timeouts: TranscribeTimeouts) {
    this.signal = AbortSignal.any([userSignal, this.controller.signal]);
  }

  /** Restarts the idle clock: the server accepted more bytes. */
  uploading(): void {
    this.arm('idle', this.timeouts.idleMs);
  }

  /** Everything is sent: from now on only the answer is awaited. */
  waitingForAnswer(): void {
    this.arm('response', this.timeouts.responseMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** The timeout that fired, as an error a person can act on; undefined when none did. */
  failure(): AppError | undefined {
    if (this.reason === 'idle') {
      return new AppError('TIMEOUT', `The server stopped accepting the upload for ${Math.round(this.timeouts.idleMs / 1000)} s. Check your connection; the file will be sent again from the start.`);
    }
    if (this.reason === 'response') {
      return new AppError('TIMEOUT', `Deepgram did not answer within ${Math.round(this.timeouts.responseMs / 60_000)} minutes after the upload. Try again later, or split the file into shorter parts.`);
    }
    return undefined;
  }

  private arm(reason: 'idle' | 'response', ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.reason = reason;
      this.controller.abort();
    }, ms);
  }
}

export class SdkDeepgramGateway implements DeepgramGateway {
  private readonly fetch: typeof fetch;

  constructor(deps: { fetch?: typeof fetch } = {}) {
    this.fetch = createStreamingFetch(deps.fetch);
  }

  private client({ key, baseUrl }: DeepgramCredentials): DeepgramClient {
    return new DeepgramClient({ apiKey: key, baseUrl, fetch: this.fetch });
  }

  async listProjects(credentials: DeepgramCredentials, signal?: AbortSignal): Promise<DeepgramProject[]> {
    const host = new URL(credentials.baseUrl).host;
    try {
      const response = await this.client(credentials).manage.v1.projects.list({
        timeoutInSeconds: 30,
        maxRetries: 0,
        ...(signal ? { abortSignal: signal } : {}),
      });
      return (response.projects ?? []).map((p) => ({ projectId: p.project_id ?? '', name: p.name ?? '' }));
    } catch (error) {
      throw toDeepgramAppError(error, { aborted: signal?.aborted ?? false, host, secret: credentials.key });
    }
  }

  async transcribeFile(credentials: DeepgramCredentials, upload: FileUpload): Promise<TranscribeResult> {
    const host = new URL(credentials.baseUrl).host;
    const watchdog = new Watchdog(upload.signal, { ...defaultTimeouts, ...upload.timeouts });
    const source = upload.openStream();
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        upload.onBytes(sent);
        if (sent >= upload.sizeBytes) watchdog.waitingForAnswer();
        else watchdog.uploading();
        callback(null, chunk);
      },
    });
    let sourceError: unknown;
    source.on('error', (error) => {
      sourceError = error;
      counter.destroy(error);
    });
    const body = source.pipe(counter);
    const stop = (): void => {
      source.destroy();
      counter.destroy();
    };
    watchdog.signal.addEventListener('abort', stop, { once: true });
    watchdog.uploading();
    try {
      // maxRetries must stay 0: a retry would re-send the already consumed stream; the queue retries
      // with a fresh one. `filename: ''` keeps the SDK from sending Content-Disposition, whose
      // header value cannot carry names outside Latin-1.
      const { data, rawResponse } = await this.client(credentials)
        .listen.v1.media.transcribeFile(
          { data: body, contentLength: upload.sizeBytes, contentType: upload.contentType, filename: '' },
          toListenQuery(upload.options, { tags: credentials.tags ?? [] }),
          { timeoutInSeconds: sdkTimeoutSeconds, maxRetries: 0, abortSignal: watchdog.signal },
        )
        .withRawResponse();
      return { response: data, requestId: rawResponse.headers.get('dg-request-id') };
    } catch (error) {
      // A file that changed or could not be read is the file's problem, not the network's.
      if (sourceError instanceof AppError && !upload.signal.aborted) throw sourceError;
      throw watchdog.failure() ?? toDeepgramAppError(error, { aborted: upload.signal.aborted, host, secret: credentials.key });
    } finally {
      watchdog.stop();
      watchdog.signal.removeEventListener('abort', stop);
      stop();
    }
  }

  async transcribeUrl(credentials: DeepgramCredentials, request: UrlTranscription): Promise<TranscribeResult> {
    const host = new URL(credentials.baseUrl).host;
    const watchdog = new Watchdog(request.signal, { ...defaultTimeouts, ...request.timeouts });
    watchdog.waitingForAnswer();
    try {
      const { data, rawResponse } = await this.client(credentials)
        .listen.v1.media.transcribeUrl(
          { url: request.url, ...toListenQuery(request.options, { tags: credentials.tags ?? [] }) },
          { timeoutInSeconds: sdkTimeoutSeconds, maxRetries: 0, abortSignal: watchdog.signal },
        )
        .withRawResponse();
      return { response: data, requestId: rawResponse.headers.get('dg-request-id') };
    } catch (error) {
      throw watchdog.failure() ?? toDeepgramAppError(error, { aborted: request.signal.aborted, host, secret: credentials.key });
    } finally {
      watchdog.stop();
    }
  }
}
