import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// `npm start` is run for real, with Electron's own installer pointed at a mirror on 127.0.0.1.
// The mirror never serves a valid archive, so nothing is ever extracted into node_modules.
const root = resolve(import.meta.dirname, '../..');
const electronDir = join(root, 'node_modules/electron');
const version = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
const archivePath = `/v${version}/electron-v${version}-${process.platform}-${process.arch}.zip`;
const electronFilesBefore = readdirSync(electronDir).sort();

interface Mirror {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP mirror under a path prefix, answering every request with `answer`. */
async function startMirror(answer: (res: ServerResponse) => void): Promise<Mirror> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    answer(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mirror/`,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

let scratch: string;
let cache: string;
let temp: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'start-script-'));
});

afterEach(async () => {
  // Never leave anything that would make a later test (or `npm start`) think Electron is installed.
  const added = readdirSync(electronDir).filter((name) => !electronFilesBefore.includes(name));
  await Promise.all(added.map((name) => rm(join(electronDir, name), { recursive: true, force: true })));
  expect(added, 'files the installer left in node_modules/electron').toEqual([]);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Runs `npm start` with only the given Electron download settings; resolves when it exits. */
async function npmStart(settings: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  cache = await mkdtemp(join(scratch, 'cache-'));
  temp = await mkdtemp(join(scratch, 'tmp-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const electronSetting = /^(npm_config_electron_|npm_package_config_electron_|electron_|npm_config_(arch|platform)$)/i.test(name);
    const proxy = /^(https?_proxy|no_proxy)$/i.test(name);
    if (!electronSetting && !proxy && name !== 'DEBUG') env[name] = value;
  }
  Object.assign(env, { electron_config_cache: cache, TMPDIR: temp, TMP: temp, TEMP: temp, npm_config_update_notifier: 'false' }, settings);
  // Where Electron is installed (a CI runner that downloaded it), point the script at an empty
  // dist folder, as the electron package allows, so the download is still what runs.
  if (existsSync(join(electronDir, 'path.txt'))) env.ELECTRON_OVERRIDE_DIST_PATH ??= await mkdtemp(join(scratch, 'no-dist-'));
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, lines: output.trim().split(/\r?\n/) };
}

describe('npm start without an Electron binary', () => {
  it("asks the mirror for this machine's archive and, on a 404, says so in one line", async () => {
    const mirror = await startMirror((res) => res.writeHead(404).end());
    try {
      const { code, lines } = await npmStart({ ELECTRON_MIRROR: mirror.url });
      expect(mirror.requests).toEqual([`/mirror${archivePath}`]);
      expect(code).not.toBe(0);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`answered 404 Not Found for ${mirror.url}${archivePath.slice(1)}`);
      expect(lines[0]).toContain('npm run dev:web');
    } finally {
      await mirror.close();
    }
  });

  it('names an unreachable mirror in one line', async () => {
    const mirror = await startMirror(() => undefined);
    await mirror.close();
    const { code, lines } = await npmStart({ ELECTRON_MIRROR: mirror.url });
    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${new URL(mirror.url).host} refused the connection`);
    expect(lines[0]).toContain('npm run dev:web');
  });

  it("refuses an archive that does not match Electron's checksum, and installs or caches nothing", async () => {
    const mirror = await startMirror((res) => res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.alloc(4096, 7)));
    try {
      const { code, lines } = await npmStart({ ELECTRON_MIRROR: mirror.url });
      expect(mirror.requests).toEqual([`/mirror${archivePath}`]);
      expect(code).not.toBe(0);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("does not match Electron's published checksum");
      expect(readdirSync(electronDir).sort()).toEqual(electronFilesBefore);
      expect(await readdir(cache, { recursive: true })).toEqual([]);
      // @electron/get downloads into an electron-download-* folder of the temp dir; it must be gone.
      expect((await readdir(temp)).filter((name) => name.startsWith('electron-download-'))).toEqual([]);
    } finally {
      await mirror.close();
    }
  });

  it('takes ELECTRON_PATH as given and, when it is missing, downloads nothing', async () => {
    const mirror = await startMirror((res) => res.writeHead(404).end());
    try {
      const missing = join(scratch, 'no-such-electron');
      const { code, lines } = await npmStart({ ELECTRON_MIRROR: mirror.url, ELECTRON_PATH: missing });
      expect(code).not.toBe(0);
      expect(lines).toEqual([expect.stringContaining(`ELECTRON_PATH is set to ${missing}, which does not exist`)]);
      expect(mirror.requests).toEqual([]);
    } finally {
      await mirror.close();
    }
  });
});
