import { describe, expect, it } from 'vitest';
import { pushEdit } from '../../common/transcript/edit-history';
import { applyEdits, emptyEditLayer } from '../../common/transcript/edit-layer';
import type { EditLayer, EditOp } from '../../common/transcript/edit-layer';
import { defaultExportOptions, renderTextExport } from '../../common/transcript/export-formats';
import { buildSourceTranscript } from '../../common/transcript/source-transcript';
import { editRevision, exportEdits, exportSpeakerNames } from '../../main/services/library/edited-sources';
import { loadResponse, twoChannelResponse } from '../support/transcript-fixtures';

const diarized = loadResponse('prerecorded_nova2_diarize_utterances_paragraphs.json');

function edit(response: typeof diarized, ops: EditOp[]): EditLayer {
  const source = buildSourceTranscript(response);
  return ops.reduce((layer, op, i) => pushEdit(layer, op, source, i * 10_000), emptyEditLayer());
}

describe('the corrected transcript as exports and search read it', () => {
  it('renamed speakers become the names the exporters print, and default names are not written', () => {
    const layer = edit(diarized, [{ type: 'renameSpeaker', speaker: 's0', name: 'Stefanie Δ 宇宙' }]);
    const edited = applyEdits(diarized, layer);
    expect(exportSpeakerNames(edited)).toEqual({ 'speaker:0': 'Stefanie Δ 宇宙' });
    const text = renderTextExport({ title: 't', response: diarized, speakerNames: exportSpeakerNames(edited) }, 'txt', defaultExportOptions);
    expect(text).toContain('Stefanie Δ 宇宙');
    expect(text).not.toContain('Speaker 1');
  });

  it('channel names of a two-channel recording are exported by channel', () => {
    const two = twoChannelResponse(diarized, loadResponse('prerecorded_nova2_utterances_paragraphs.json'));
    const edited = applyEdits(two, edit(two, [{ type: 'renameSpeaker', speaker: applyEdits(two, emptyEditLayer()).speakers.find((s) => s.key.startsWith('ch1'))!.key, name: 'The client' }]));
    const names = exportSpeakerNames(edited);
    expect(Object.values(names)).toEqual(['The client']);
    expect(Object.keys(names)[0]).toMatch(/^channel:1/);
  });

  it('a corrected paragraph replaces exactly its words in every export, a removed one disappears, the rest is untouched', () => {
    const before = applyEdits(diarized, emptyEditLayer());
    const [first, second, third] = before.paragraphs;
    const layer = edit(diarized, [
      { type: 'editParagraphText', paragraph: first!.key, text: 'A corrected opening about Zanzibar.' },
      { type: 'editParagraphText', paragraph: second!.key, text: '' },
    ]);
    const edits = exportEdits(diarized, applyEdits(diarized, layer));
    expect(edits.ranges).toHaveLength(2);
    const text = renderTextExport({ title: 't', response: diarized, speakerNames: {}, edits }, 'txt', defaultExportOptions);
    expect(text).toContain('A corrected opening about Zanzibar.');
    expect(text).not.toContain(first!.text);
    expect(text).not.toContain(second!.text);
    expect(text).toContain(third!.text);
    expect(exportEdits(diarized, before).ranges).toEqual([]);
  });

  it('the revision changes with every edit, undo or redo, and is empty without edits', () => {
    const source = buildSourceTranscript(diarized);
    const one = pushEdit(emptyEditLayer(), { type: 'renameSpeaker', speaker: 's0', name: 'A' }, source, 1000);
    const two = pushEdit(one, { type: 'renameSpeaker', speaker: 's1', name: 'B' }, source, 5000);
    const undone = { ...two, cursor: 1 };
    const revisions = [editRevision(emptyEditLayer()), editRevision(one), editRevision(two), editRevision(undone)];
    expect(revisions[0]).toBe('');
    expect(new Set(revisions).size).toBe(4);
  });
});
