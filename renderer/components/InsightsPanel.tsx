import type { ReactElement } from 'react';
import type { Insights } from '../../common/transcript/insights';

/** Deepgram's summary, topics, intents and overall sentiment, folded away until wanted. */
export function InsightsPanel({ insights }: { insights: Insights }): ReactElement {
  return (
    <details className="insights" open={insights.summary !== null}>
      <summary>Summary and topics</summary>
      {insights.summary ? <p className="insights-summary selectable">{insights.summary}</p> : null}
      <dl className="facts">
        {insights.topics.length ? (
          <>
            <dt>Topics</dt>
            <dd>{insights.topics.map((t) => t.label).join(', ')}</dd>
          </>
        ) : null}
        {insights.intents.length ? (
          <>
            <dt>Intents</dt>
            <dd>{insights.intents.map((t) => t.label).join(', ')}</dd>
          </>
        ) : null}
        {insights.sentiment ? (
          <>
            <dt>Sentiment</dt>
            <dd>
              {insights.sentiment.label}
              {insights.sentiment.score !== null ? <span className="muted"> ({insights.sentiment.score.toFixed(2)})</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
    </details>
  );
}
