import type { ListenParams } from './listen-params';

/** Encodings whose bytes are bare samples, with the bytes of one sample. */
const BYTES_PER_SAMPLE: Readonly<Record<string, number>> = { linear16: 2, linear32: 4, mulaw: 1, alaw: 1 };

/** Containerised or compressed streams carry no byte rate the double can trust; each frame counts as this much audio. */
export const SECONDS_PER_UNSIZED_FRAME = 0.25;

/** Bytes of a stream's start that decide whether it is a container (the longest magic below). */
export const MAGIC_BYTES = 4;

const CONTAINER_MAGIC: readonly Buffer[] = [
  Buffer.from('RIFF', 'latin1'), // WAV
  Buffer.from('OggS', 'latin1'),
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), // EBML: WebM, Matroska
  Buffer.from('fLaC', 'latin1'),
  Buffer.from('ID3', 'latin1'), // MP3 with a tag
];

/** Bytes per second of a bare-sample stream (all channels), or undefined when the byte rate is unknown. */
export function bytesPerSecond(params: ListenParams): number | undefined {
  const perSample = params.encoding === undefined ? undefined : BYTES_PER_SAMPLE[params.encoding];
  return perSample && params.sampleRate ? perSample * params.sampleRate * (params.channels ?? 1) : undefined;
}

/**
 * Whether a stream declared as bare samples (linear16, linear32, mulaw, alaw) starts with a container header: the
 * case of undecodable audio the double answers with 1008 DATA-0000. Other mismatches go unnoticed.
 */
export function isContainerInRawStream(params: ListenParams, head: Buffer): boolean {
  if (params.encoding === undefined || BYTES_PER_SAMPLE[params.encoding] === undefined) return false;
  return CONTAINER_MAGIC.some((magic) => head.length >= magic.length && head.subarray(0, magic.length).equals(magic));
}
