import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitToDisplays, WindowStateStore } from '../../main/services/shell/window-state';
import type { Rect, WindowState } from '../../main/services/shell/window-state';

const defaults = { width: 1200, height: 800 };
const laptop = { workArea: { x: 0, y: 0, width: 1440, height: 875 } };
// A second monitor to the right of the laptop, taller, with its work area below a 25 px bar.
const monitor = { workArea: { x: 1440, y: 25, width: 2560, height: 1415 } };

const state = (bounds: Rect, maximized = false): WindowState => ({ bounds, maximized });

describe('fitToDisplays', () => {
  it('opens at the default size, centred by the OS, when nothing was saved', () => {
    expect(fitToDisplays(undefined, [laptop], defaults)).toEqual({ bounds: { width: 1200, height: 800 }, maximized: false });
  });

  it('keeps a window that is fully on a display exactly where it was', () => {
    const saved = state({ x: 1600, y: 100, width: 1000, height: 700 }, true);
    expect(fitToDisplays(saved, [laptop, monitor], defaults)).toEqual({ bounds: saved.bounds, maximized: true });
  });

  it('moves a window that hangs off a display back inside it', () => {
    const saved = state({ x: 1000, y: -50, width: 800, height: 600 });
    // It overlaps the laptop by 440 × 550 px and the monitor by 360 × 525 px: the laptop wins.
    const fitted = fitToDisplays(saved, [laptop, monitor], defaults);
    expect(fitted.bounds).toEqual({ x: 640, y: 0, width: 800, height: 600 });
  });

  it('picks the display the window overlaps most, not the first one', () => {
    const saved = state({ x: 1300, y: 200, width: 1000, height: 600 });
    expect(fitToDisplays(saved, [laptop, monitor], defaults).bounds).toEqual({ x: 1440, y: 200, width: 1000, height: 600 });
  });

  it('shrinks a window larger than its display to the work area', () => {
    const saved = state({ x: 1440, y: 25, width: 3000, height: 2000 });
    expect(fitToDisplays(saved, [laptop, monitor], defaults).bounds).toEqual({ x: 1440, y: 25, width: 2560, height: 1415 });
  });

  it('centres the window on the primary display when its monitor is gone, keeping size and maximized', () => {
    const onUnplugged = state({ x: 1700, y: 100, width: 1000, height: 700 }, true);
    expect(fitToDisplays(onUnplugged, [laptop], defaults)).toEqual({ bounds: { x: 220, y: 88, width: 1000, height: 700 }, maximized: true });
    // Touching the display's edge is not being on it.
    const atEdge = state({ x: 1440, y: 0, width: 500, height: 500 });
    expect(fitToDisplays(atEdge, [laptop], defaults).bounds).toEqual({ x: 470, y: 188, width: 500, height: 500 });
  });
});

describe('WindowStateStore', () => {
  it('keeps the state in a versioned file and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'window-state-'));
    const store = new WindowStateStore(dir);
    expect(await store.load()).toBeUndefined();
    await store.save(state({ x: 10.4, y: 20.6, width: 900, height: 600 }, true));
    expect(JSON.parse(await readFile(join(dir, 'window-state.json'), 'utf8'))).toEqual({
      version: 1,
      bounds: { x: 10, y: 21, width: 900, height: 600 },
      maximized: true,
    });
    expect(await new WindowStateStore(dir).load()).toEqual(state({ x: 10, y: 21, width: 900, height: 600 }, true));
  });

  it('treats a damaged, foreign or future file as nothing saved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'window-state-'));
    const file = join(dir, 'window-state.json');
    const store = new WindowStateStore(dir);
    for (const content of ['{ not json', '[]', JSON.stringify({ version: 2, bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }), JSON.stringify({ version: 1, bounds: { x: 0, y: 0, width: 0, height: 10 }, maximized: false })]) {
      await writeFile(file, content);
      expect(await store.load(), content).toBeUndefined();
    }
  });

  it('writes one save at a time, in order, so the last one wins even when an earlier write is slow', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'window-state-'));
    const log: string[] = [];
    const pending: (() => void)[] = [];
    const slowWrite = async (path: string, data: string): Promise<void> => {
      const x = (JSON.parse(data) as { bounds: Rect }).bounds.x;
      log.push(`start ${x}`);
      await new Promise<void>((resolve) => pending.push(resolve));
      await writeFile(path, data);
      log.push(`end ${x}`);
    };
    const store = new WindowStateStore(dir, slowWrite);
    const saves = [1, 2, 3].map((x) => store.save(state({ x, y: 0, width: 800, height: 600 })));
    // Release whatever write is waiting, one at a time, until all saves are done.
    let done = false;
    void Promise.all(saves).then(() => (done = true));
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      pending.shift()?.();
    }
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect((await store.load())?.bounds.x).toBe(3);
  });

  it('keeps saving after a write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'window-state-'));
    let fail = true;
    const store = new WindowStateStore(dir, async (path, data) => {
      if (fail) throw new Error('disk full');
      await writeFile(path, data);
    });
    await expect(store.save(state({ x: 1, y: 0, width: 800, height: 600 }))).rejects.toThrow('disk full');
    fail = false;
    await store.save(state({ x: 2, y: 0, width: 800, height: 600 }));
    expect((await store.load())?.bounds.x).toBe(2);
  });
});
