import { describe, expect, it } from 'vitest';
import { compareShapes, jsonShape } from './json-shape';

describe('jsonShape', () => {
  it('collects key paths with types, merging array elements and collapsing UUID keys', () => {
    const shape = jsonShape({
      a: [{ x: 1 }, { y: 'two' }, { x: null }],
      info: { '3b3aabe4-608a-46ac-9585-7960a25daf1a': { name: 'n' } },
    });
    expect(Object.fromEntries([...shape].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      '': ['object'],
      a: ['array'],
      'a[]': ['object'],
      'a[].x': ['null', 'number'],
      'a[].y': ['string'],
      info: ['object'],
      'info.<uuid>': ['object'],
      'info.<uuid>.name': ['string'],
    });
  });
});

describe('compareShapes', () => {
  const reference = { words: [{ word: 'a', start: 0, speaker: 1 }], transcript: 'a' };

  it('accepts a subset with matching types', () => {
    expect(compareShapes({ words: [{ word: 'b', start: 2 }], transcript: '' }, reference, ['words[].word'])).toEqual({ unexpected: [], missing: [] });
  });

  it('reports extra paths, type mismatches and missing required paths', () => {
    const result = compareShapes({ words: [{ word: 1, extra: true }] }, reference, ['transcript', 'words[].start']);
    expect(result.unexpected).toEqual(['words[].word: number, reference has string', 'words[].extra (not in reference)']);
    expect(result.missing).toEqual(['transcript', 'words[].start']);
  });

  it('treats an empty array as compatible with any element shape', () => {
    expect(compareShapes({ words: [], transcript: '' }, reference).unexpected).toEqual([]);
  });
});
