/** The floor below which an input counts as silent: well under quiet speech (about −45 dBFS) and above a muted input. */
export const silenceFloorDb = -65;

/** RMS level of samples in dBFS; −∞ for digital silence. */
export function rmsDb(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return rms > 0 ? 20 * Math.log10(rms) : -Infinity;
}

/** A level in dBFS as 0..1 for a meter: −60 dBFS and below is empty. */
export function meterValue(db: number): number {
  if (!Number.isFinite(db)) return 0;
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/**
 * Tracks how long an input has stayed under the silence floor. `silentFor` is the time since the
 * last sample above it, so one loud moment resets it.
 */
export class SilenceTracker {
  private lastHeard: number;

  constructor(now: number) {
    this.lastHeard = now;
  }

  /** Records a level measured at `now` (ms). */
  observe(db: number, now: number): void {
    if (db > silenceFloorDb) this.lastHeard = now;
  }

  /** Milliseconds since the input was last above the floor. */
  silentFor(now: number): number {
    return now - this.lastHeard;
  }

  /** Starts counting again, e.g. after a pause or a device change. */
  reset(now: number): void {
    this.lastHeard = now;
  }
}
