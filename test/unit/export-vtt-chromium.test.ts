import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultExportOptions, renderTextExport } from '../../common/transcript/export-formats';
import { speakerKey } from '../../common/transcript/export-input';
import { inCi } from '../support/ci';
import { deepgramFixtures, makeResponse, parseVtt, twoChannelFromDiarized, vttLineText, word } from '../support/export-helpers';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const noChromium = !existsSync(executablePath) && !inCi();
const golden = resolve(import.meta.dirname, '../fixtures/export-golden/diarized.vtt');

interface BrowserCue {
  start: number;
  end: number;
  /** The voice span's name, as the browser read it. */
  voice: string | null;
  /** What the browser would show. */
  shown: string;
}

/** Chromium's own WebVTT parser, through a <track> element: an independent reading of the file. */
async function browserCues(browser: Browser, vtt: string): Promise<BrowserCue[]> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (text) => {
      const video = document.createElement('video');
      const track = document.createElement('track');
      track.kind = 'subtitles';
      track.src = URL.createObjectURL(new Blob([text], { type: 'text/vtt' }));
      video.append(track);
      document.body.append(video);
      track.track.mode = 'hidden';
      await new Promise((done, fail) => {
        track.addEventListener('load', done);
        track.addEventListener('error', () => fail(new Error('Chromium refused the WebVTT file')));
      });
      return Array.from(track.track.cues ?? [], (cue) => {
        const html = (cue as VTTCue).getCueAsHTML();
        const span = html.firstChild instanceof HTMLSpanElement ? html.firstChild : null;
        return { start: cue.startTime, end: cue.endTime, voice: span?.title ?? null, shown: html.textContent };
      });
    }, vtt);
  } finally {
    await page.close();
  }
}

/** Our own strict reading, in the browser's terms. */
function ourCues(vtt: string): BrowserCue[] {
  return parseVtt(vtt).map((c) => ({
    start: c.startMs / 1000,
    end: c.endMs / 1000,
    voice: /^<v ([^>]+)>/.exec(c.lines[0] ?? '')?.[1]?.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&') ?? null,
    shown: c.lines.map(vttLineText).join('\n'),
  }));
}

describe.skipIf(noChromium)('WebVTT read by Chromium', { meta: { skipReason: `no Chromium at ${executablePath}` } }, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath });
  });
  afterAll(async () => {
    await browser.close();
  });

  it('reads every cue of the golden file with its times, speaker and words', async () => {
    const vtt = readFileSync(golden, 'utf8');
    const cues = await browserCues(browser, vtt);
    expect(cues.length).toBeGreaterThan(20);
    expect(cues).toEqual(ourCues(vtt));
    expect(cues.some((c) => c.voice === 'Стефани 宇宙 🚀')).toBe(true);
  });

  it('shows names and words with markup characters as typed, never as markup', async () => {
    const response = makeResponse([{ words: [word('1<2', 0, 0.5, 0), word('&', 0.5, 0.7, 0), word('<i>not', 0.7, 1, 0), word('italic</i>', 1, 1.4, 0)] }]);
    const vtt = renderTextExport({ title: 'A --> B', response, speakerNames: { [speakerKey(0)]: 'Tom & <Jerry>' } }, 'vtt', defaultExportOptions);
    expect(await browserCues(browser, vtt)).toEqual([{ start: 0, end: 1.4, voice: 'Tom & <Jerry>', shown: '1<2 & <i>not italic</i>' }]);
  });

  describe.skipIf(skipsWithoutShared(deepgramFixtures))('with the recorded responses', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
    beforeAll(() => requireShared(deepgramFixtures));

    it('reads the two-channel captions cue for cue as written', async () => {
      const vtt = renderTextExport({ title: 'Call', response: twoChannelFromDiarized(), speakerNames: {} }, 'vtt', defaultExportOptions);
      const cues = await browserCues(browser, vtt);
      expect(cues).toEqual(ourCues(vtt));
      expect(new Set(cues.map((c) => c.voice))).toEqual(new Set(['You', 'Others']));
    });
  });
});
