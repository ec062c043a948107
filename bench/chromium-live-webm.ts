// A long WebM/Opus stream laid out as Chromium's MediaRecorder writes it (unknown-size segment and
// clusters, no Duration, no Cues), made with ffmpeg from looped espeak-ng speech. Shared by the
// recording benchmarks, which need hours of it and cannot record that in real time.
import { execFile } from 'node:child_process';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { speechWav } from '../test/support/audio';

const run = promisify(execFile);

/** Reads an EBML variable-length integer (an id keeps its marker bits, a size does not). */
function vint(bytes: Buffer, pos: number, keepMarker: boolean): { value: number; length: number } {
  const first = bytes[pos]!;
  let length = 1;
  while (length <= 8 && (first & (0x80 >> (length - 1))) === 0) length += 1;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i += 1) value = value * 256 + bytes[pos + i]!;
  return { value, length };
}

const unknownSize = Buffer.from('01ffffffffffffff', 'hex');
const clusterId = 0x1f43b675;

/**
 * ffmpeg's live WebM buffers each cluster and writes its size; Chromium's MediaRecorder streams
 * clusters of unknown size. Rewrites every cluster header to Chromium's form.
 */
export async function toChromiumLayout(source: string, target: string): Promise<void> {
  const bytes = await readFile(source);
  const header = vint(bytes, 0, true);
  const headerSize = vint(bytes, header.length, false);
  const segmentStart = header.length + headerSize.length + headerSize.value;
  const segmentId = vint(bytes, segmentStart, true);
  const segmentSize = vint(bytes, segmentStart + segmentId.length, false);
  const parts: Buffer[] = [bytes.subarray(0, segmentStart), bytes.subarray(segmentStart, segmentStart + segmentId.length), unknownSize];
  let pos = segmentStart + segmentId.length + segmentSize.length;
  while (pos < bytes.length) {
    const id = vint(bytes, pos, true);
    const size = vint(bytes, pos + id.length, false);
    const dataStart = pos + id.length + size.length;
    const end = Math.min(dataStart + size.value, bytes.length);
    parts.push(id.value === clusterId ? Buffer.concat([bytes.subarray(pos, pos + id.length), unknownSize]) : bytes.subarray(pos, dataStart), bytes.subarray(dataStart, end));
    pos = end;
  }
  await writeFile(target, Buffer.concat(parts));
}

/**
 * A `seconds`-long mono Opus stream at a constant 128 kb/s (Chromium's MediaRecorder chunks average
 * 16 KB a second; libopus's VBR makes espeak-ng speech half again as large) of looped speech in 60 ms
 * packets and 1 s clusters, in the live layout; made once into `dir` and reused.
 */
export async function chromiumLiveWebm(dir: string, seconds: number): Promise<string> {
  const path = join(dir, `live-${seconds}s-cbr.webm`);
  if (await access(path).then(() => true, () => false)) return path;
  await mkdir(dir, { recursive: true });
  const wav = await speechWav(dir, 'This is a long meeting recording used to measure what recording costs over hours.');
  const encoded = join(dir, 'encoded.webm');
  await run('sh', ['-c', `ffmpeg -v error -y -stream_loop -1 -i '${wav}' -t ${seconds} -ac 1 -ar 48000 -c:a libopus -b:a 128k -vbr off -frame_duration 60 -f webm -live 1 -cluster_time_limit 1000 pipe:1 > '${encoded}'`]);
  const live = `${path}.partial`;
  await toChromiumLayout(encoded, live);
  await rm(encoded);
  await rename(live, path);
  return path;
}
