import type { z } from 'zod';
import { AppError } from '../../../common/errors';
import type { storageInvokeContract } from '../../../common/storage';
import type { TranscriptStore } from '../library/transcript-store';
import type { StorageService } from './storage-service';

type InvokeContract = typeof storageInvokeContract;

/** One handler per storage channel, in the shape `registerHandlers` takes. */
export type StorageHandlers = {
  [C in keyof InvokeContract]: (...args: z.output<InvokeContract[C]['args']>) => Promise<z.output<InvokeContract[C]['result']>>;
};

/**
 * The storage channels over the service. `chooseFolder` is the platform's folder dialog; where there
 * is one, a move goes only to the folder the user chose in it (never to a path the window made up),
 * and where there is none (the web host) the folder is typed.
 */
export function storageHandlers(deps: {
  storage: StorageService;
  transcripts: Pick<TranscriptStore, 'deleteOptions'>;
  chooseFolder?: () => Promise<string | null>;
}): StorageHandlers {
  let chosen: string | null = null;
  return {
    'storage.status': () => deps.storage.status(),
    'storage.setKeepSourceCopies': ({ keep }) => deps.storage.setKeepSourceCopies(keep),
    'storage.chooseFolder': async () => {
      if (!deps.chooseFolder) throw new AppError('UNSUPPORTED', 'Choosing a folder needs the desktop app. Type the folder instead.');
      chosen = await deps.chooseFolder();
      return chosen;
    },
    'storage.move': async ({ to }) => {
      if (deps.chooseFolder && to !== chosen) throw new AppError('INVALID_ARGUMENT', 'Choose the new folder with Move… first.');
      return deps.storage.move(to);
    },
    'storage.cancelMove': async () => {
      deps.storage.cancelMove();
      return null;
    },
    'transcripts.deleteOptions': ({ id }) => deps.transcripts.deleteOptions(id),
  };
}
