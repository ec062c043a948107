import { describe, expect, it } from 'vitest';
import { confidenceLevel, describeConfidence } from '../../renderer/lib/word-confidence';

describe('word confidence levels', () => {
  it('marks words under 0.6 as low and under 0.85 as medium, the edges included in the surer side', () => {
    expect(confidenceLevel(0)).toBe('low');
    expect(confidenceLevel(0.5999)).toBe('low');
    expect(confidenceLevel(0.6)).toBe('medium');
    expect(confidenceLevel(0.8499)).toBe('medium');
    expect(confidenceLevel(0.85)).toBeNull();
    expect(confidenceLevel(1)).toBeNull();
  });

  it('leaves words without a confidence (typed by the user) unmarked', () => {
    expect(confidenceLevel(undefined)).toBeNull();
    expect(confidenceLevel(Number.NaN)).toBeNull();
  });

  it('describes the confidence in words and as a percentage', () => {
    expect(describeConfidence(0.42, 'low')).toBe('Very uncertain: confidence 42 %');
    expect(describeConfidence(0.7, 'medium')).toBe('Uncertain: confidence 70 %');
  });
});
