import type { ListenResponse } from '../../../common/deepgram-response';
import type { EditedTranscript as ExportInput, SpeakerNames as ExportSpeakerNames, TranscriptEdits } from '../../../common/transcript/export-input';
import type { EditedTranscript, EditLayer } from '../../../common/transcript/edit-layer';
import { buildSourceTranscript } from '../../../common/transcript/source-transcript';
import type { SearchDoc } from '../../../common/transcript/search-segments';
import type { EditedTranscriptSource } from '../export/export-service';
import type { SearchSource } from './search-source';
import type { TranscriptStore } from './transcript-store';

/** What the edit service gives: the transcript as the user corrected it, and a token that changes with each edit. */
export interface EditedView {
  edited(transcriptId: string): Promise<EditedTranscript>;
  revision(transcriptId: string): Promise<string>;
}

/** `s3` → 3: a diarized speaker's number; null for channel-only keys. */
function speakerNumber(key: string | null): number | null {
  const match = key === null ? null : /(?:^|\.)s(\d+)$/.exec(key);
  return match ? Number(match[1]) : null;
}

/** Export names keyed as the exporters read them, taken from the edited speakers. */
export function exportSpeakerNames(edited: EditedTranscript): ExportSpeakerNames {
  const names: Record<string, string> = {};
  for (const speaker of edited.speakers) {
    if (speaker.name === speaker.defaultName) continue;
    const channel = /^ch(\d+)/.exec(speaker.key)?.[1];
    const number = speakerNumber(speaker.key);
    if (channel !== undefined && number !== null) names[`channel:${channel}:speaker:${number}`] = speaker.name;
    else if (channel !== undefined) names[`channel:${channel}`] = speaker.name;
    else if (number !== null) names[`speaker:${number}`] = speaker.name;
  }
  return names as ExportSpeakerNames;
}

/** Exports read the user's speaker names; the text edits travel with the edited model. */
export function editedExportSource(store: TranscriptStore, view: EditedView): EditedTranscriptSource {
  return {
    async load(id): Promise<ExportInput> {
      const [{ summary, response }, edited] = await Promise.all([store.get(id), view.edited(id)]);
      return { title: summary.title, response, speakerNames: exportSpeakerNames(edited), edits: exportEdits(response, edited) };
    },
  };
}

/**
 * The library index reads transcripts as the user corrected them: edited text and speaker names,
 * one segment per paragraph in the viewer's order, so a hit's segment is the paragraph to open.
 */
export function editedSearchSource(store: TranscriptStore, view: EditedView): SearchSource {
  const revisionOf = async (summary: { id: string; createdAt: string; title: string }): Promise<string> =>
    JSON.stringify([summary.createdAt, summary.title, await view.revision(summary.id)]);
  return {
    async entries() {
      const summaries = await store.list();
      return Promise.all(summaries.map(async (s) => ({ id: s.id, revision: await revisionOf(s) })));
    },
    async load(id): Promise<SearchDoc> {
      const [{ summary }, edited] = await Promise.all([store.get(id), view.edited(id)]);
      const speakerNames: Record<number, string> = {};
      for (const speaker of edited.speakers) {
        const number = speakerNumber(speaker.key);
        if (number !== null) speakerNames[number] = speaker.name;
      }
      return {
        id,
        title: summary.title,
        createdAt: summary.createdAt,
        durationSec: summary.durationSec,
        revision: await revisionOf(summary),
        speakerNames,
        segments: edited.paragraphs.map((p) => ({ start: p.start, end: p.end, speaker: speakerNumber(p.speaker), channel: p.channel, text: p.text })),
      };
    },
  };
}

/** A token that changes whenever the edits in effect change (new edit, undo, redo, folding of old steps). */
export function editRevision(layer: EditLayer): string {
  if (layer.entries.length === 0 && layer.cursor === 0) return '';
  return `${layer.cursor}/${layer.entries.length}/${layer.entries[layer.cursor - 1]?.at ?? 0}/${layer.entries[0]?.at ?? 0}`;
}

/**
 * The user's text edits, speaker reassignments and removed paragraphs as word ranges over the
 * original response, which is what the exporters apply: each changed paragraph replaces its words.
 */
export function exportEdits(response: ListenResponse, edited: EditedTranscript): TranscriptEdits {
  const source = buildSourceTranscript(response);
  const now = new Map(edited.paragraphs.map((p) => [p.key, p]));
  const ranges: TranscriptEdits['ranges'] = [];
  for (const original of source.paragraphs) {
    const [channel, from] = original.key.split(':').map(Number) as [number, number];
    const to = from + original.words.length;
    const paragraph = now.get(original.key);
    if (!paragraph) {
      ranges.push({ channel, from, to, text: '' });
      continue;
    }
    const speaker = speakerNumber(paragraph.speaker);
    const reassigned = paragraph.speaker !== original.speaker && speaker !== null;
    if (paragraph.text !== original.text || reassigned) ranges.push({ channel, from, to, text: paragraph.text, ...(reassigned ? { speaker } : {}) });
  }
  return { ranges };
}

/**
 * What the window gets of the edited model: paragraphs without their timed words. The viewer shows
 * text, speakers and paragraph times; leaving the words in main keeps a ten-hour transcript's
 * crossing small (the words are most of its size).
 */
export function forTheWindow<T extends { paragraphs?: readonly { words: readonly unknown[] }[]; upserted?: readonly { words: readonly unknown[] }[] }>(value: T): T {
  const strip = <P extends { words: readonly unknown[] }>(list: readonly P[] | undefined): P[] | undefined => list?.map((p) => ({ ...p, words: [] }));
  return {
    ...value,
    ...(value.paragraphs ? { paragraphs: strip(value.paragraphs) } : {}),
    ...(value.upserted ? { upserted: strip(value.upserted) } : {}),
  };
}
