// Draws the tray (menu-bar) icons into resources/tray/: a microphone, and the same microphone
// with a dot while recording. Run it after changing the drawing: `npm exec -- tsx scripts/make-tray-icons.ts`.
// macOS gets black "Template" images (the system tints them for light and dark menu bars);
// Windows and Linux get coloured ones. Each comes at 1x and @2x, which nativeImage picks by scale.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

export interface TrayIconSpec {
  name: string;
  size: number;
  recording: boolean;
  /** Black with alpha only, for macOS template images. */
  template: boolean;
}

const micColour: Rgb = [0x1f, 0xc6, 0x8a];
const dotColour: Rgb = [0xe5, 0x48, 0x4d];
const black: Rgb = [0, 0, 0];
const samples = 4;

/** Every icon file the app loads, by name. */
export const trayIconSpecs: readonly TrayIconSpec[] = [
  { name: 'trayTemplate.png', size: 16, recording: false, template: true },
  { name: 'trayTemplate@2x.png', size: 32, recording: false, template: true },
  { name: 'trayRecordingTemplate.png', size: 16, recording: true, template: true },
  { name: 'trayRecordingTemplate@2x.png', size: 32, recording: true, template: true },
  { name: 'tray.png', size: 16, recording: false, template: false },
  { name: 'tray@2x.png', size: 32, recording: false, template: false },
  { name: 'tray-recording.png', size: 16, recording: true, template: false },
  { name: 'tray-recording@2x.png', size: 32, recording: true, template: false },
];

function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Whether a point of the unit square (y down) is on the microphone. */
function onMicrophone(x: number, y: number): boolean {
  const capsule = distanceToSegment(x, y, 0.5, 0.27, 0.5, 0.43) <= 0.145;
  const holder = y >= 0.43 && Math.abs(Math.hypot(x - 0.5, y - 0.43) - 0.265) <= 0.045;
  const stem = Math.abs(x - 0.5) <= 0.045 && y >= 0.69 && y <= 0.86;
  const base = distanceToSegment(x, y, 0.34, 0.86, 0.66, 0.86) <= 0.045;
  return capsule || holder || stem || base;
}

const dot = { x: 0.78, y: 0.78, radius: 0.2, gap: 0.3 };

/** The colour of one point, or undefined where the icon is transparent. */
function paint(x: number, y: number, spec: TrayIconSpec): Rgb | undefined {
  if (spec.recording) {
    const fromDot = Math.hypot(x - dot.x, y - dot.y);
    if (fromDot <= dot.radius) return spec.template ? black : dotColour;
    // A clear ring around the dot keeps it apart from the microphone at 16 px, and the tip of
    // the holder that the ring would leave as a stray fleck goes too.
    if (fromDot <= dot.gap || (x > 0.68 && y > 0.38)) return undefined;
  }
  return onMicrophone(x, y) ? (spec.template ? black : micColour) : undefined;
}

/** The icon's pixels as straight (not premultiplied) RGBA rows, antialiased by supersampling. */
export function renderTrayIcon(spec: TrayIconSpec): Buffer {
  const pixels = Buffer.alloc(spec.size * spec.size * 4);
  for (let py = 0; py < spec.size; py += 1) {
    for (let px = 0; px < spec.size; px += 1) {
      const sum = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const colour = paint((px + (sx + 0.5) / samples) / spec.size, (py + (sy + 0.5) / samples) / spec.size, spec);
          if (!colour) continue;
          covered += 1;
          for (let c = 0; c < 3; c += 1) sum[c]! += colour[c]!;
        }
      }
      const at = (py * spec.size + px) * 4;
      if (covered === 0) continue;
      for (let c = 0; c < 3; c += 1) pixels[at + c] = Math.round(sum[c]! / covered);
      pixels[at + 3] = Math.round((255 * covered) / (samples * samples));
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes straight RGBA pixels as an 8-bit RGBA PNG. */
export function encodePng(pixels: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y += 1) {
    // Filter byte 0 (none), then the row.
    pixels.copy(rows, y * (1 + width * 4) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const trayIconDir = resolve(import.meta.dirname, '../resources/tray');

async function main(): Promise<void> {
  await mkdir(trayIconDir, { recursive: true });
  for (const spec of trayIconSpecs) {
    await writeFile(join(trayIconDir, spec.name), encodePng(renderTrayIcon(spec), spec.size, spec.size));
    console.log(`wrote resources/tray/${spec.name}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
