import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import type { ListenParams } from './listen-params';
import { confidenceFor, mean, round, tokenize } from './speech';
import type { SpeechToken } from './speech';
import type { RequestRecord } from './types';
import type { DgWord } from './listen-response';

/** Answers a WebSocket upgrade with a plain HTTP error, as Deepgram does (reason in dg-error and the body). */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  requestId: string,
  reason: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = Buffer.from(reason, 'utf8');
  socket.write(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
      `dg-error: ${reason}`,
      `dg-request-id: ${requestId}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      'content-type: text/plain; charset=utf-8',
      `content-length: ${body.length}`,
      'connection: close',
      '',
      '',
    ].join('\r\n'),
  );
  socket.end(body);
}

export interface LiveSessionOptions {
  requestId: string;
  params: ListenParams;
  speech: string;
  idleTimeoutMs: number;
  record: RequestRecord;
  /** failNext reset: drop the TCP connection (no close frame) once this many audio bytes have arrived. */
  resetAfterBytes?: number | undefined;
  /** Called once when the socket has closed, with the audio seconds received and the channels transcribed. */
  onEnd?(seconds: number, channels: number): void;
}

/** Streaming words carry no speaker_confidence (contract §4.3). */
type StreamWord = Omit<DgWord, 'speaker_confidence'>;

const SEGMENT_SECONDS = 1;
const WORDS_PER_SEGMENT = 3;
/** Containerised/compressed streams carry no byte rate we can trust; count each frame as this much audio. */
const SECONDS_PER_UNSIZED_FRAME = 0.25;
const BYTES_PER_SAMPLE: Readonly<Record<string, number>> = { linear16: 2, linear32: 4, mulaw: 1, alaw: 1 };

/**
 * One /v1/listen stream: scripted words paced by the audio received, Finalize/CloseStream/KeepAlive
 * handling, and Deepgram's close codes (1008 DATA-0000, 1011 NET-0001, 1000 after CloseStream).
 */
export function runLiveSession(ws: WebSocket, opts: LiveSessionOptions): void {
  const { params } = opts;
  const created = new Date().toISOString();
  const tokens: SpeechToken[] = tokenize(opts.speech);
  const sentencesPerCycle = (tokens.at(-1)?.sentence ?? 0) + 1;
  const channelCount = params.multichannel ? (params.channels ?? 1) : 1;
  const bytesPerSample = params.encoding ? BYTES_PER_SAMPLE[params.encoding] : undefined;
  const bytesPerSecond =
    bytesPerSample && params.sampleRate ? bytesPerSample * params.sampleRate * (params.channels ?? 1) : undefined;
  const hash = createHash('sha256');

  let receivedSeconds = 0;
  let emittedUntil = 0;
  let cursor = 0;
  let wordIndex = 0;
  let hasAudio = false;
  let speechStarted = false;
  let closing = false;
  let idleTimer: NodeJS.Timeout | undefined;

  const send = (message: object): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  let ended = false;
  // Usage is booked before the close frame leaves, so a client that saw the close finds the request counted.
  const end = (): void => {
    if (ended) return;
    ended = true;
    opts.onEnd?.(round(receivedSeconds, 6), channelCount);
  };
  const close = (code: number, reason?: string): void => {
    closing = true;
    clearTimeout(idleTimer);
    end();
    ws.close(code, reason);
  };
  const armIdleTimer = (): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => close(1011, 'NET-0001'), opts.idleTimeoutMs);
  };

  const nextWords = (count: number): { tokens: SpeechToken[]; sentences: number[] } => {
    const taken: SpeechToken[] = [];
    const sentences: number[] = [];
    while (taken.length < count && tokens.length > 0) {
      const token = tokens[cursor % tokens.length];
      if (!token) break;
      sentences.push(Math.floor(cursor / tokens.length) * sentencesPerCycle + token.sentence);
      taken.push(token);
      cursor += 1;
      if (token.endsSentence) break;
    }
    return { tokens: taken, sentences };
  };

  const results = (channel: number, start: number, duration: number, words: StreamWord[], flags: { isFinal: boolean; speechFinal: boolean; fromFinalize: boolean }): object => ({
    type: 'Results',
    channel_index: [channel, channelCount],
    duration: round(duration, 6),
    start: round(start, 6),
    is_final: flags.isFinal,
    speech_final: flags.speechFinal,
    from_finalize: flags.fromFinalize,
    channel: {
      alternatives: [
        {
          transcript: words.map((w) => (params.punctuate ? (w.punctuated_word ?? w.word) : w.word)).join(' '),
          confidence: mean(words.map((w) => w.confidence)),
          words,
        },
      ],
    },
    metadata: {
      request_id: opts.requestId,
      model_uuid: params.model.uuid,
      model_info: { name: params.model.name, version: params.model.version, arch: params.model.arch },
    },
  });

  const emitSegment = (duration: number, fromFinalize: boolean): void => {
    const start = emittedUntil;
    const wanted = duration >= SEGMENT_SECONDS ? WORDS_PER_SEGMENT : Math.round((duration / SEGMENT_SECONDS) * WORDS_PER_SEGMENT);
    const picked = nextWords(wanted);
    const slot = picked.tokens.length > 0 ? duration / picked.tokens.length : 0;
    const words = picked.tokens.map((token, i): StreamWord => {
      const word: StreamWord = {
        word: token.word,
        start: round(start + i * slot),
        end: round(start + (i + 0.85) * slot),
        confidence: confidenceFor(wordIndex++),
      };
      if (params.punctuate) word.punctuated_word = token.punctuated;
      if (params.diarize) word.speaker = (picked.sentences[i] ?? 0) % 2;
      return word;
    });
    const speechFinal = picked.tokens.at(-1)?.endsSentence ?? false;

    if (params.vadEvents && !speechStarted && words.length > 0) {
      speechStarted = true;
      for (let c = 0; c < channelCount; c++) send({ type: 'SpeechStarted', channel: [c, channelCount], timestamp: round(start) });
    }
    for (let c = 0; c < channelCount; c++) {
      if (params.interimResults && !fromFinalize && words.length > 1) {
        const partial = words.slice(0, Math.ceil(words.length / 2));
        send(results(c, start, duration, partial, { isFinal: false, speechFinal: false, fromFinalize: false }));
      }
      send(results(c, start, duration, words, { isFinal: true, speechFinal, fromFinalize }));
      const lastWord = words.at(-1);
      if (speechFinal && lastWord && params.interimResults && params.utteranceEndMs !== undefined) {
        send({ type: 'UtteranceEnd', channel: [c, channelCount], last_word_end: lastWord.end });
      }
    }
    emittedUntil = round(start + duration, 6);
  };

  const onAudio = (data: Buffer): void => {
    if (data.length === 0) {
      close(1008, 'DATA-0000');
      return;
    }
    hasAudio = true;
    hash.update(data);
    opts.record.bytes += data.length;
    if (opts.resetAfterBytes !== undefined && opts.record.bytes >= opts.resetAfterBytes) {
      closing = true;
      clearTimeout(idleTimer);
      ws.terminate();
      return;
    }
    receivedSeconds += bytesPerSecond ? data.length / bytesPerSecond : SECONDS_PER_UNSIZED_FRAME;
    while (receivedSeconds - emittedUntil >= SEGMENT_SECONDS) emitSegment(SEGMENT_SECONDS, false);
  };

  const onControl = (text: string): void => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const type = typeof message === 'object' && message !== null ? (message as Record<string, unknown>)['type'] : undefined;
    if (type === 'Finalize') {
      emitSegment(Math.max(0, receivedSeconds - emittedUntil), true);
    } else if (type === 'CloseStream') {
      const remainder = receivedSeconds - emittedUntil;
      if (remainder > 0.001) emitSegment(remainder, false);
      send({
        type: 'Metadata',
        transaction_key: 'deprecated',
        request_id: opts.requestId,
        sha256: hash.digest('hex'),
        created,
        duration: round(receivedSeconds, 6),
        channels: hasAudio ? channelCount : 0,
      });
      close(1000);
    }
    // KeepAlive and unknown types get no reply.
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
    // Deepgram: a KeepAlive does not keep alive a stream that has never carried audio.
    if (isBinary || hasAudio) armIdleTimer();
    if (isBinary) onAudio(buffer);
    else onControl(buffer.toString('utf8'));
  });
  ws.on('close', () => {
    closing = true;
    clearTimeout(idleTimer);
    end();
  });
  ws.on('error', () => ws.terminate());
  armIdleTimer();
}

