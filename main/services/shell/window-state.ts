import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The window's normal (not maximized) bounds and whether it was maximized. */
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** Where to open the window: no position means "centre it on the primary display". */
export interface WindowPlacement {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

const rectSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
});
const fileSchema = z.object({ version: z.literal(1), bounds: rectSchema, maximized: z.boolean() });

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

const clamp = (value: number, min: number, max: number): number => Math.max(min, Math.min(value, max));

/**
 * Puts a saved window back where it can be seen: on the display it overlaps most, moved and
 * shrunk to fit that display's work area; centred on the primary display (the first one) at its
 * saved size when no display shows any of it (the monitor was unplugged); the default size when
 * nothing was saved.
 */
export function fitToDisplays(
  saved: WindowState | undefined,
  displays: readonly { workArea: Rect }[],
  defaults: { width: number; height: number },
): WindowPlacement {
  const primary = displays[0]?.workArea;
  if (!saved || !primary) return { bounds: { ...defaults }, maximized: saved?.maximized ?? false };
  let best = primary;
  let bestOverlap = 0;
  for (const { workArea } of displays) {
    const area = overlap(saved.bounds, workArea);
    if (area > bestOverlap) [best, bestOverlap] = [workArea, area];
  }
  const width = Math.min(saved.bounds.width, best.width);
  const height = Math.min(saved.bounds.height, best.height);
  if (bestOverlap === 0) {
    return {
      bounds: { x: best.x + Math.round((best.width - width) / 2), y: best.y + Math.round((best.height - height) / 2), width, height },
      maximized: saved.maximized,
    };
  }
  return {
    bounds: {
      x: clamp(saved.bounds.x, best.x, best.x + best.width - width),
      y: clamp(saved.bounds.y, best.y, best.y + best.height - height),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}

/** The main window's size, position and maximized state in `<data>/window-state.json`. */
export class WindowStateStore {
  private readonly path: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly writeFile: (path: string, data: string) => Promise<void> = writeFileAtomic,
  ) {
    this.path = join(dataDir, 'window-state.json');
  }

  /** The saved state, or undefined when there is none or it cannot be read. */
  async load(): Promise<WindowState | undefined> {
    const raw = await readJsonFile(this.path).catch(() => undefined);
    const parsed = fileSchema.safeParse(raw);
    return parsed.success ? { bounds: parsed.data.bounds, maximized: parsed.data.maximized } : undefined;
  }

  /** Saves the state atomically, one write at a time so the last call wins; bounds are rounded to whole pixels. */
  save(state: WindowState): Promise<void> {
    const write = this.writing.then(() => this.write(state));
    this.writing = write.catch(() => undefined);
    return write;
  }

  private async write(state: WindowState): Promise<void> {
    const bounds = rectSchema.parse({
      x: Math.round(state.bounds.x),
      y: Math.round(state.bounds.y),
      width: Math.round(state.bounds.width),
      height: Math.round(state.bounds.height),
    });
    await this.writeFile(this.path, `${JSON.stringify({ version: 1, bounds, maximized: state.maximized }, null, 2)}\n`);
  }
}
