import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTone, repoRoot, startTestDouble, UUID_RE } from './test-helpers';
import type { TestDouble } from './test-helpers';

const execFileAsync = promisify(execFile);

const PROJECT = '4d6f8a0c-7777-4bbb-8ccc-0000000005d4';
const ADMIN = { key: 'sdkadmin000000000000000000000000000000000', apiKeyId: 'f0000000-0000-4000-8000-000000000001', projectId: PROJECT, projectName: 'SDK', role: 'admin' as const };
const DEFAULT_KEY = { key: 'sdkdefault0000000000000000000000000000000', projectId: PROJECT, role: 'default' as const };

let t: TestDouble;
let steps: Map<string, unknown>;

beforeAll(async () => {
  t = await startTestDouble(undefined, { keys: [ADMIN, DEFAULT_KEY], balances: [{ amount: 12.25, balance_id: 'f0000000-0000-4000-8000-0000000000ba' }] });
  const wav = await makeTone(join(t.dir, 'sdk.wav'), 1);
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test/deepgram-double/sdk-manage-client.ts'), t.double.url, ADMIN.key, DEFAULT_KEY.key, PROJECT, wav],
    { cwd: repoRoot, env: { ...process.env, NODE_EXTRA_CA_CERTS: t.tls.caFile }, timeout: 30_000 },
  );
  steps = new Map(
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { step: string; value: unknown })
      .map(({ step, value }) => [step, value]),
  );
}, 40_000);

afterAll(() => t.cleanup());

describe('the official @deepgram/sdk 5 manage and auth clients against the double', () => {
  it('reads projects and creates, lists and reads a key', () => {
    expect(steps.get('crash')).toBeUndefined();
    expect(steps.get('projects')).toEqual({ projects: [{ project_id: PROJECT, name: 'SDK' }] });
    expect(steps.get('project')).toEqual({ project_id: PROJECT, name: 'SDK', mip_opt_out: false });
    const created = steps.get('created') as { api_key_id: string; key: string };
    expect(created).toMatchObject({ api_key_id: expect.stringMatching(UUID_RE) as unknown, comment: 'created through the SDK', scopes: ['usage:write'], tags: ['sdk'] });
    const listed = (steps.get('list') as { api_keys: { api_key: { api_key_id: string } }[] }).api_keys.map((k) => k.api_key.api_key_id);
    expect(listed).toEqual(expect.arrayContaining([ADMIN.apiKeyId, created.api_key_id]));
    expect(steps.get('get')).toMatchObject({ api_key: { api_key_id: created.api_key_id, comment: 'created through the SDK' } });
  });

  it('transcribes with the created key, which the manage API refuses, until the SDK deletes it', () => {
    expect(steps.get('created-listen')).toEqual({ ok: true });
    expect(steps.get('created-manage')).toMatchObject({ statusCode: 401, body: { err_code: 'INSUFFICIENT_PERMISSIONS' } });
    expect(steps.get('delete')).toEqual({ message: 'Successfully deleted the API key.' });
    expect(steps.get('deleted-listen')).toMatchObject({ statusCode: 401, body: { err_code: 'INVALID_AUTH' } });
  });

  it('grants a token that transcribes over REST and WebSocket and is refused by the manage API', () => {
    expect(steps.get('grant')).toMatchObject({ expires_in: 120 });
    expect(steps.get('token-listen')).toEqual({ ok: true });
    expect(steps.get('token-live')).toBe(1000);
    expect(steps.get('token-manage')).toMatchObject({ statusCode: 401, body: { err_code: 'INVALID_AUTH' } });
    const bearer = t.double.requests.filter((r) => r.path === '/v1/listen' && r.authScheme === 'Bearer');
    expect(bearer.map((r) => [r.status, r.apiKeyId, r.tags])).toEqual([
      [200, ADMIN.apiKeyId, ['sdk-token']],
      [101, ADMIN.apiKeyId, ['sdk-live']],
    ]);
    expect(steps.get('forbidden')).toEqual({ statusCode: 403, body: { err_code: 'FORBIDDEN', err_msg: 'Insufficient permissions.' } });
  });

  it('reads balances, usage and the tag breakdown', () => {
    expect(steps.get('balances')).toEqual({ balances: [{ balance_id: 'f0000000-0000-4000-8000-0000000000ba', amount: 12.25, units: 'USD' }] });
    const usage = steps.get('usage') as { results: { requests: number }[] };
    expect(usage.results.reduce((n, r) => n + r.requests, 0)).toBe(3);
    const breakdown = steps.get('breakdown') as { results: { requests: number; grouping: { tags: string[] } }[] };
    expect(breakdown.results.map((r) => [r.grouping.tags, r.requests])).toEqual([
      [['sdk-key'], 1],
      [['sdk-token'], 1],
      [['sdk-live'], 1],
    ]);
  });
});
