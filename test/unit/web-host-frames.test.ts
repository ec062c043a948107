import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { socketPath } from '../web-host/protocol';
import { startWebHost } from '../web-host/web-host';
import type { WebHost } from '../web-host/web-host';
import { InMemorySecretStore } from '../support/in-memory-secret-store';

let host: WebHost;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'web-host-frames-'));
  const page = resolve(import.meta.dirname, '../fixtures/web-host-page');
  host = await startWebHost({ dataDir, secrets: new InMemorySecretStore(), rendererDir: page, bridgeFile: join(page, 'index.html') });
});
afterAll(() => host.close());

function open(): Promise<WebSocket> {
  return new Promise((done, fail) => {
    const socket = new WebSocket(`${host.origin.replace('http', 'ws')}${socketPath}?token=${host.token}`, { headers: { origin: host.origin } });
    socket.on('open', () => done(socket));
    socket.on('error', fail);
  });
}

/** Sends one frame; resolves with the reply, or with the close code if the host hung up. */
function exchange(socket: WebSocket, frame: string | Buffer, binary = false): Promise<{ reply?: unknown; closed?: number }> {
  return new Promise((done) => {
    socket.once('message', (data) => done({ reply: JSON.parse(String(data)) as unknown }));
    socket.once('close', (code) => done({ closed: code }));
    socket.send(frame, { binary });
  });
}

describe('web host transport', () => {
  it('survives any frame: a malformed one closes only that connection', async () => {
    const frames: [string | Buffer, boolean][] = [
      ['null', false],
      ['42', false],
      ['"invoke"', false],
      ['[]', false],
      ['{}', false],
      ['not json', false],
      ['{"type":"invoke","id":1,"channel":"keys.status"}', false],
      ['{"type":"invoke","id":"1","channel":"keys.status","args":[]}', false],
      ['{"type":"invoke","id":1,"channel":{"toString":1},"args":[]}', false],
      ['{"type":"event","id":1,"channel":"keys.status","args":[]}', false],
      [Buffer.from([0xff, 0x00, 0x13]), true],
      [Buffer.from('{"type":"invoke","id":1,"channel":"keys.status","args":[]}'), true],
      ['x'.repeat(9 * 1024 * 1024), false],
    ];
    for (const [frame, binary] of frames) {
      const socket = await open();
      const outcome = await exchange(socket, frame, binary);
      expect(outcome.closed, String(frame).slice(0, 60)).toBeDefined();
    }
    // The host is still up and still answers a well-formed request.
    const socket = await open();
    const answer = await exchange(socket, JSON.stringify({ type: 'invoke', id: 7, channel: 'keys.status', args: [] }));
    expect(answer.reply).toMatchObject({ type: 'result', id: 7, result: { ok: true, value: { activeProfileId: null, profiles: [] } } });
    const unknown = await exchange(socket, JSON.stringify({ type: 'invoke', id: 8, channel: '__proto__', args: [] }));
    expect(unknown.reply).toMatchObject({ type: 'result', id: 8, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    socket.close();
  });
});
