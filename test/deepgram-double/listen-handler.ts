import type { IncomingMessage } from 'node:http';
import { corruptAudio, invalidJson, invalidQueryParameter, noSuchModel, remoteContentError, unprocessableJson } from './errors';
import type { DgError } from './errors';
import { readSmallBody } from './json-body';
import { buildListenResponse } from './listen-response';
import type { ListenResponse } from './listen-response';
import { parseListenParams } from './listen-params';
import type { Query } from './listen-params';
import { probeMedia, spoolToFile } from './media-probe';
import type { SpooledBody } from './media-probe';
import { fetchRemoteMedia, REMOTE_INVALID_DATA } from './remote-media';

export interface ListenContext {
  requestId: string;
  query: Query;
  spoolDir: string;
  fetchCa: string | undefined;
  speechFor(sha256: string): string;
  /** Called once the body has been read; resolves when the response may be sent (failNext slow). */
  beforeRespond(): Promise<void>;
  onBodyBytes(bytes: number): void;
  /** Called with the `url` of a JSON body before it is fetched. */
  onRemoteUrl(url: string): void;
  /** Abandons a remote download (the double closing). */
  signal: AbortSignal;
  /** Called before a 200 with what was transcribed, for the usage API. */
  onServed?(served: ServedAudio): void;
}

export interface ServedAudio {
  seconds: number;
  /** Channels transcribed: each decoded channel with multichannel, else one. */
  channels: number;
  model: string;
}

export type ListenOutcome = { status: 200; body: ListenResponse } | DgError;

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

type MediaSource = { ok: true; body: SpooledBody; remote: boolean } | { ok: false; error: DgError };

async function mediaFromJson(req: IncomingMessage, ctx: ListenContext): Promise<MediaSource> {
  const raw = await readSmallBody(req, ctx.onBodyBytes);
  let payload: unknown;
  try {
    if (!raw) throw new Error('too large');
    payload = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, error: unprocessableJson(ctx.requestId) };
  }
  const url = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)['url'] : undefined;
  if (typeof url !== 'string') {
    const detail = url === undefined ? 'missing field `url`' : 'invalid type for field `url`, expected a string';
    return { ok: false, error: invalidJson(ctx.requestId, `Json deserialize error: ${detail} at line 1 column ${raw?.length ?? 0}`) };
  }
  ctx.onRemoteUrl(url);
  const fetched = await fetchRemoteMedia(url, ctx.spoolDir, ctx.fetchCa, ctx.signal);
  return fetched.ok ? { ...fetched, remote: true } : { ok: false, error: remoteContentError(ctx.requestId, fetched.message) };
}

/** POST /v1/listen. Anything not labelled application/json is treated as media, as Deepgram does. */
export async function handleListen(req: IncomingMessage, ctx: ListenContext): Promise<ListenOutcome> {
  const parsed = parseListenParams(ctx.query);
  if (!parsed.ok) {
    return parsed.problem === 'model' ? noSuchModel(ctx.requestId) : invalidQueryParameter(ctx.requestId, parsed.detail);
  }
  const { params } = parsed;

  let source: MediaSource;
  if (mediaType(req.headers['content-type']) === 'application/json') {
    source = await mediaFromJson(req, ctx);
  } else {
    source = { ok: true, body: await spoolToFile(req, ctx.spoolDir, ctx.onBodyBytes), remote: false };
  }
  if (!source.ok) {
    await ctx.beforeRespond();
    return source.error;
  }

  const { body, remote } = source;
  try {
    const media = await probeMedia(body.file, { encoding: params.encoding, sampleRate: params.sampleRate, channels: params.channels });
    await ctx.beforeRespond();
    // A fetched URL that is not media is the fetcher's failure, not an upload of corrupt audio.
    if (!media) return remote ? remoteContentError(ctx.requestId, REMOTE_INVALID_DATA) : corruptAudio(ctx.requestId);
    ctx.onServed?.({ seconds: media.duration, channels: params.multichannel ? media.channels : 1, model: params.model.name });
    return {
      status: 200,
      body: buildListenResponse({
        requestId: ctx.requestId,
        sha256: body.sha256,
        duration: media.duration,
        decodedChannels: media.channels,
        model: params.model,
        features: params,
        speech: ctx.speechFor(body.sha256),
        tags: params.tags,
        extra: params.extra,
      }),
    };
  } finally {
    await body.remove();
  }
}
