import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startTestDouble } from './test-helpers';
import type { TestDouble } from './test-helpers';

const execFileAsync = promisify(execFile);

let t: TestDouble;
let steps: Map<string, unknown>;

beforeAll(async () => {
  t = await startTestDouble();
  const spoken = join(t.dir, 'spoken.wav');
  const wav = join(t.dir, 'speech16k.wav');
  const junk = join(t.dir, 'junk.txt');
  await execFileAsync('espeak-ng', ['-w', spoken, 'The official client talks to the double.']);
  await execFileAsync('sox', [spoken, '-r', '16000', '-b', '16', '-c', '1', wav]);
  await writeFile(junk, 'definitely not audio');
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test/deepgram-double/sdk-client.ts'), t.double.url, t.key, wav, junk],
    { cwd: repoRoot, env: { ...process.env, NODE_EXTRA_CA_CERTS: t.tls.caFile }, timeout: 20_000 },
  );
  steps = new Map(
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { step: string; value: unknown })
      .map(({ step, value }) => [step, value]),
  );
});

afterAll(() => t.cleanup());

describe('the official @deepgram/sdk 5 against the double', () => {
  it('lists projects and transcribes a streamed file', () => {
    expect(steps.get('crash')).toBeUndefined();
    expect(steps.get('projects')).toMatchObject({ projects: [{ name: 'Deepgram Double Project' }] });
    const file = steps.get('file') as { metadata: { duration: number }; results: { utterances: unknown[]; channels: { alternatives: { words: { speaker: number }[] }[] }[] } };
    expect(file.metadata.duration).toBeGreaterThan(1);
    expect(file.results.utterances.length).toBeGreaterThan(1);
    expect(new Set(file.results.channels[0]?.alternatives[0]?.words.map((w) => w.speaker))).toEqual(new Set([0, 1]));
    expect(t.double.requests.find((r) => r.path === '/v1/listen')?.authScheme).toBe('Token');
  });

  it('surfaces Deepgram error bodies through the SDK errors', () => {
    expect(steps.get('junk')).toMatchObject({ statusCode: 400, body: { err_msg: 'Bad Request: failed to process audio: corrupt or unsupported data' } });
    expect(steps.get('bad-key')).toMatchObject({ statusCode: 401, body: { err_code: 'INVALID_AUTH' } });
  });

  it('streams over the SDK socket until Metadata and a normal close', () => {
    const live = steps.get('live') as { code: number; messages: { type: string }[] };
    expect(live.code).toBe(1000);
    expect(live.messages.filter((m) => m.type === 'Results').length).toBeGreaterThan(0);
    expect(live.messages.at(-1)?.type).toBe('Metadata');
  });
});
