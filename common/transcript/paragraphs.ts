import type { ListenResponse, ListenWord } from '../deepgram-response';

/** A block of text read by one speaker (or by nobody in particular), with its time span in seconds. */
export interface TranscriptParagraph {
  speaker: number | null;
  start: number;
  end: number;
  text: string;
}

/** A silence longer than this starts a new paragraph when only words are available. */
const paragraphPauseSec = 1.5;

type Utterance = NonNullable<ListenResponse['results']['utterances']>[number];

/**
 * Splits channel 0 of a pre-recorded response into readable paragraphs, using the richest
 * structure Deepgram returned: paragraphs, then utterances, then words, then the plain transcript.
 */
export function toParagraphs(response: ListenResponse): TranscriptParagraph[] {
  const alternative = response.results.channels[0]?.alternatives[0];

  const paragraphs = alternative?.paragraphs?.paragraphs ?? [];
  if (paragraphs.length > 0) {
    return nonEmpty(
      paragraphs.map((p) => ({
        speaker: p.speaker ?? null,
        start: p.start,
        end: p.end,
        text: joinText(p.sentences.map((s) => s.text)),
      })),
    );
  }

  // Utterances cover every channel; only channel 0 is shown.
  const utterances = (response.results.utterances ?? []).filter((u) => (u.channel ?? 0) === 0);
  if (utterances.length > 0) return nonEmpty(fromUtterances(utterances));

  const words = alternative?.words ?? [];
  if (words.length > 0) return nonEmpty(fromWords(words));

  const transcript = alternative?.transcript.trim() ?? '';
  if (transcript === '') return [];
  return [{ speaker: null, start: 0, end: response.metadata.duration ?? 0, text: transcript }];
}

function fromUtterances(utterances: Utterance[]): TranscriptParagraph[] {
  const result: TranscriptParagraph[] = [];
  let current: TranscriptParagraph | null = null;
  for (const utterance of utterances) {
    const speaker = utterance.speaker ?? null;
    // Without diarization every utterance has no speaker; merging them all would give one wall
    // of text, so those are only merged across short pauses, as with words.
    const continues =
      current !== null &&
      current.speaker === speaker &&
      (speaker !== null || utterance.start - current.end <= paragraphPauseSec);
    if (current !== null && continues) {
      current.end = Math.max(current.end, utterance.end);
      current.text = joinText([current.text, utterance.transcript]);
    } else {
      current = { speaker, start: utterance.start, end: utterance.end, text: utterance.transcript.trim() };
      result.push(current);
    }
  }
  return result;
}

function fromWords(words: ListenWord[]): TranscriptParagraph[] {
  const result: TranscriptParagraph[] = [];
  let current: { speaker: number | null; start: number; end: number; parts: string[] } | null = null;
  const flush = (): void => {
    if (current) result.push({ speaker: current.speaker, start: current.start, end: current.end, text: joinText(current.parts) });
  };
  for (const word of words) {
    const speaker = word.speaker ?? null;
    const text = word.punctuated_word ?? word.word;
    if (current !== null && current.speaker === speaker && word.start - current.end <= paragraphPauseSec) {
      current.parts.push(text);
      current.end = Math.max(current.end, word.end);
    } else {
      flush();
      current = { speaker, start: word.start, end: word.end, parts: [text] };
    }
  }
  flush();
  return result;
}

function joinText(parts: string[]): string {
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
}

function nonEmpty(paragraphs: TranscriptParagraph[]): TranscriptParagraph[] {
  return paragraphs.filter((p) => p.text !== '');
}

/** A position in the audio as `m:ss` or `h:mm:ss`, e.g. `0:07`, `12:03`, `1:02:03`. */
export function formatTimestamp(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
