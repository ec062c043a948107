import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { idSchema } from '../../../common/domain';
import type { SourceParagraph, SourceTranscript, TimedWord } from '../../../common/transcript/source-transcript';
import { paragraphKeyPattern, speakerKeyPattern } from '../../../common/transcript/source-transcript';
import { writeFileAtomic } from '../fs/atomic-file';

/** Bump when the layout below, or how a response is split into paragraphs, changes: older copies are rebuilt. */
export const sourceCacheVersion = 1;

/** The response file a copy was made from: a copy of another file (or of an older one) is not used. */
interface Stamp {
  bytes: number;
  mtimeMs: number;
}

/**
 * One paragraph as columns: key, channel, speaker, start, end, room start, room end, then its
 * words' texts, starts, ends, confidences (null when Deepgram gave none) and interpolated flags
 * (0/1). Arrays of plain values parse several times faster than one object per word.
 */
type ParagraphRow = [string, number, string | null, number, number, number, number, string[], number[], number[], (number | null)[], number[]];

interface CacheFile {
  version: number;
  stamp: Stamp;
  channels: number;
  paragraphs: ParagraphRow[];
}

/**
 * Compact copies of built source transcripts, one file per transcript in `<dataDir>/transcript-cache`
 * (not `cache`: Electron keeps its own `Cache` there, and some file systems ignore case):
 * a ten-hour response is 12 MB of JSON whose parse, validation and split into paragraphs take a
 * quarter of a second, while its copy here reads in a tenth of that. A copy is only a cache: it is
 * used when it matches the response file's size and time, anything unreadable is ignored, and
 * removing the folder loses nothing.
 */
/** The folder of the data folder that holds the compact copies. */
export const sourceCacheFolderName = 'transcript-cache';

export class SourceCache {
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly responseFile: (id: string) => string,
  ) {
    this.dir = join(dataDir, sourceCacheFolderName);
  }

  /** The source transcript kept for a response, or undefined when there is none that matches it. */
  async read(id: string): Promise<SourceTranscript | undefined> {
    const path = this.path(id);
    if (!path) return undefined;
    try {
      const [stamp, text] = await Promise.all([this.stamp(id), readFile(path, 'utf8')]);
      return decode(JSON.parse(text) as unknown, stamp);
    } catch {
      return undefined;
    }
  }

  /** Keeps a copy of a source transcript built from the response file as it is now. */
  async write(id: string, source: SourceTranscript): Promise<void> {
    const path = this.path(id);
    if (!path) return;
    await writeFileAtomic(path, JSON.stringify(encode(source, await this.stamp(id))));
  }

  /** Forgets a transcript's copy. */
  async remove(id: string): Promise<void> {
    const path = this.path(id);
    if (path) await rm(path, { force: true });
  }

  private path(id: string): string | undefined {
    return idSchema.safeParse(id).success ? join(this.dir, `${id}.json`) : undefined;
  }

  private async stamp(id: string): Promise<Stamp> {
    const info = await stat(this.responseFile(id));
    return { bytes: info.size, mtimeMs: info.mtimeMs };
  }
}

function encode(source: SourceTranscript, stamp: Stamp): CacheFile {
  return {
    version: sourceCacheVersion,
    stamp,
    channels: source.channels,
    paragraphs: source.paragraphs.map((p) => [
      p.key,
      p.channel,
      p.speaker,
      p.start,
      p.end,
      p.room.start,
      p.room.end,
      p.words.map((w) => w.text),
      p.words.map((w) => w.start),
      p.words.map((w) => w.end),
      p.words.map((w) => w.confidence ?? null),
      p.words.map((w) => (w.interpolated ? 1 : 0)),
    ]),
  };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The copy as a source transcript, checked as it is read; undefined when it is damaged or stale. */
function decode(value: unknown, stamp: Stamp): SourceTranscript | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const file = value as Partial<CacheFile>;
  if (file.version !== sourceCacheVersion || file.stamp?.bytes !== stamp.bytes || file.stamp.mtimeMs !== stamp.mtimeMs) return undefined;
  if (!isNumber(file.channels) || !Array.isArray(file.paragraphs)) return undefined;
  const paragraphs: SourceParagraph[] = [];
  for (const row of file.paragraphs as unknown[]) {
    const paragraph = decodeParagraph(row);
    if (!paragraph) return undefined;
    paragraphs.push(paragraph);
  }
  return { channels: file.channels, paragraphs, byKey: new Map(paragraphs.map((p) => [p.key, p])) };
}

function decodeParagraph(row: unknown): SourceParagraph | undefined {
  if (!Array.isArray(row) || row.length !== 12) return undefined;
  const [key, channel, speaker, start, end, roomStart, roomEnd, texts, starts, ends, confidences, interpolated] = row as unknown[];
  if (typeof key !== 'string' || !paragraphKeyPattern.test(key) || !isNumber(channel)) return undefined;
  if (speaker !== null && (typeof speaker !== 'string' || !speakerKeyPattern.test(speaker))) return undefined;
  if (!isNumber(start) || !isNumber(end) || !isNumber(roomStart) || !isNumber(roomEnd)) return undefined;
  if (!Array.isArray(texts) || !Array.isArray(starts) || !Array.isArray(ends) || !Array.isArray(confidences) || !Array.isArray(interpolated)) return undefined;
  const count = texts.length;
  if (starts.length !== count || ends.length !== count || confidences.length !== count || interpolated.length !== count) return undefined;
  const words: TimedWord[] = new Array<TimedWord>(count);
  for (let i = 0; i < count; i += 1) {
    const text: unknown = texts[i];
    const wordStart: unknown = starts[i];
    const wordEnd: unknown = ends[i];
    const confidence: unknown = confidences[i];
    if (typeof text !== 'string' || !isNumber(wordStart) || !isNumber(wordEnd) || (confidence !== null && !isNumber(confidence))) return undefined;
    const word: TimedWord = { text, start: wordStart, end: wordEnd, interpolated: interpolated[i] === 1 };
    if (confidence !== null) word.confidence = confidence;
    words[i] = word;
  }
  return { key, channel, speaker, start, end, room: { start: roomStart, end: roomEnd }, words, text: words.map((w) => w.text).join(' ') };
}
