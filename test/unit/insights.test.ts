import { describe, expect, it } from 'vitest';
import type { ListenResponse } from '../../common/deepgram-response';
import { readInsights } from '../../common/transcript/insights';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deepgramFixtures, loadResponse } from '../support/transcript-fixtures';

const intelligence = JSON.parse(readFileSync(join(deepgramFixtures.path, 'prerecorded_spec_example_audio_intelligence.json'), 'utf8')) as { results: Record<string, unknown> };

/** A valid response carrying the audio-intelligence parts of Deepgram's spec example. */
function withIntelligence(parts: Record<string, unknown>): ListenResponse {
  const base = loadResponse('prerecorded_nova2_diarize_utterances_paragraphs.json');
  return { ...base, results: { ...base.results, ...parts } };
}

describe('audio intelligence as the viewer shows it', () => {
  it('reads topics, intents and the average sentiment from the nested and the flat shapes', () => {
    const insights = readInsights(withIntelligence({ topics: intelligence.results['topics'], intents: intelligence.results['intents'], sentiments: intelligence.results['sentiments'] }));
    expect(insights.topics[0]).toMatchObject({ label: 'Spacewalk' });
    expect(insights.intents.map((i) => i.label)).toContain('Encourage podcasting');
    expect(insights.sentiment?.label).toMatch(/positive|neutral|negative/);

    const nested = intelligence.results['topics'] as { results: { topics: { segments: unknown[] } } };
    const flat = readInsights(withIntelligence({ topics: { segments: nested.results.topics.segments } }));
    expect(flat.topics).toEqual(insights.topics);
  });

  it('reads summary v1 and v2, and nothing where nothing was asked for', () => {
    expect(readInsights(loadResponse('prerecorded_base_summarize_v1_2023.json')).summary).toBeTruthy();
    expect(readInsights(loadResponse('prerecorded_nova3_smart_format_summarize_v2_file.json')).summary).toBeTruthy();
    expect(readInsights(loadResponse('prerecorded_base_no_formatting_2023.json'))).toEqual({ summary: null, topics: [], intents: [], sentiment: null });
  });

  it('keeps each label once with its best confidence, most confident first', () => {
    const insights = readInsights(
      withIntelligence({
        topics: {
          segments: [
            { topics: [{ topic: 'Budget', confidence_score: 0.4 }, { topic: 'Launch', confidence_score: 0.9 }] },
            { topics: [{ topic: 'Budget', confidence_score: 0.95 }] },
          ],
        },
      }),
    );
    expect(insights.topics).toEqual([
      { label: 'Budget', confidence: 0.95 },
      { label: 'Launch', confidence: 0.9 },
    ]);
  });
});
