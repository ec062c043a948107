import { describe, expect, it } from 'vitest';
import { mapResults } from '../../main/services/live/live-results';
import type { LiveResults } from '../../main/services/live/live-messages';
import { parseLiveMessage } from '../../main/services/live/live-messages';
import { pacingWaitMs, reconnectDelayMs } from '../../main/services/live/live-pacing';
import { ReplayBuffer } from '../../main/services/live/replay-buffer';

function results(start: number, duration: number, words: [string, number, number, number?][], flags: { final?: boolean; speechFinal?: boolean; lane?: number } = {}): LiveResults {
  const message = parseLiveMessage(
    JSON.stringify({
      type: 'Results',
      channel_index: [flags.lane ?? 0, 1],
      start,
      duration,
      is_final: flags.final ?? true,
      speech_final: flags.speechFinal ?? false,
      channel: {
        alternatives: [
          {
            transcript: words.map((w) => w[0]).join(' '),
            words: words.map(([word, s, e, speaker]) => ({ word: word.toLowerCase(), punctuated_word: word, start: s, end: e, ...(speaker === undefined ? {} : { speaker }) })),
          },
        ],
      },
      metadata: { request_id: 'r' },
    }),
  );
  if (message?.type !== 'Results') throw new Error('not Results');
  return message;
}

describe('mapResults', () => {
  it('places a final on the recording time line by the connection offset', () => {
    const mapped = mapResults(results(0, 1, [['Hello', 0.1, 0.4], ['there.', 0.5, 0.9]], { speechFinal: true }), 12, 12, false);
    expect(mapped).toEqual({ lane: 0, end: 13, finals: [{ lane: 0, start: 12, end: 13, text: 'Hello there.' }], interim: null, lineEnd: true });
  });

  it('drops the words an earlier connection already finalised at the seam, and starts no earlier than it', () => {
    // The replay started 0.5 s before the last final's end (10.0).
    const mapped = mapResults(results(0, 1.5, [['late', 0.05, 0.3], ['seam', 0.3, 0.6], ['new', 0.8, 1.1], ['words.', 1.2, 1.4]]), 9.5, 10, false);
    expect(mapped?.finals).toEqual([{ lane: 0, start: 10, end: 11, text: 'new words.' }]);
  });

  it('ignores a span that lies wholly before the last final, and its line end', () => {
    expect(mapResults(results(0, 0.5, [['old', 0.1, 0.4]], { speechFinal: true }), 9.5, 10, false)).toMatchObject({ finals: [], lineEnd: false, interim: null });
  });

  it('maps interim text without committing it', () => {
    const mapped = mapResults(results(1, 1, [['maybe', 1.1, 1.5]], { final: false }), 0, 1, false);
    expect(mapped).toMatchObject({ finals: [], interim: { start: 1.1, text: 'maybe' }, lineEnd: false });
  });

  it('splits a diarized final where the speaker changes', () => {
    const mapped = mapResults(results(0, 2, [['Hi.', 0.1, 0.3, 0], ['Hello', 0.6, 0.9, 1], ['you.', 1, 1.3, 1]]), 0, 0, true);
    expect(mapped?.finals).toEqual([
      { lane: 0, start: 0, end: 0.3, text: 'Hi.', speaker: 0 },
      { lane: 0, start: 0.6, end: 2, text: 'Hello you.', speaker: 1 },
    ]);
  });

  it('reads the channel of Results as an object and of UtteranceEnd as an array', () => {
    expect(parseLiveMessage('{"type":"UtteranceEnd","channel":[1,2],"last_word_end":3.1}')).toEqual({ type: 'UtteranceEnd', channel: [1, 2], last_word_end: 3.1 });
    expect(parseLiveMessage('{"type":"Results","channel":[0,1]}')).toBeNull();
    expect(parseLiveMessage('{"type":"SpeechStarted","channel":[0,1],"timestamp":0}')).toBeNull();
    expect(parseLiveMessage('not json')).toBeNull();
  });
});

describe('ReplayBuffer', () => {
  const chunk = (n: number, fill: number): Buffer => Buffer.alloc(n, fill);

  it('addresses bytes by recording offset and drops whole chunks before a point', () => {
    const buffer = new ReplayBuffer(1000);
    buffer.append(chunk(100, 1));
    buffer.append(chunk(100, 2));
    buffer.append(chunk(100, 3));
    expect(buffer.from(150)?.length).toBe(50);
    expect(buffer.from(150)?.[0]).toBe(2);
    buffer.dropBefore(250);
    expect(buffer.startByte).toBe(200);
    expect(buffer.from(100)).toBeNull();
    expect(buffer.endByte).toBe(300);
  });

  it('keeps within its bound by dropping the oldest chunks, and says what went', () => {
    const buffer = new ReplayBuffer(250);
    expect(buffer.append(chunk(100, 1))).toBeNull();
    expect(buffer.append(chunk(100, 2))).toBeNull();
    expect(buffer.append(chunk(100, 3))).toEqual({ from: 0, to: 100 });
    for (let i = 0; i < 2000; i += 1) buffer.append(chunk(100, 4));
    expect(buffer.endByte - buffer.startByte).toBeLessThanOrEqual(250);
    expect(buffer.from(buffer.endByte - 1)?.length).toBe(1);
  });
});

describe('pacing and reconnect delays', () => {
  it('lets a frame go while the stream is within rate × real time, and says how long to wait otherwise', () => {
    expect(pacingWaitMs(0, 0, 1.2, 32_000)).toBe(0);
    expect(pacingWaitMs(3200, 0, 1.2, 32_000)).toBe(85);
    expect(pacingWaitMs(38_400, 1000, 1.2, 32_000)).toBe(0);
    expect(pacingWaitMs(38_401, 1000, 1.2, 32_000)).toBe(2);
    expect(pacingWaitMs(10 ** 9, 0, Number.POSITIVE_INFINITY, 32_000)).toBe(0);
  });

  it('backs off exponentially with jitter up to a ceiling, and never below Retry-After', () => {
    expect(reconnectDelayMs(0, 500, 30_000, 0)).toBe(250);
    expect(reconnectDelayMs(0, 500, 30_000, 1)).toBe(500);
    expect(reconnectDelayMs(3, 500, 30_000, 1)).toBe(4000);
    expect(reconnectDelayMs(40, 500, 30_000, 1)).toBe(30_000);
    expect(reconnectDelayMs(0, 500, 30_000, 0, 7000)).toBe(7000);
  });
});
