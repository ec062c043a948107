import { createHash } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { bytesPerSecond, isContainerInRawStream, MAGIC_BYTES, SECONDS_PER_UNSIZED_FRAME } from './live-audio';
import { LivePacer } from './live-pacer';
import { LiveScript, SEGMENT_SECONDS } from './live-script';
import type { Segment } from './live-script';
import type { ListenParams } from './listen-params';
import { round } from './speech';
import type { RequestRecord } from './types';

/** The reason Deepgram sends with its 1011 idle close (the docs name it only by its code, NET-0001). */
export const IDLE_CLOSE_REASON =
  'Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001';

export interface LiveSessionOptions {
  requestId: string;
  params: ListenParams;
  speech: string;
  idleTimeoutMs: number;
  /** Audio seconds of results released per wall-clock second, counted from the first audio frame. */
  pace: number;
  record: RequestRecord;
  /** failNext reset: drop the TCP connection (no close frame) once this many audio bytes have arrived. */
  resetAfterBytes?: number | undefined;
  /** Called once when the socket has closed, with the audio seconds received and the channels transcribed. */
  onEnd?(seconds: number, channels: number): void;
}

const NO_FLAGS = { isFinal: false, speechFinal: false, fromFinalize: false } as const;

/**
 * One /v1/listen stream: scripted words timed by the audio received and released no faster than the pace allows
 * (interim, final, speech_final, UtteranceEnd, SpeechStarted), Finalize, CloseStream (or its deprecated form, an
 * empty binary frame) answered with Metadata and 1000, KeepAlive without reply, 1011 after the idle timeout, and
 * 1008 DATA-0000 for a container sent as bare samples.
 */
