import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channels, invokeContract } from '../../common/contract';
import type { Channel } from '../../common/contract';
import type { Handlers } from '../../main/ipc/handle';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { wireMain } from '../support/wired-router';

// Every channel, fed what a compromised or buggy page could send. The services are replaced by
// recorders: what is under test is the boundary, and no fuzzed value may reach a real service.
const runsPerChannel = 250;

async function fuzzedMain() {
  const calls: { channel: Channel; args: unknown[] }[] = [];
  const override = Object.fromEntries(
    channels.map((channel) => [
      channel,
      async (...args: unknown[]) => {
        calls.push({ channel, args });
        throw new Error('a fuzzed call reached a service');
      },
    ]),
  ) as unknown as Handlers;
  const wired = await wireMain({ secrets: new InMemorySecretStore(), override });
  return { ...wired, calls };
}

const hostile = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBigInt: true, withDate: true }),
  fc.constantFrom(
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
    JSON.parse('{"key": "x", "baseUrl": "https://api.deepgram.com", "__proto__": {"polluted": true}}') as unknown,
    { paths: ['/a.wav'], options: { model: 'nova-3', toString: 'x' }, __proto__: { polluted: true } },
    'x'.repeat(5_000_000),
    Array.from({ length: 100_000 }, () => '/a.wav'),
  ),
  fc.integer({ min: 100, max: 3000 }).map((depth) => {
    let nested: unknown = 'leaf';
    for (let i = 0; i < depth; i += 1) nested = { nested };
    return nested;
  }),
);

const malformedArgs = fc.oneof(
  fc.array(hostile, { minLength: 0, maxLength: 4 }),
  fc.tuple(fc.record({ paths: fc.array(fc.anything(), { maxLength: 3 }), options: hostile })),
  fc.tuple(fc.record({ key: hostile, baseUrl: hostile }, { requiredKeys: [] })),
  fc.tuple(fc.record({ id: fc.string({ maxLength: 200 }), jobId: fc.string({ maxLength: 200 }) }, { requiredKeys: [] })),
);

describe('every channel, fuzzed', () => {
  it('answers malformed arguments with INVALID_ARGUMENT, calls no service, and keeps running', async () => {
    const { router, calls } = await fuzzedMain();
    let refused = 0;
    for (const channel of channels) {
      const schema = invokeContract[channel].args;
      await fc.assert(
        fc.asyncProperty(malformedArgs, async (args) => {
          fc.pre(!schema.safeParse(args).success);
          const before = calls.length;
          const result = await router.call(channel, args as unknown[]);
          expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
          expect((result as { error: { message: string } }).error.message.length).toBeLessThanOrEqual(500);
          expect(calls.length).toBe(before);
          refused += 1;
        }),
        { numRuns: runsPerChannel, seed: 20261124 + channels.indexOf(channel) },
      );
    }
    // Arguments that are not an array at all (a raw transport message) are refused too.
    for (const raw of [null, undefined, 'keys.status', 42, { 0: 'x', length: 1 }]) {
      expect(await router.call('keys.status', raw as unknown as unknown[])).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(refused).toBeGreaterThan(channels.length * runsPerChannel * 0.5);
    console.log(`fuzz: ${refused} malformed calls over ${channels.length} channels refused`);

    // Still serving: a well-formed call reaches its handler.
    await router.call('jobs.list', []);
    expect(calls.map((c) => c.channel)).toEqual(['jobs.list']);
  }, 120_000);
});
