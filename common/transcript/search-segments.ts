import type { ListenResponse } from '../deepgram-response';
import { toParagraphs } from './paragraphs';

/** A stretch of a transcript that a search hit points at; its index is the viewer's paragraph index. */
export interface SearchSegment {
  start: number;
  end: number;
  speaker: number | null;
  channel: number;
  text: string;
}

/** Names given to diarized speakers, by speaker number; unnamed speakers get `defaultSpeakerName`. */
export type SpeakerNames = Readonly<Record<number, string>>;

/** Everything the library index knows of one transcript. */
export interface SearchDoc {
  id: string;
  title: string;
  createdAt: string;
  durationSec: number;
  /** Opaque: changes whenever anything indexed changes (title, edits, speaker names), so a check can skip unchanged ones. */
  revision: string;
  speakerNames: SpeakerNames;
  segments: SearchSegment[];
}

/** How the viewer labels speaker n when nobody renamed it: "Speaker 1" for speaker 0. */
export function defaultSpeakerName(speaker: number): string {
  return `Speaker ${speaker + 1}`;
}

/** The name shown for a segment's speaker; empty when the transcript has no speakers. */
export function speakerNameOf(speaker: number | null, names: SpeakerNames): string {
  if (speaker === null) return '';
  const given = names[speaker]?.trim();
  return given !== undefined && given !== '' ? given : defaultSpeakerName(speaker);
}

/**
 * The segments of a saved transcript, exactly the paragraphs the viewer shows (`toParagraphs`,
 * channel 0), so that segment i of a hit is paragraph i on screen.
 */
export function toSearchSegments(response: ListenResponse): SearchSegment[] {
  return toParagraphs(response).map((p) => ({ start: p.start, end: p.end, speaker: p.speaker, channel: 0, text: p.text }));
}

/** The index document for a saved transcript. */
export function toSearchDoc(
  summary: { id: string; title: string; createdAt: string; durationSec: number },
  response: ListenResponse,
  speakerNames: SpeakerNames = {},
  revision: string = summary.createdAt,
): SearchDoc {
  return {
    id: summary.id,
    title: summary.title,
    createdAt: summary.createdAt,
    durationSec: summary.durationSec,
    revision,
    speakerNames,
    segments: toSearchSegments(response),
  };
}
