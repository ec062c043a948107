import type { ExportDocument } from './export-document';
import type { EditedTranscript } from './export-input';

/** Identifies the edited-transcript JSON this app writes; `version` changes when its shape does. */
export const editedJsonFormat = 'deepgram-desk.transcript';

/** Deepgram's response exactly as it was stored, without the user's names or edits. */
export function toDeepgramJson(input: EditedTranscript): string {
  return `${JSON.stringify(input.response, null, 2)}\n`;
}

/** The transcript as the user sees it: paragraphs with names, edited words and their times. */
export function toEditedJson(doc: ExportDocument, input: EditedTranscript): string {
  const body = {
    format: editedJsonFormat,
    version: 1,
    title: doc.title,
    durationSec: doc.durationSec,
    requestId: doc.requestId,
    channels: doc.channelCount,
    speakerNames: input.speakerNames,
    summary: doc.summary,
    segments: doc.segments.map((s) => ({
      channel: s.channel,
      speaker: s.speaker,
      label: s.label,
      start: round(s.start),
      end: round(s.end),
      text: s.text,
      words: s.words.map((w) => ({ text: w.text, start: round(w.start), end: round(w.end) })),
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

// Edited words get times spread by arithmetic; milliseconds are all the precision there is.
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
