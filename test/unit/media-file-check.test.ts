import { chmod, mkdir, mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkMediaFile, maxUploadBytes } from '../../main/services/files/media-file-check';
import { convert, speechWav } from '../support/audio';

let dir: string;
let wav: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-check-'));
  wav = await speechWav(dir, 'Checking that real audio is accepted.');
});

describe('checkMediaFile', () => {
  it('accepts real audio and video by their content, whatever the name', async () => {
    const mp3 = await convert(wav, join(dir, 'speech.mp3'));
    const m4a = await convert(wav, join(dir, 'speech.m4a'));
    const mp4 = await convert(wav, join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'color=c=black:s=32x32:r=5', '-shortest']);
    const renamed = await convert(wav, join(dir, 'no-extension'), ['-f', 'flac']);
    const expected: [string, string][] = [[wav, 'audio/wav'], [mp3, 'audio/mpeg'], [m4a, 'audio/x-m4a'], [mp4, 'video/mp4'], [renamed, 'audio/flac']];
    for (const [path, type] of expected) {
      const check = await checkMediaFile(path);
      expect(check, path).toMatchObject({ ok: true, file: { path, contentType: type } });
    }
  });

  it('refuses text, empty, missing, folders, unreadable and relative paths with a reason', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'These are meeting notes, not a recording.\n');
    const fakeWav = join(dir, 'fake.wav');
    await writeFile(fakeWav, 'not really audio');
    const empty = join(dir, 'empty.wav');
    await writeFile(empty, '');
    const folder = join(dir, 'folder');
    await mkdir(folder);
    const cases: [string, RegExp][] = [
      [text, /doesn’t look like an audio or video file/],
      [fakeWav, /doesn’t look like an audio or video file/],
      [empty, /empty/],
      [join(dir, 'missing.wav'), /no longer exists/],
      [folder, /folder/],
      ['relative/path.wav', /relative path/],
    ];
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.wav');
      await writeFile(locked, 'x');
      await chmod(locked, 0o000);
      cases.push([locked, /not allowed to read/]);
    }
    for (const [path, reason] of cases) {
      const check = await checkMediaFile(path);
      expect(check.ok, path).toBe(false);
      expect(!check.ok && check.reason, path).toMatch(reason);
    }
  });

  it('refuses files over 2 GB before reading them', async () => {
    const big = join(dir, 'huge.wav');
    const handle = await open(big, 'w');
    await handle.truncate(maxUploadBytes + 1); // sparse: no disk used
    await handle.close();
    const check = await checkMediaFile(big);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(/up to 2 GB/);
  });
});
