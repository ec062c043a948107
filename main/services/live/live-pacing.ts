/**
 * How long to wait before the next frame so that a connection never carries audio faster than
 * `rate` times real time: 0 when it may go now. A frame may go while what was sent stays within
 * the budget, so the stream runs ahead by at most one frame. `rate` Infinity never waits.
 */
export function pacingWaitMs(sentBytes: number, elapsedMs: number, rate: number, bytesPerSecond: number): number {
  if (!Number.isFinite(rate)) return 0;
  const allowed = (elapsedMs / 1000) * rate * bytesPerSecond;
  if (sentBytes <= allowed) return 0;
  return Math.ceil(((sentBytes - allowed) / (rate * bytesPerSecond)) * 1000) + 1;
}

/**
 * The wait before reconnect attempt `attempt` (0 first): exponential from `initialMs` up to
 * `maxMs`, with jitter (half to all of it) so that many clients cut off together do not return
 * together; never shorter than the server's Retry-After.
 */
export function reconnectDelayMs(attempt: number, initialMs: number, maxMs: number, random: number, retryAfterMs = 0): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.max(retryAfterMs, Math.round(ceiling * (0.5 + random * 0.5)));
}
