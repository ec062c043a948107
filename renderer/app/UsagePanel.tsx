import { useEffect, useState, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import type { UsageReport } from '../../common/profiles';
import { ErrorMessage } from '../components/ErrorMessage';
import { readUsage } from '../stores/profiles-store';

function hours(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/** This month's requests and hours for a profile's project, by tag and balance where the key's role allows. */
export function UsagePanel({ profileId }: { profileId: string }): ReactElement {
  const [report, setReport] = useState<UsageReport | null>(null);
  const [error, setError] = useState<AppErrorValue | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void readUsage(profileId).then((result) => {
      if (!live) return;
      if (result.ok) setReport(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [profileId, attempt]);

  if (error) {
    return (
      <ErrorMessage
        error={error}
        onRetry={() => {
          setError(null);
          setAttempt((n) => n + 1);
        }}
      />
    );
  }
  if (!report) return <p className="muted">Reading usage…</p>;
  return (
    <div className="usage" aria-label="Usage this month" role="group">
      <p className="usage-range muted">
        {report.start} to {report.end}
      </p>
      {report.totals ? (
        <p>
          <strong>{report.totals.requests}</strong> requests · <strong>{hours(report.totals.hours)}</strong> hours of audio
        </p>
      ) : null}
      {report.balance ? (
        <p>
          Balance: <strong>{report.balance.amount.toFixed(2)}</strong> {report.balance.units}
        </p>
      ) : null}
      {report.byTag?.length ? (
        <table className="usage-tags">
          <caption className="visually-hidden">Usage by tag</caption>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Requests</th>
              <th scope="col">Hours</th>
            </tr>
          </thead>
          <tbody>
            {report.byTag.map((row) => (
              <tr key={row.tag}>
                <td>{row.tag}</td>
                <td>{row.requests}</td>
                <td>{hours(row.hours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.unavailable.map((line) => (
        <p key={line} className="muted">
          {line}
        </p>
      ))}
    </div>
  );
}
