// Run by sdk-manage.test.ts in a child process (NODE_EXTRA_CA_CERTS is read at process start): the official SDK's
// manage and auth clients against the double. Prints one JSON line per step.
import { readFileSync } from 'node:fs';
import { DeepgramClient } from '@deepgram/sdk';

const [baseUrl = '', adminKey = '', defaultKey = '', projectId = '', wav = ''] = process.argv.slice(2);

function report(step: string, value: unknown): void {
  process.stdout.write(`${JSON.stringify({ step, value })}\n`);
}

function failure(error: unknown): { statusCode: unknown; body: unknown } {
  const e = error as { statusCode?: unknown; body?: unknown; message?: string };
  return { statusCode: e.statusCode, body: e.body ?? e.message ?? String(error) };
}

const noRetry = { maxRetries: 0 };
const audio = readFileSync(wav);

async function transcribe(client: DeepgramClient, tag: string): Promise<unknown> {
  return client.listen.v1.media.transcribeFile(audio, { model: 'nova-3', tag }, noRetry).then(
    (r) => ({ ok: 'metadata' in r }),
    failure,
  );
}

async function streamWith(accessToken: string): Promise<number> {
  const socket = await new DeepgramClient({ accessToken, baseUrl }).listen.v1.connect({
    model: 'nova-3',
    encoding: 'linear16',
    sample_rate: 16000,
    tag: 'sdk-live',
    reconnectAttempts: 0,
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (event: { code: number }) => resolve(event.code)));
  socket.connect();
  // A refused upgrade closes without ever opening: report its close code instead of waiting for an open.
  if ((await Promise.race([socket.waitForOpen().then(() => 'open' as const), closed])) !== 'open') return closed;
  socket.sendMedia(audio.subarray(44));
  socket.sendCloseStream({ type: 'CloseStream' });
  return closed;
}

async function main(): Promise<void> {
  const admin = new DeepgramClient({ apiKey: adminKey, baseUrl });
  const projects = admin.manage.v1.projects;
  report('projects', await projects.list(noRetry));
  report('project', await projects.get(projectId, {}, noRetry));

  const created = await projects.keys.create(
    projectId,
    { comment: 'created through the SDK', scopes: ['usage:write'], tags: ['sdk'], time_to_live_in_seconds: 600 },
    noRetry,
  );
  report('created', created);
  const keyId = created.api_key_id ?? '';
  report('list', await projects.keys.list(projectId, {}, noRetry));
  report('get', await projects.keys.get(projectId, keyId, noRetry));

  const appClient = new DeepgramClient({ apiKey: created.key ?? '', baseUrl });
  report('created-listen', await transcribe(appClient, 'sdk-key'));
  report('created-manage', await appClient.manage.v1.projects.list(noRetry).then(() => null, failure));

  const grant = await admin.auth.v1.tokens.grant({ ttl_seconds: 120 }, noRetry);
  report('grant', grant);
  const tokenClient = new DeepgramClient({ accessToken: grant.access_token, baseUrl });
  report('token-listen', await transcribe(tokenClient, 'sdk-token'));
  report('token-live', await streamWith(grant.access_token));
  report('token-manage', await tokenClient.manage.v1.projects.list(noRetry).then(() => null, failure));

  report('balances', await projects.billing.balances.list(projectId, noRetry));
  report('usage', await projects.usage.get(projectId, {}, noRetry));
  report('breakdown', await projects.usage.breakdown.get(projectId, { grouping: 'tags' }, noRetry));

  report('delete', await projects.keys.delete(projectId, keyId, noRetry));
  report('deleted-listen', await transcribe(appClient, 'sdk-key'));
  report('forbidden', await new DeepgramClient({ apiKey: defaultKey, baseUrl }).auth.v1.tokens.grant({}, noRetry).then(() => null, failure));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    report('crash', failure(error));
    process.exit(1);
  },
);
