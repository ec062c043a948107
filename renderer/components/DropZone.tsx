import type { KeyboardEvent, ReactElement } from 'react';
import { UploadIcon } from './icons';

export interface DropZoneProps {
  onChoose: () => void;
  /** True while the file dialog is open. */
  busy: boolean;
  /** How the picker shortcut reads on this platform, e.g. "Ctrl+O". */
  shortcut: string;
}

/** Where files come in; the whole window also accepts drops, this is its visible face. */
export function DropZone({ onChoose, busy, shortcut }: DropZoneProps): ReactElement {
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    // Keys on the button inside are the button's own business.
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onChoose();
    }
  };

  return (
    <section
      className="drop-zone"
      aria-label="Drop audio or video files here"
      aria-describedby="drop-zone-hint"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <span className="drop-zone-icon">
        <UploadIcon width={26} height={26} />
      </span>
      <div className="drop-zone-text">
        <p className="drop-zone-title">Drop audio or video files here</p>
        <p className="drop-zone-hint" id="drop-zone-hint">
          Folders too. Anywhere in this window works, or press {shortcut} to choose files.
        </p>
      </div>
      <button type="button" className="button button-primary" onClick={onChoose} disabled={busy}>
        Choose files…
      </button>
    </section>
  );
}
