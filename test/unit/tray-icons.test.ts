import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, renderTrayIcon, trayIconDir, trayIconSpecs } from '../../scripts/make-tray-icons';

/** A strict reader for the PNGs the script writes: checks signature, chunk CRCs and row filters. */
function readPng(file: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  const types: string[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('ascii', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    expect(file.readUInt32BE(offset + 8 + length), `${type} CRC`).toBe(crc32(file.subarray(offset + 4, offset + 8 + length)));
    types.push(type);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  const rows = inflateSync(Buffer.concat(data));
  expect(rows.length).toBe(height * (1 + width * 4));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    expect(rows[y * (1 + width * 4)], 'filter byte').toBe(0);
    rows.copy(pixels, y * width * 4, y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4));
  }
  return { width, height, pixels };
}

const alphaOf = (pixels: Buffer): number[] => [...pixels].filter((_, i) => i % 4 === 3);

describe('tray icons', () => {
  it.each(trayIconSpecs.map((spec) => [spec.name, spec] as const))('%s is a valid PNG of its size, drawn by the script', async (_name, spec) => {
    const png = readPng(await readFile(join(trayIconDir, spec.name)));
    expect([png.width, png.height]).toEqual([spec.size, spec.size]);
    // The committed file is the script's current drawing (compared as pixels: zlib output may differ by version).
    expect(png.pixels.equals(renderTrayIcon(spec))).toBe(true);
    const alpha = alphaOf(png.pixels);
    const covered = alpha.filter((a) => a > 0).length / alpha.length;
    expect(covered).toBeGreaterThan(0.15);
    expect(covered).toBeLessThan(0.7);
    if (spec.template) {
      // Template images are black with alpha: macOS tints them.
      expect([...png.pixels].every((value, i) => i % 4 === 3 || value === 0)).toBe(true);
    }
  });

  it('draws recording differently from idle, with red only in the coloured recording icon', () => {
    for (const template of [false, true]) {
      const idle = renderTrayIcon({ name: '', size: 32, recording: false, template });
      const recording = renderTrayIcon({ name: '', size: 32, recording: true, template });
      expect(idle.equals(recording)).toBe(false);
    }
    const isRed = (p: Buffer, i: number): boolean => p[i + 3]! > 200 && p[i]! > 200 && p[i + 1]! < 120;
    const reds = (p: Buffer): number => Array.from({ length: p.length / 4 }, (_, k) => isRed(p, k * 4)).filter(Boolean).length;
    expect(reds(renderTrayIcon({ name: '', size: 32, recording: true, template: false }))).toBeGreaterThan(50);
    expect(reds(renderTrayIcon({ name: '', size: 32, recording: false, template: false }))).toBe(0);
  });

  it('the encoder round-trips through the strict reader', () => {
    const pixels = Buffer.from(Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256));
    expect(readPng(encodePng(pixels, 3, 2)).pixels.equals(pixels)).toBe(true);
  });
});
