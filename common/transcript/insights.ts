import { z } from 'zod';
import type { ListenResponse } from '../deepgram-response';
import { readSummary } from './export-document';

/** What Deepgram's audio intelligence said about a transcript, as the viewer shows it. */
export const insightsSchema = z.object({
  summary: z.string().nullable(),
  topics: z.array(z.object({ label: z.string().max(200), confidence: z.number() })).max(20),
  intents: z.array(z.object({ label: z.string().max(200), confidence: z.number() })).max(20),
  sentiment: z.object({ label: z.string().max(40), score: z.number().nullable() }).nullable(),
});
export type Insights = z.infer<typeof insightsSchema>;

const labelled = z.looseObject({ confidence_score: z.number().optional(), confidence: z.number().optional() });
const segmentsSchema = z.array(z.looseObject({ topics: z.array(labelled).optional(), intents: z.array(labelled).optional() }));

/** A feature's segments, flat (`{ segments }`) or nested (`{ results: { <key>: { segments } } }`), as Deepgram has sent both. */
function segmentsOf(value: unknown, key: string): z.infer<typeof segmentsSchema> {
  const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const flat = segmentsSchema.safeParse(record(value)['segments']);
  if (flat.success) return flat.data;
  const nested = segmentsSchema.safeParse(record(record(record(value)['results'])[key])['segments']);
  return nested.success ? nested.data : [];
}

/** Labels across segments, each once with its highest confidence, most confident first. */
function strongest(segments: z.infer<typeof segmentsSchema>, field: 'topics' | 'intents', name: 'topic' | 'intent'): Insights['topics'] {
  const best = new Map<string, number>();
  for (const segment of segments) {
    for (const item of segment[field] ?? []) {
      const label = typeof item[name] === 'string' ? (item[name] as string).trim() : '';
      if (!label) continue;
      const confidence = item.confidence_score ?? item.confidence ?? 0;
      best.set(label, Math.max(best.get(label) ?? 0, confidence));
    }
  }
  return [...best].map(([label, confidence]) => ({ label: label.slice(0, 200), confidence })).sort((a, b) => b.confidence - a.confidence).slice(0, 8);
}

/** Summary (v1 or v2), topics, intents and the average sentiment, from whichever shapes the response has. */
export function readInsights(response: ListenResponse): Insights {
  const results = response.results as Record<string, unknown>;
  const average = z.looseObject({ average: z.looseObject({ sentiment: z.string(), sentiment_score: z.number().optional() }) }).safeParse(results['sentiments']);
  return {
    summary: readSummary(response),
    topics: strongest(segmentsOf(results['topics'], 'topics'), 'topics', 'topic'),
    intents: strongest(segmentsOf(results['intents'], 'intents'), 'intents', 'intent'),
    sentiment: average.success ? { label: average.data.average.sentiment.slice(0, 40), score: average.data.average.sentiment_score ?? null } : null,
  };
}
