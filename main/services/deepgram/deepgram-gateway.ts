import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { DeepgramClient } from '@deepgram/sdk';
import type { TranscribeOptions } from '../../../common/domain';
import { toDeepgramAppError } from './deepgram-errors';
import { toListenQuery } from './deepgram-query';
import { createStreamingFetch } from './streaming-fetch';

export interface DeepgramCredentials {
  key: string;
  baseUrl: string;
}

export interface DeepgramProject {
  projectId: string;
  name: string;
}

export interface FileUpload {
  path: string;
  sizeBytes: number;
  contentType: string;
  fileName: string;
  options: TranscribeOptions;
  signal: AbortSignal;
  /** Called with the running total of bytes handed to the connection. */
  onBytes: (sent: number) => void;
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
}

// Uploads and processing of long files take far longer than the SDK's 60 s default, which
// covers the whole request; a stuck connection is still ended by `signal`.
const uploadTimeoutSeconds = 6 * 60 * 60;

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
    const source = createReadStream(upload.path, { highWaterMark: 256 * 1024 });
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        upload.onBytes(sent);
        callback(null, chunk);
      },
    });
    source.on('error', (error) => counter.destroy(error));
    const body = source.pipe(counter);
    const stop = (): void => {
      source.destroy();
      counter.destroy();
    };
    upload.signal.addEventListener('abort', stop, { once: true });
    try {
      // maxRetries must stay 0: a retry would re-send the already consumed stream.
      const { data, rawResponse } = await this.client(credentials)
        .listen.v1.media.transcribeFile(
          { data: body, contentLength: upload.sizeBytes, contentType: upload.contentType, filename: upload.fileName },
          toListenQuery(upload.options),
          { timeoutInSeconds: uploadTimeoutSeconds, maxRetries: 0, abortSignal: upload.signal },
        )
        .withRawResponse();
      return { response: data, requestId: rawResponse.headers.get('dg-request-id') };
    } catch (error) {
      throw toDeepgramAppError(error, { aborted: upload.signal.aborted, host, secret: credentials.key });
    } finally {
      upload.signal.removeEventListener('abort', stop);
      stop();
    }
  }
}
