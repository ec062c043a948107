import type { ReactElement } from 'react';
import type { RejectedFile } from '../../common/domain';

export interface RefusalListProps {
  items: RejectedFile[];
  /** e.g. "file" or "link". */
  noun: string;
  /** Above this many, the list is folded behind its title. */
  foldAbove?: number;
  /** Announces the refusals as they appear (role=alert); leave off inside another alert. */
  announce?: boolean;
}

function title(count: number, noun: string): string {
  return count === 1 ? `1 ${noun} refused` : `${count} ${noun}s refused`;
}

/** What was refused, each with why; folded when long so the rest stays in view. */
export function RefusalList({ items, noun, foldAbove = 5, announce = false }: RefusalListProps): ReactElement {
  const role = announce ? 'alert' : undefined;
  const list = (
    <ul className="refusal-list">
      {items.map((item) => (
        <li key={item.path}>
          <span className="refusal-name" title={item.path}>
            {item.fileName}
          </span>
          : {item.reason}
        </li>
      ))}
    </ul>
  );
  if (items.length > foldAbove) {
    return (
      <div role={role}>
        <details className="refusals">
          <summary>{title(items.length, noun)}</summary>
          {list}
        </details>
      </div>
    );
  }
  return (
    <div className="refusals" role={role}>
      <p className="refusals-title">{title(items.length, noun)}</p>
      {list}
    </div>
  );
}
