import { describe, expect, it } from 'vitest';
import { carriedNames } from '../../main/services/live/final-pass-names';

const speaker = (key: string, name: string, defaultName = name) => ({ key, name, defaultName, paragraphs: 1 });

describe('carriedNames', () => {
  it('renames the channels of a two-channel final transcript after the lanes named live', () => {
    const ops = carriedNames({ names: { 'lane:0': 'Ada', 'lane:1': 'Grace' } }, { speakers: [speaker('ch0', 'You'), speaker('ch1', 'Others')] });
    expect(ops).toEqual([
      { type: 'renameSpeaker', speaker: 'ch0', name: 'Ada' },
      { type: 'renameSpeaker', speaker: 'ch1', name: 'Grace' },
    ]);
  });

  it('renames diarized speakers by number and leaves unnamed ones alone', () => {
    const ops = carriedNames({ names: { 'speaker:1': 'Linus' } }, { speakers: [speaker('s0', 'Speaker 1'), speaker('s1', 'Speaker 2')] });
    expect(ops).toEqual([{ type: 'renameSpeaker', speaker: 's1', name: 'Linus' }]);
  });

  it('never overrides a name the user already gave in the final transcript', () => {
    const ops = carriedNames({ names: { 'lane:0': 'Ada' } }, { speakers: [speaker('ch0', 'Dr. Lovelace', 'You')] });
    expect(ops).toEqual([]);
  });

  it('does not give a lane name to every diarized speaker of a mono recording', () => {
    const ops = carriedNames({ names: { 'lane:0': 'Ada' } }, { speakers: [speaker('s0', 'Speaker 1'), speaker('s1', 'Speaker 2')] });
    expect(ops).toEqual([]);
  });
});
