import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { listenResponseSchema } from '../../common/deepgram-response';
import type { ListenResponse } from '../../common/deepgram-response';
import { sharedFolder } from './shared-dir';

export const deepgramFixtures = sharedFolder('deepgram-fixtures');

/** The diarized 170 s recording used for the golden files. */
export const diarizedFixture = 'prerecorded_nova2_diarize_utterances_paragraphs.json';

/** Every pre-recorded response fixture, by file name. */
export function prerecordedFixtureNames(): string[] {
  return readdirSync(deepgramFixtures.path).filter((f) => f.startsWith('prerecorded_') && f.endsWith('.json')).sort();
}

/** A fixture as JSON, not yet checked against the schema. */
export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(deepgramFixtures.path, name), 'utf8')) as unknown;
}

/** A fixture parsed the way the library reads a stored response. */
export function readFixture(name: string): ListenResponse {
  return listenResponseSchema.parse(readFixtureJson(name));
}

/** A response built from parts, parsed like a stored one. */
export function makeResponse(channels: { words: Record<string, unknown>[]; transcript?: string; extra?: Record<string, unknown> }[], extra: { duration?: number; results?: Record<string, unknown> } = {}): ListenResponse {
  return listenResponseSchema.parse({
    metadata: { request_id: 'req-test', duration: extra.duration ?? 60, channels: channels.length },
    results: {
      channels: channels.map((c) => ({
        alternatives: [{ transcript: c.transcript ?? c.words.map((w) => String(w['punctuated_word'] ?? w['word'])).join(' '), words: c.words, ...c.extra }],
      })),
      ...extra.results,
    },
  });
}

/** A Deepgram word. */
export function word(text: string, start: number, end: number, speaker?: number): Record<string, unknown> {
  return { word: text.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ''), punctuated_word: text, start, end, confidence: 0.9, ...(speaker === undefined ? {} : { speaker }) };
}

/**
 * A two-channel recording made from the diarized fixture: speaker 0 on channel 0 (the user), the
 * other speakers on channel 1, as a meeting recorder with a microphone and system audio would give.
 */
export function twoChannelFromDiarized(): ListenResponse {
  const source = readFixture(diarizedFixture);
  const words = source.results.channels[0]?.alternatives[0]?.words ?? [];
  const strip = (w: (typeof words)[number]): Record<string, unknown> => ({ word: w.word, punctuated_word: w.punctuated_word, start: w.start, end: w.end, confidence: w.confidence });
  const mine = words.filter((w) => w.speaker === 0).map(strip);
  const theirs = words.filter((w) => w.speaker !== 0).map(strip);
  return makeResponse([{ words: mine }, { words: theirs }], { duration: source.metadata.duration ?? 0 });
}

export interface ParsedCue {
  index: number | null;
  startMs: number;
  endMs: number;
  lines: string[];
}

function timeMs(h: string, m: string, s: string, ms: string): number {
  if (Number(m) > 59 || Number(s) > 59) throw new Error(`minutes or seconds out of range: ${h}:${m}:${s}`);
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
}

function checkOrder(cues: ParsedCue[]): void {
  cues.forEach((cue, i) => {
    if (cue.endMs <= cue.startMs) throw new Error(`cue ${i + 1} ends before it starts`);
    if (cue.lines.length === 0 || cue.lines.some((l) => l.trim() === '')) throw new Error(`cue ${i + 1} has an empty line`);
    const previous = cues[i - 1];
    if (previous && cue.startMs <= previous.startMs) throw new Error(`cue ${i + 1} does not start after cue ${i}`);
    if (previous && cue.startMs < previous.endMs) throw new Error(`cue ${i + 1} overlaps cue ${i}`);
  });
}

/** Parses SubRip strictly (numbering from 1, `HH:MM:SS,mmm`), throwing on any defect or overlap. */
export function parseSrt(text: string): ParsedCue[] {
  if (text === '') return [];
  if (!text.endsWith('\n') || text.endsWith('\n\n')) throw new Error('an SRT file ends with exactly one newline');
  const cues = text
    .slice(0, -1)
    .split('\n\n')
    .map((block, i) => {
      const [index, timing, ...lines] = block.split('\n');
      if (index !== String(i + 1)) throw new Error(`cue ${i + 1} is numbered ${index ?? '(nothing)'}`);
      const t = /^(\d{2,}):(\d{2}):(\d{2}),(\d{3}) --> (\d{2,}):(\d{2}):(\d{2}),(\d{3})$/.exec(timing ?? '');
      if (!t) throw new Error(`cue ${i + 1} has a bad timing line: ${timing ?? ''}`);
      const [, h1 = '', m1 = '', s1 = '', ms1 = '', h2 = '', m2 = '', s2 = '', ms2 = ''] = t;
      if (lines.some((l) => l.includes('-->'))) throw new Error(`cue ${i + 1} has an arrow in its text`);
      return { index: i + 1, startMs: timeMs(h1, m1, s1, ms1), endMs: timeMs(h2, m2, s2, ms2), lines };
    });
  checkOrder(cues);
  return cues;
}

/** Parses WebVTT strictly (header, NOTE blocks, `HH:MM:SS.mmm` cues), throwing on any defect or overlap. */
export function parseVtt(text: string): ParsedCue[] {
  if (!text.startsWith('WEBVTT\n')) throw new Error('a WebVTT file starts with WEBVTT');
  const blocks = text.split('\n\n').slice(1).map((b) => b.replace(/\n+$/, '')).filter((b) => b !== '');
  const cues: ParsedCue[] = [];
  for (const block of blocks) {
    if (block.startsWith('NOTE')) {
      if (block.includes('-->')) throw new Error('a NOTE may not contain -->');
      continue;
    }
    const [timing, ...lines] = block.split('\n');
    const t = /^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})$/.exec(timing ?? '');
    if (!t) throw new Error(`bad timing line: ${timing ?? ''}`);
    const [, h1 = '', m1 = '', s1 = '', ms1 = '', h2 = '', m2 = '', s2 = '', ms2 = ''] = t;
    for (const line of lines) {
      if (line.includes('-->')) throw new Error('cue text may not contain -->');
      // Outside tags, a bare & or < is an error in WebVTT cue text.
      const outsideTags = line.replace(/^<v [^>]+>/, '');
      if (/<|&(?!amp;|lt;|gt;)/.test(outsideTags)) throw new Error(`unescaped markup in cue text: ${line}`);
    }
    cues.push({ index: null, startMs: timeMs(h1, m1, s1, ms1), endMs: timeMs(h2, m2, s2, ms2), lines });
  }
  checkOrder(cues);
  return cues;
}

/** The visible text of a VTT cue line: voice tag removed, entities decoded. */
export function vttLineText(line: string): string {
  return line.replace(/^<v [^>]+>/, '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** The paragraphs of a .docx as text, read from word/document.xml inside the zip. */
export function docxParagraphs(bytes: Uint8Array): string[] {
  const files = unzipSync(bytes);
  const xml = files['word/document.xml'];
  if (!xml) throw new Error('no word/document.xml in the .docx');
  const paragraphs = strFromU8(xml).match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  return paragraphs.map((p) =>
    Array.from(p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g), (m) => m[1] ?? '')
      .join('')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&'),
  );
}
