import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import { transcriptMediaPath } from '../../common/transcript-media';
import { checkMediaFile } from '../../main/services/files/media-file-check';
import { MediaSource } from '../../main/services/library/media-source';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { convert, speechWav } from '../support/audio';
import { inCi } from '../support/ci';
import { makeResponse, word } from '../support/export-helpers';
import { startMediaHost } from '../support/media-host';
import type { MediaHost } from '../support/media-host';
import { mediaSessionPath } from '../web-host/media-route';
import { tokenHeader } from '../web-host/protocol';

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const noChromium = !existsSync(executablePath) && !inCi();

interface Played {
  duration: number;
  afterSeek: number;
  ended: boolean;
}

/** In the page: trades the token for the media cookie, as the bridge does, then plays `src` and seeks near its end. */
async function playAndSeek(page: Page, host: MediaHost, src: string): Promise<Played> {
  return page.evaluate(
    async ({ token, header, sessionPath, src }) => {
      const session = await fetch(sessionPath, { method: 'POST', headers: { [header]: token } });
      if (session.status !== 204) throw new Error(`session refused: ${session.status}`);
      const audio = document.createElement('audio');
      document.body.append(audio);
      const once = (event: string): Promise<void> =>
        new Promise((resolve, reject) => {
          audio.addEventListener(event, () => resolve(), { once: true });
          audio.addEventListener('error', () => reject(new Error(`media error ${audio.error?.code ?? '?'}`)), { once: true });
        });
      const loaded = once('loadedmetadata');
      audio.src = src;
      await loaded;
      await audio.play();
      const seeked = once('seeked');
      audio.currentTime = audio.duration - 1.5;
      await seeked;
      const afterSeek = audio.currentTime;
      if (!audio.ended) await once('ended');
      return { duration: audio.duration, afterSeek, ended: audio.ended };
    },
    { token: host.token, header: tokenHeader, sessionPath: mediaSessionPath, src },
  );
}

describe.skipIf(noChromium)('a transcript’s media in Chromium through the web host', { meta: { skipReason: `no Chromium at ${executablePath}` } }, () => {
  let browser: Browser;
  let host: MediaHost;
  let dir: string;
  const ids: Record<'wav' | 'webm', string> = { wav: '', webm: '' };
  const sizes: Record<'wav' | 'webm', number> = { wav: 0, webm: 0 };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'media-playback-'));
    const speech = await speechWav(dir, 'Seeking works on long files.');
    // Twenty minutes (53 and 77 MB), so Chromium cannot take the file in one read and must ask for the end by Range.
    const wav = await convert(speech, join(dir, 'long.wav'), ['-af', 'apad=whole_dur=1200']);
    const webm = await convert(wav, join(dir, 'long.webm'), ['-c:a', 'libopus', '-ac', '2', '-b:a', '510k', '-vbr', 'off']);
    const store = new TranscriptStore(join(dir, 'data'));
    for (const [kind, path] of [['wav', wav], ['webm', webm]] as const) {
      const check = await checkMediaFile(path);
      if (!check.ok) throw new Error(check.reason);
      const { file } = check;
      const saved = await store.save({
        title: file.fileName,
        sizeBytes: file.sizeBytes,
        options: defaultTranscribeOptions,
        requestId: null,
        response: makeResponse([{ words: [word('seeking', 0, 0.5)] }], { duration: 1200 }),
        source: { fingerprint: file.fingerprint, media: { path, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs, contentType: file.contentType } },
      });
      ids[kind] = saved.id;
      sizes[kind] = (await stat(path)).size;
    }
    host = await startMediaHost(new MediaSource(store));
    browser = await chromium.launch({ executablePath, args: ['--autoplay-policy=no-user-gesture-required'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const kind of ['wav', 'webm'] as const) {
    it(`plays a ${kind.toUpperCase()} and seeks to its end through a 206 answer`, async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${host.origin}/#token=${host.token}`);
      const path = transcriptMediaPath(ids[kind]);
      const from = host.seen.length;
      const played = await playAndSeek(page, host, path);
      expect(played.duration).toBeGreaterThan(1199);
      expect(played.afterSeek).toBeGreaterThan(1198);
      expect(played.ended).toBe(true);
      const media = host.seen.slice(from).filter((r) => r.path === path && r.status !== 0);
      // Chromium asks for every byte of media by Range, and each answer was partial content.
      expect(media.length).toBeGreaterThan(0);
      expect(media.every((r) => r.range !== null && r.status === 206), JSON.stringify(media)).toBe(true);
      if (kind === 'wav') {
        // The seek was served from the file's tail, by Range, not by reading up to it. (Chromium reads
        // this WebM front to back on one request over loopback, so only the WAV shows a tail request.)
        const tail = media.filter((r) => Number(/^bytes=(\d+)-/.exec(r.range ?? '')?.[1] ?? 0) > sizes[kind] / 2);
        expect(tail.length, JSON.stringify(media)).toBeGreaterThan(0);
      }
      expect(problems, 'errors in the page (CSP included)').toEqual([]);
      await page.close();
    }, 60_000);
  }

  it('plays nothing for a page that never presented the token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${host.origin}/`);
    const path = transcriptMediaPath(ids.wav);
    const from = host.seen.length;
    const code = await page.evaluate(async (src) => {
      const audio = document.createElement('audio');
      const failed = new Promise<number>((resolve) => audio.addEventListener('error', () => resolve(audio.error?.code ?? 0), { once: true }));
      audio.src = src;
      return failed;
    }, path);
    expect(code).toBe(4);
    expect(host.seen.slice(from).filter((r) => r.path === path).map((r) => r.status)).toEqual([403]);
    await context.close();
  });
});
