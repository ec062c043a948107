import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import { applyEdits, emptyEditLayer } from '../../common/transcript/edit-layer';
import { transcriptEditChannels } from '../../common/transcript/edit-contract';
import { applyEditPatch } from '../../common/transcript/edit-patch';
import { EditStore } from '../../main/services/library/edit-store';
import { TranscriptEditService } from '../../main/services/library/transcript-edits';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';
import { deepgramFixtures, loadResponse } from '../support/transcript-fixtures';

async function setup(): Promise<{ dataDir: string; id: string; transcripts: TranscriptStore }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'transcript-edits-'));
  const transcripts = new TranscriptStore(dataDir);
  const response = loadResponse('prerecorded_nova2_diarize_utterances_paragraphs.json');
  const { id } = await transcripts.save({ title: 'spacewalk.wav', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
  return { dataDir, id, transcripts };
}

describe.skipIf(skipsWithoutShared(deepgramFixtures))('TranscriptEditService', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
  beforeAll(() => requireShared(deepgramFixtures));

  it('opens a transcript, answers each edit with only what changed, and reopens it edited after a restart', async () => {
    const { dataDir, id, transcripts } = await setup();
    const store = new EditStore(dataDir);
    let clock = 0;
    const service = new TranscriptEditService(transcripts, store, { now: () => (clock += 5000) });
    const opened = await service.get(id);
    expect(opened).toMatchObject({ canUndo: false, canRedo: false, damaged: null });
    const key = opened.transcript.paragraphs[3]?.key ?? '';

    let view = opened.transcript;
    const typed = await service.apply(id, { type: 'editParagraphText', paragraph: key, text: 'Typed over.' });
    expect(typed.patch.upserted.map((p) => p.key)).toEqual([key]);
    expect(typed.patch.removed).toEqual([]);
    view = applyEditPatch(view, typed.patch);
    const renamed = await service.apply(id, { type: 'renameSpeaker', speaker: 's1', name: 'Ana' });
    expect(renamed.patch.upserted.every((p) => p.speaker === 's1')).toBe(true);
    view = applyEditPatch(view, renamed.patch);
    const deleted = await service.apply(id, { type: 'editParagraphText', paragraph: key, text: '' });
    expect(deleted.patch).toMatchObject({ upserted: [], removed: [key] });
    view = applyEditPatch(view, deleted.patch);
    const undone = await service.undo(id);
    expect(undone).toMatchObject({ canUndo: true, canRedo: true });
    view = applyEditPatch(view, undone.patch);
    expect(view).toEqual((await service.get(id)).transcript);

    await store.flush();
    const { response } = await transcripts.get(id);
    const restarted = await new TranscriptEditService(transcripts, new EditStore(dataDir)).get(id);
    expect(restarted).toMatchObject({ canUndo: true, canRedo: true });
    expect(restarted.transcript).toEqual(view);
    expect(restarted.transcript).not.toEqual(applyEdits(response, emptyEditLayer()));
    expect((await service.redo(id)).canRedo).toBe(false);
  });

  it('answers in the shapes of the proposed channels, losing no field on the way out', async () => {
    const { dataDir, id, transcripts } = await setup();
    const service = new TranscriptEditService(transcripts, new EditStore(dataDir));
    const channels = transcriptEditChannels;
    const opened = await service.get(id);
    expect(channels['edits.get'].result.parse(opened)).toEqual(opened);
    const key = opened.transcript.paragraphs[0]?.key ?? '';
    const [args] = channels['edits.apply'].args.parse([{ id, op: { type: 'editParagraphText', paragraph: key, text: 'New words here.' } }]);
    const applied = await service.apply(args.id, args.op);
    expect(channels['edits.apply'].result.parse(applied)).toEqual(applied);
    const undone = await service.undo(id);
    expect(channels['edits.undo'].result.parse(undone)).toEqual(undone);
    expect(channels['edits.apply'].args.safeParse([{ id, op: { type: 'editParagraphText', paragraph: '../x', text: '' } }]).success).toBe(false);
    expect(channels['edits.apply'].args.safeParse([{ id, op: { type: 'renameSpeaker', speaker: 's0', name: 'x'.repeat(101) } }]).success).toBe(false);
  });

  it('applies edits that arrive together one after another, none lost', async () => {
    const { dataDir, id, transcripts } = await setup();
    const service = new TranscriptEditService(transcripts, new EditStore(dataDir));
    const opened = await service.get(id);
    const keys = opened.transcript.paragraphs.slice(0, 6).map((p) => p.key);
    await Promise.all(keys.map((key, i) => service.apply(id, { type: 'editParagraphText', paragraph: key, text: `Paragraph ${i}.` })));
    const after = await service.get(id);
    expect(keys.map((key) => after.transcript.paragraphs.find((p) => p.key === key)?.text)).toEqual(keys.map((_, i) => `Paragraph ${i}.`));
  });

  it('opens a transcript with damaged edits unedited and says so once', async () => {
    const { dataDir, id, transcripts } = await setup();
    const store = new EditStore(dataDir);
    await writeFile(store.pathOf(id), '{"version":1,"base":');
    const service = new TranscriptEditService(transcripts, store);
    const opened = await service.get(id);
    expect(opened.damaged?.keptAt).toBe(`${store.pathOf(id)}.damaged`);
    expect(opened.transcript).toEqual(applyEdits((await transcripts.get(id)).response, emptyEditLayer()));
    expect((await service.get(id)).damaged).toBeNull();
    expect(await readFile(`${store.pathOf(id)}.damaged`, 'utf8')).toBe('{"version":1,"base":');
  });

  it('refuses an edit of a paragraph the transcript lacks, and keeps no undo step for an edit that changes nothing', async () => {
    const { dataDir, id, transcripts } = await setup();
    const store = new EditStore(dataDir);
    const service = new TranscriptEditService(transcripts, store);
    const first = (await service.get(id)).transcript.paragraphs[0];
    await expect(service.apply(id, { type: 'editParagraphText', paragraph: '0:99999', text: 'x' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.apply(id, { type: 'reassignParagraph', paragraph: '1:0', speaker: 's0' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const same = await service.apply(id, { type: 'editParagraphText', paragraph: first?.key ?? '', text: `  ${first?.text ?? ''} ` });
    expect(same).toEqual({ patch: { upserted: [], removed: [], speakers: (await service.get(id)).transcript.speakers, ignoredOps: 0 }, canUndo: false, canRedo: false });
    expect((await service.apply(id, { type: 'renameSpeaker', speaker: 's0', name: 'Speaker 1' })).canUndo).toBe(false);
    expect((await service.apply(id, { type: 'mergeSpeakers', from: 's9', into: 's0' })).canUndo).toBe(false);
    await store.flush();
    expect((await readdir(join(dataDir, 'transcripts'))).filter((n) => n.includes('.edits'))).toEqual([]);
    expect((await service.apply(id, { type: 'renameSpeaker', speaker: 's0', name: 'Ana' })).canUndo).toBe(true);
  });

  it('reports a missing transcript and opens it once it exists', async () => {
    const { dataDir, transcripts } = await setup();
    const service = new TranscriptEditService(transcripts, new EditStore(dataDir));
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.apply('nope', { type: 'renameSpeaker', speaker: 's0', name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
