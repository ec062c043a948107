/** The channels of s16le frames, each frame's bytes read as little-endian whatever the host's order. */
export function decodeFrames(frames: readonly string[], channels: 1 | 2): Float64Array[] {
  const bytes = Buffer.concat(frames.map((frame) => Buffer.from(frame, 'base64')));
  const perChannel = bytes.length / 2 / channels;
  const out = Array.from({ length: channels }, () => new Float64Array(perChannel));
  for (let i = 0; i < perChannel; i += 1) {
    for (let c = 0; c < channels; c += 1) out[c]![i] = bytes.readInt16LE((i * channels + c) * 2) / 32768;
  }
  return out;
}

/** Frequency in Hz from the rising zero crossings, over whole periods between the first and the last. */
export function zeroCrossingHz(samples: Float64Array, sampleRate: number): number {
  const rising: number[] = [];
  for (let i = 1; i < samples.length; i += 1) if (samples[i - 1]! < 0 && samples[i]! >= 0) rising.push(i);
  if (rising.length < 2) return 0;
  return ((rising.length - 1) * sampleRate) / (rising.at(-1)! - rising[0]!);
}

/** RMS level in dBFS. */
export function rmsDb(samples: Float64Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return 10 * Math.log10(sum / Math.max(1, samples.length) + 1e-20);
}

/** Share (0..1) of the signal's power at one frequency (Goertzel), over the whole signal. */
export function toneShare(samples: Float64Array, hz: number, sampleRate: number): number {
  const w = (2 * Math.PI * hz) / sampleRate;
  let sin = 0;
  let cos = 0;
  let power = 0;
  for (let i = 0; i < samples.length; i += 1) {
    sin += samples[i]! * Math.sin(w * i);
    cos += samples[i]! * Math.cos(w * i);
    power += samples[i]! ** 2;
  }
  // A sine of amplitude A over n samples gives (n A / 2)² here and n A² / 2 of power.
  return ((sin * sin + cos * cos) * 2) / samples.length / Math.max(power, 1e-20);
}

/** The median of `measure` over consecutive windows of `size` samples (a glitch upstream spoils only its own window). */
export function medianOverWindows(samples: Float64Array, size: number, measure: (window: Float64Array) => number): number {
  const values: number[] = [];
  for (let start = 0; start + size <= samples.length; start += size) values.push(measure(samples.subarray(start, start + size)));
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? Number.NaN;
}
