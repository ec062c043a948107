import { stat } from 'node:fs/promises';
import type { z } from 'zod';
import { AppError } from '../../../common/errors';
import type { libraryActionsInvokeContract } from '../../../common/library-actions';
import type { TranscriptStore } from './transcript-store';

type InvokeContract = typeof libraryActionsInvokeContract;

/** One handler per library-action channel, in the shape `registerHandlers` takes. */
export type RevealHandlers = {
  [C in keyof InvokeContract]: (...args: z.output<InvokeContract[C]['args']>) => Promise<z.output<InvokeContract[C]['result']>>;
};

/** What revealing needs of the library: where a transcript's files are. */
export type RevealableTranscripts = Pick<TranscriptStore, 'responseFile' | 'mediaFile'>;

/** Whether a regular file is at `path` now (a moved or deleted source is not). */
async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * The reveal channel over the library: finds the file main knows the path of, checks it is still
 * on this computer, and asks the OS to show it (Electron's `shell.showItemInFolder` in the app).
 */
export function revealHandlers(transcripts: RevealableTranscripts, revealInFolder: (path: string) => void): RevealHandlers {
  return {
    'transcripts.reveal': async ({ id, what }) => {
      const path = what === 'transcript' ? transcripts.responseFile(id) : ((await transcripts.mediaFile(id))?.media?.path ?? null);
      if (path === null || !(await isFile(path))) return false;
      revealInFolder(path);
      return true;
    },
  };
}

/** Stands in where there is no file manager to ask (a host without one): the window is told so. */
export function revealUnsupported(): never {
  throw new AppError('UNSUPPORTED', 'Showing files in their folder needs the desktop app.');
}
