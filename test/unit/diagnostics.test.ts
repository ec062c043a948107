import { describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { Job, TranscriptSummary } from '../../common/domain';
import { SecretRedactor } from '../../main/services/logging/logger';
import { diagnosticsText, recentRequestIds } from '../../main/services/shell/diagnostics';
import type { DiagnosticsFacts } from '../../main/services/shell/diagnostics';

const hexKey = '0123456789abcdef0123456789abcdef01234567';
// Not key-shaped, so only the redactor can know it is a secret.
const wordKey = 'opensesame-Zq7Yv2Lm-Wk4Rt8Pn';

const facts: DiagnosticsFacts = {
  appName: 'Deepgram Desk',
  appVersion: '0.1.0',
  versions: { electron: '45.4.1', chrome: '142.0.7444.52', node: '22.20.0' },
  os: 'Linux 6.1.0-18-amd64 (x64)',
  endpoint: 'https://api.eu.deepgram.com/',
  lastRequestIds: ['8b1c9a52-33c4-4b5e-9d6e-0f1a2b3c4d5e', '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b'],
};

/** Every piece of the key long enough to matter: a cut key leaks as surely as a whole one. */
function leaks(text: string, key: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= key.length; i += 1) if (text.includes(key.slice(i, i + 8))) found.push(key.slice(i, i + 8));
  return found;
}

/** The key planted in every input: inside, at the end of a long value (where a cap cuts), in the URL's user info and query. */
function planted(key: string): DiagnosticsFacts {
  // Values are capped at 100 characters: a key starting at 85 would be cut after 14 of its characters.
  const nearCap = (prefix: string): string => `${prefix}${'x'.repeat(85 - prefix.length)}${key}`;
  return {
    appName: nearCap('Deepgram Desk '),
    appVersion: `0.1.0+${key}`,
    versions: { electron: `45.4.1-${key}`, chrome: nearCap('142.'), node: `22 ${key}` },
    os: `Linux\n${key}\r\nfake line`,
    endpoint: `https://user:${key}@api.deepgram.com/v1/${key}/?token=${key}#${key}`,
    lastRequestIds: [key, `req-${key}`, `${'y'.repeat(50)}${key}`, 'ok-id'],
  };
}

describe('diagnosticsText', () => {
  it('reports versions, OS, endpoint and request ids', () => {
    const text = diagnosticsText(facts, new SecretRedactor());
    expect(text).toBe(
      [
        'Deepgram Desk 0.1.0',
        'Electron 45.4.1, Chromium 142.0.7444.52, Node 22.20.0',
        'OS: Linux 6.1.0-18-amd64 (x64)',
        'Endpoint: https://api.eu.deepgram.com',
        'Recent Deepgram request ids:',
        '  8b1c9a52-33c4-4b5e-9d6e-0f1a2b3c4d5e',
        '  1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b',
      ].join('\n'),
    );
  });

  it('the leak scan finds a planted key, whole or cut, so a pass below means something', () => {
    expect(leaks(`id ${hexKey}`, hexKey)).not.toEqual([]);
    expect(leaks(`…${hexKey.slice(0, 9)}…`, hexKey)).not.toEqual([]);
    // Real output can leak too: a key the redactor never learned, not shaped like a Deepgram key.
    expect(leaks(diagnosticsText(planted(wordKey), new SecretRedactor()), wordKey)).not.toEqual([]);
  });

  it('never carries a key the redactor knows, wherever it was planted', () => {
    for (const key of [hexKey, wordKey]) {
      const redactor = new SecretRedactor();
      redactor.add(key);
      const text = diagnosticsText(planted(key), redactor);
      expect(leaks(text, key), text).toEqual([]);
      expect(text).toContain('[redacted]');
    }
  });

  it('removes a key-shaped secret even before the redactor has learned it', () => {
    const text = diagnosticsText(planted(hexKey), new SecretRedactor());
    expect(leaks(text, hexKey), text).toEqual([]);
  });

  it('keeps only where requests go from the endpoint', () => {
    const text = diagnosticsText({ ...facts, endpoint: 'https://me:pw@dg.example.com:8443/base/?token=abc#frag' }, new SecretRedactor());
    expect(text).toContain('Endpoint: https://dg.example.com:8443/base\n');
    expect(text).not.toMatch(/me:|pw|token|abc|frag/);
    expect(diagnosticsText({ ...facts, endpoint: 'not a url' }, new SecretRedactor())).toContain('Endpoint: (not a valid URL)');
  });

  it('lets no value forge a line, and caps lengths and the number of ids', () => {
    const text = diagnosticsText(
      { ...facts, os: 'Linux\nEndpoint: https://evil.example', appName: 'A'.repeat(5000), lastRequestIds: Array.from({ length: 50 }, (_, i) => `id-${i}`) },
      new SecretRedactor(),
    );
    const lines = text.split('\n');
    expect(lines.filter((line) => line.startsWith('Endpoint:'))).toEqual(['Endpoint: https://api.eu.deepgram.com']);
    expect(lines.every((line) => line.length <= 220)).toBe(true);
    expect(lines.filter((line) => line.startsWith('  id-'))).toEqual(['  id-0', '  id-1', '  id-2', '  id-3', '  id-4']);
  });

  it('says what is unknown and when there are no request ids', () => {
    const text = diagnosticsText({ ...facts, versions: {}, lastRequestIds: [] }, new SecretRedactor());
    expect(text).toContain('Electron unknown, Chromium unknown, Node unknown');
    expect(text).toContain('Recent Deepgram request ids: none');
  });
});

describe('recentRequestIds', () => {
  const summary = (requestId: string | null, createdAt: string): TranscriptSummary => ({
    id: `t${createdAt}`,
    title: 'x.wav',
    createdAt,
    durationSec: 1,
    sizeBytes: 1,
    requestId,
    options: defaultTranscribeOptions,
    profileName: null,
  });
  const failedJob = (requestId: string | undefined, createdAt: string): Job => ({
    id: `j${createdAt}`,
    fileName: 'x.wav',
    sizeBytes: 1,
    bytesSent: 0,
    state: 'failed',
    createdAt,
    options: defaultTranscribeOptions,
    source: { kind: 'file' },
    durationSec: null,
    attempt: 1,
    error: { code: 'DEEPGRAM_ERROR', message: 'x', ...(requestId ? { requestId } : {}) },
  });

  it('merges transcripts and failures newest first, without gaps or repeats, up to the limit', () => {
    const transcripts = [summary('r3', '2026-01-03'), summary(null, '2026-01-02'), summary('r1', '2026-01-01')];
    const jobs = [failedJob('r2', '2026-01-02T12'), failedJob(undefined, '2026-01-04'), failedJob('r3', '2026-01-05')];
    expect(recentRequestIds(jobs, transcripts)).toEqual(['r3', 'r2', 'r1']);
    expect(recentRequestIds(jobs, transcripts, 2)).toEqual(['r3', 'r2']);
  });
});
