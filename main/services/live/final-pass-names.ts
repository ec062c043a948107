import type { LiveDraft } from '../../../common/live';
import type { EditOp, EditedTranscript, SpeakerKey } from '../../../common/transcript/edit-layer';

/**
 * The renames that carry the names given during the meeting into its final transcript: a lane is
 * a channel of a two-channel recording (`ch0`, `ch1`, and each speaker on it), a live speaker is
 * the diarized speaker of the same number. Only speakers the final transcript has are renamed,
 * and never one the user already renamed there.
 */
export function carriedNames(draft: Pick<LiveDraft, 'names'>, final: Pick<EditedTranscript, 'speakers'>): EditOp[] {
  const ops: EditOp[] = [];
  for (const speaker of final.speakers) {
    if (speaker.name !== speaker.defaultName) continue;
    const name = nameFor(speaker.key, draft.names);
    if (name) ops.push({ type: 'renameSpeaker', speaker: speaker.key, name });
  }
  return ops;
}

function nameFor(key: SpeakerKey, names: LiveDraft['names']): string | undefined {
  const channel = /^ch(\d+)$/.exec(key);
  if (channel) return names[`lane:${channel[1]}`];
  const speaker = /^s(\d+)$/.exec(key);
  if (speaker) return names[`speaker:${speaker[1]}`];
  return undefined;
}
