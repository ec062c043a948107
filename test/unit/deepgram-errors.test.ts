import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deepgramStatusError, parseErrorBody, parseRetryAfter } from '../../main/services/deepgram/deepgram-errors';
import { requireShared, sharedFolder, skipsWithoutShared } from '../support/shared-dir';

const fixtures = sharedFolder('deepgram-fixtures');

describe('Deepgram error bodies', () => {
  it('reads the legacy, modern, odd 503 and plain-text shapes', () => {
    expect(parseErrorBody({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: 'r1' })).toEqual({ code: 'INVALID_AUTH', message: 'Invalid credentials.', requestId: 'r1' });
    expect(parseErrorBody({ category: 'INVALID_JSON', message: 'Invalid JSON submitted.', details: 'Json deserialize error', request_id: 'r2' })).toEqual({ code: 'INVALID_JSON', message: 'Invalid JSON submitted. Json deserialize error', requestId: 'r2' });
    expect(parseErrorBody({ error_code: 'Service Unavailable', err_msg: 'Please try again later' })).toEqual({ code: 'Service Unavailable', message: 'Please try again later' });
    expect(parseErrorBody('UUID parsing failed: invalid character')).toEqual({ message: 'UUID parsing failed: invalid character' });
    expect(parseErrorBody('{"err_code":"X","err_msg":"from text"}')).toEqual({ code: 'X', message: 'from text' });
    expect(parseErrorBody(undefined)).toEqual({});
  });

  it('turns statuses into actionable messages and keeps the request id', () => {
    const cases: [number, unknown, string, RegExp][] = [
      [401, { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: 'a' }, 'INVALID_KEY', /rejected this key/],
      [401, { err_code: 'INSUFFICIENT_PERMISSIONS', err_msg: 'User does not have sufficient permissions.', request_id: 'a' }, 'KEY_PERMISSIONS', /role/],
      [402, { err_code: 'ASR_PAYMENT_REQUIRED', err_msg: 'no credits', request_id: 'a' }, 'PAYMENT_REQUIRED', /credit/],
      [403, { err_code: 'INSUFFICIENT_PERMISSIONS', err_msg: 'Project does not have access to the requested model.', request_id: 'a' }, 'MODEL_ACCESS', /model/],
      [429, { err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests.', request_id: 'a' }, 'RATE_LIMITED', /try again/],
      [400, { err_code: 'Bad Request', err_msg: 'Bad Request: failed to process audio: corrupt or unsupported data', request_id: 'a' }, 'BAD_AUDIO', /could not decode/],
      [503, { error_code: 'Service Unavailable', err_msg: 'Please try again later', request_id: 'a' }, 'DEEPGRAM_UNAVAILABLE', /unavailable/],
    ];
    for (const [status, body, code, message] of cases) {
      const error = deepgramStatusError(status, body);
      expect(error.code, String(status)).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.requestId).toBe('a');
      expect(error.status).toBe(status);
    }
    expect(deepgramStatusError(500, 'oops', new Headers({ 'dg-request-id': 'from-header' })).requestId).toBe('from-header');
  });

  it('says a 504 will recur and suggests splitting, instead of “try later”', () => {
    const error = deepgramStatusError(504, 'Gateway Timeout');
    expect(error.code).toBe('PROCESSING_TIMEOUT');
    expect(error.message).toMatch(/split/);
    expect(error.message).not.toMatch(/try again in/i);
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores what it cannot read', () => {
    expect(deepgramStatusError(429, {}, new Headers({ 'retry-after': '7' })).retryAfterMs).toBe(7000);
    expect(deepgramStatusError(429, {}, new Headers()).retryAfterMs).toBeUndefined();
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });

  describe.skipIf(skipsWithoutShared(fixtures))('against the recorded error fixtures', { meta: { skipReason: `no Deepgram fixtures: ${fixtures.reason}` } }, () => {
    beforeAll(() => requireShared(fixtures));
    it('gives every recorded error body a code and a message', () => {
      const files = readdirSync(fixtures.path).filter((f) => f.startsWith('error_'));
      expect(files.length).toBeGreaterThan(5);
      for (const file of files) {
        const status = Number(/^error_(\d{3})/.exec(file)![1]);
        const body = JSON.parse(readFileSync(join(fixtures.path, file), 'utf8')) as unknown;
        const error = deepgramStatusError(status, body);
        expect(error.message.length, file).toBeGreaterThan(20);
        expect(error.code, file).not.toBe('INTERNAL');
        const id = (body as { request_id?: string }).request_id;
        if (id) expect(error.requestId, file).toBe(id);
      }
    });
  });
});
