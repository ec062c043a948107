/** Latest a batch waits when frames do not come (a hidden window gets none). */
const fallbackMs = 100;

export interface FrameBatch<T> {
  add: (item: T) => void;
  /** Applies what is pending now, e.g. before an answer that must not be overtaken. */
  flush: () => void;
}

/**
 * Collects items and hands them over once per animation frame, so a burst of events costs one
 * store update and one render instead of one each.
 */
export function frameBatch<T>(apply: (items: T[]) => void): FrameBatch<T> {
  let pending: T[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    if (frame !== undefined && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = undefined;
    timer = undefined;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    apply(items);
  };

  const schedule = (): void => {
    if (timer !== undefined) return;
    const hasFrames = typeof requestAnimationFrame === 'function';
    if (hasFrames) frame = requestAnimationFrame(flush);
    timer = setTimeout(flush, hasFrames ? fallbackMs : 0);
  };

  return {
    add: (item) => {
      pending.push(item);
      schedule();
    },
    flush,
  };
}