export function runLiveSession(ws: WebSocket, opts: LiveSessionOptions): void {
  const { params, record } = opts;
  const created = new Date().toISOString();
  const channelCount = params.multichannel ? (params.channels ?? 1) : 1;
  const script = new LiveScript(opts.speech, params, opts.requestId, channelCount);
  const pacer = new LivePacer(opts.pace);
  const byteRate = bytesPerSecond(params);
  const hash = createHash('sha256');
  record.fasterThanRealtime = 0;

  let receivedSeconds = 0;
  // Counted in whole units, so that ten 100 ms frames make exactly one second (a float sum of 0.1 falls short).
  let receivedBytes = 0;
  let unsizedFrames = 0;
  /** Audio time where the last final segment ended: the open segment starts here. */
  let emittedUntil = 0;
  /** Start of the segment whose interim is already queued. */
  let interimFor: number | undefined;
  let head = Buffer.alloc(0);
  let headChecked = false;
  let hasAudio = false;
  let speechStarted = false;
  let closing = false;
  let ended = false;
  let idleTimer: NodeJS.Timeout | undefined;

  const send = (message: object): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const sendAt = (audioSeconds: number, message: object): void => pacer.at(audioSeconds, () => send(message));
  // Usage is booked before the close frame leaves, so a client that saw the close finds the request counted.
  const end = (): void => {
    if (ended) return;
    ended = true;
    opts.onEnd?.(round(receivedSeconds, 6), channelCount);
  };
  const close = (code: number, reason?: string): void => {
    closing = true;
    clearTimeout(idleTimer);
    pacer.clear();
    end();
    ws.close(code, reason);
  };
  // The idle clock runs from when the double has consumed the audio received, as a server reading at its own
  // pace would see a fast client's frames arrive over time.
  const armIdleTimer = (): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => close(1011, IDLE_CLOSE_REASON), pacer.delayUntil(receivedSeconds) + opts.idleTimeoutMs);
  };

  const noteSpeechStart = (segment: Segment): void => {
    if (!params.vadEvents || speechStarted || segment.words.length === 0) return;
    speechStarted = true;
    for (let c = 0; c < channelCount; c++) {
      sendAt(segment.start, { type: 'SpeechStarted', channel: [c, channelCount], timestamp: round(segment.start) });
    }
  };

  /** An interim for the first half of the segment: the words heard by then, released at its midpoint. */
  const queueInterim = (segment: Segment): void => {
    interimFor = segment.start;
    const mid = segment.start + segment.duration / 2;
    const heard = segment.words.filter((w) => w.end <= mid);
    if (heard.length === 0) return;
    noteSpeechStart(segment);
    for (let c = 0; c < channelCount; c++) sendAt(mid, script.results(c, segment.start, segment.duration / 2, heard, NO_FLAGS));
  };

  const emitSegment = (duration: number, fromFinalize: boolean): void => {
    const segment = script.segment(emittedUntil, duration, true);
    if (params.interimResults && !fromFinalize && interimFor !== segment.start) queueInterim(segment);
    noteSpeechStart(segment);
    const segmentEnd = segment.start + duration;
    const lastWord = segment.words.at(-1);
    for (let c = 0; c < channelCount; c++) {
      sendAt(segmentEnd, script.results(c, segment.start, duration, segment.words, { isFinal: true, speechFinal: segment.speechFinal, fromFinalize }));
      if (segment.speechFinal && lastWord && params.interimResults && params.utteranceEndMs !== undefined) {
        sendAt(segmentEnd, { type: 'UtteranceEnd', channel: [c, channelCount], last_word_end: lastWord.end });
      }
    }
    emittedUntil = round(segmentEnd, 6);
  };

  const closeStream = (): void => {
    closing = true;
    clearTimeout(idleTimer);
    const remainder = receivedSeconds - emittedUntil;
    if (remainder > 0.001) emitSegment(remainder, false);
    const metadata = {
      type: 'Metadata',
      transaction_key: 'deprecated',
      request_id: opts.requestId,
      sha256: hash.digest('hex'),
      created,
      duration: round(receivedSeconds, 6),
      channels: hasAudio ? channelCount : 0,
    };
    pacer.at(receivedSeconds, () => {
      send(metadata);
      close(1000);
    });
  };

  const onAudio = (data: Buffer): void => {
    // A zero-length frame is the deprecated form of CloseStream.
    if (data.length === 0) return closeStream();
    hasAudio = true;
    hash.update(data);
    record.bytes += data.length;
    if (opts.resetAfterBytes !== undefined && record.bytes >= opts.resetAfterBytes) {
      closing = true;
      clearTimeout(idleTimer);
      pacer.clear();
      ws.terminate();
      return;
    }
    if (!headChecked) {
      head = Buffer.concat([head, data]).subarray(0, MAGIC_BYTES);
      headChecked = head.length >= MAGIC_BYTES;
      if (headChecked && isContainerInRawStream(params, head)) return close(1008, 'DATA-0000');
    }
    receivedBytes += data.length;
    unsizedFrames += 1;
    receivedSeconds = byteRate ? receivedBytes / byteRate : unsizedFrames * SECONDS_PER_UNSIZED_FRAME;
    record.fasterThanRealtime = round(pacer.noteAudio(receivedSeconds), 3);
    while (receivedSeconds - emittedUntil >= SEGMENT_SECONDS) emitSegment(SEGMENT_SECONDS, false);
    if (params.interimResults && receivedSeconds - emittedUntil >= SEGMENT_SECONDS / 2 && interimFor !== emittedUntil) {
      queueInterim(script.segment(emittedUntil, SEGMENT_SECONDS, false));
    }
  };

  const onControl = (text: string): void => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const type = typeof message === 'object' && message !== null ? (message as Record<string, unknown>)['type'] : undefined;
    if (type === 'Finalize') emitSegment(Math.max(0, receivedSeconds - emittedUntil), true);
    else if (type === 'CloseStream') closeStream();
    // KeepAlive and unknown types get no reply.
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
    if (isBinary) onAudio(buffer);
    else onControl(buffer.toString('utf8'));
    // Deepgram: a KeepAlive does not keep alive a stream that has never carried audio.
    if (!closing && (isBinary || hasAudio)) armIdleTimer();
  });
  ws.on('close', () => {
    closing = true;
    clearTimeout(idleTimer);
    pacer.clear();
    end();
  });
  ws.on('error', () => ws.terminate());
  armIdleTimer();
}
