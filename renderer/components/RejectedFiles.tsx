import type { ReactElement } from 'react';
import type { RejectedFile } from '../../common/domain';

export interface RejectedFilesProps {
  files: RejectedFile[];
  onDismiss: () => void;
}

/** Files that were not queued, each with why. */
export function RejectedFiles({ files, onDismiss }: RejectedFilesProps): ReactElement {
  return (
    <div role="alert" className="rejected">
      <div className="rejected-body">
        <p className="rejected-title">{files.length === 1 ? 'This file was not added:' : `These ${files.length} files were not added:`}</p>
        <ul className="rejected-list">
          {files.map((file) => (
            <li key={file.path}>
              <span className="rejected-name">{file.fileName}</span>: {file.reason}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" className="button button-small button-quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
