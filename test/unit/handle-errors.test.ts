import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../common/errors';
import { PreferencesStore } from '../../main/services/settings/preferences-store';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { wireMain } from '../support/wired-router';

// Never given to keys.set, so the redactor does not know it: only the boundary can keep it in.
const secret = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const privatePath = '/home/alice/Private/board-meeting.wav';

class DetailedError extends Error {
  readonly path = privatePath;
  override toString(): string {
    return `DetailedError at ${privatePath}`;
  }
}

/** Things a handler may throw that are not AppErrors, each carrying something the page must never see. */
const thrown: [string, () => unknown][] = [
  ['an Error with a key and a path', () => new Error(`request with Token ${secret} failed reading ${privatePath}`)],
  ['a TypeError', () => new TypeError(`Cannot read properties of undefined (reading '${secret}')`)],
  ['an Error whose cause holds the secret', () => new Error('outer failure', { cause: new Error(secret) })],
  ['a subclass with its own fields and toString', () => new DetailedError(`failed: ${privatePath}`)],
  ['a thrown string', () => `raw string with ${secret}`],
  ['an object shaped like an AppError value', () => ({ code: 'INVALID_KEY', message: `Key ${secret} was refused`, requestId: secret })],
  ['a huge message', () => new Error(`${privatePath} `.repeat(200_000))],
];

function leaks(result: Result<unknown>): string[] {
  const text = JSON.stringify(result);
  return [secret, privatePath, '/home/alice', 'board-meeting', 'ENOTDIR', 'EEXIST', 'DetailedError', 'TypeError', 'outer failure', 'raw string'].filter((fragment) =>
    text.includes(fragment),
  );
}

describe('handle(): unexpected errors reach the renderer only as the generic INTERNAL error', () => {
  it('keeps the text of every kind of thrown value in main', async () => {
    const results: Result<unknown>[] = [];
    for (const [, make] of thrown) {
      const { router } = await wireMain({
        secrets: new InMemorySecretStore(),
        override: {
          'transcripts.list': () => Promise.reject(make()),
        },
      });
      results.push(await router.call('transcripts.list', []));
    }
    for (const [index, [what]] of thrown.entries()) {
      const result = results[index]!;
      expect(result, what).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(leaks(result), what).toEqual([]);
      // Nothing of the thrown value shapes the answer: every one gets the very same error value.
      expect(result, what).toEqual(results[0]);
    }
    expect(Object.keys((results[0] as { error: object }).error)).toEqual(['code', 'message']);
  });

  it('keeps an OS error from a real service (a path in its message) in main', async () => {
    const blocker = join(await mkdtemp(join(tmpdir(), 'handle-errors-')), 'board-meeting');
    await writeFile(blocker, 'a file where a folder should be');
    const store = new PreferencesStore(join(blocker, 'data'));
    const { router, lines } = await wireMain({
      secrets: new InMemorySecretStore(),
      override: { 'prefs.set': (change) => store.set(change) },
    });
    const result = await router.call('prefs.set', [{ theme: 'dark' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(leaks(result)).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(blocker);
    // The log, which stays on this computer, keeps what is needed to find the cause.
    expect(lines.join('\n')).toContain('prefs.set');
  });
});
