import { expandPaths } from '../files/folder-walk';
import { checkMediaFile } from '../files/media-file-check';
import { openUploadSource } from '../files/upload-source';
import { QueueFile } from './queue-file';
import { isReachable } from './reachability';
import { TranscriptionQueue } from './transcription-queue';
import type { TranscriptionQueueDeps } from './transcription-queue';

type Wiring = 'file' | 'expandPaths' | 'checkFile' | 'openSource' | 'isReachable';

/** The queue over the real disk, pre-flight and network probe; tests pass the same with other timings. */
export function createTranscriptionQueue(
  deps: Omit<TranscriptionQueueDeps, Wiring> & Partial<Pick<TranscriptionQueueDeps, Wiring>> & { dataDir: string },
): TranscriptionQueue {
  const { dataDir, ...rest } = deps;
  return new TranscriptionQueue({
    file: new QueueFile(dataDir, deps.logger),
    expandPaths: (paths) => expandPaths(paths),
    checkFile: checkMediaFile,
    openSource: openUploadSource,
    isReachable: (baseUrl) => isReachable(baseUrl),
    ...rest,
  });
}
