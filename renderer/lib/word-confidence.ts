/** How unsure Deepgram was of a word: `low` below 0.6, `medium` below 0.85, otherwise null (or no confidence). */
export type ConfidenceLevel = 'low' | 'medium';

export const lowConfidenceBelow = 0.6;
export const mediumConfidenceBelow = 0.85;

/** The shading a word gets; words the user typed carry no confidence and get none. */
export function confidenceLevel(confidence: number | undefined): ConfidenceLevel | null {
  if (confidence === undefined || !Number.isFinite(confidence)) return null;
  if (confidence < lowConfidenceBelow) return 'low';
  if (confidence < mediumConfidenceBelow) return 'medium';
  return null;
}

/** The word's confidence as people read it, for its tooltip and accessible description. */
export function describeConfidence(confidence: number, level: ConfidenceLevel): string {
  return `${level === 'low' ? 'Very uncertain' : 'Uncertain'}: confidence ${Math.round(confidence * 100)} %`;
}
