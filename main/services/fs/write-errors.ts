import { AppError } from '../../../common/errors';

const problems: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'your disk quota is used up',
  EROFS: 'the folder is on a read-only disk',
  EACCES: 'the app is not allowed to write to the folder',
  EPERM: 'the app is not allowed to write to the folder',
  EIO: 'the disk reported an error',
  EFBIG: 'the file grew past the size the system allows',
};

/** What went wrong with a write, in words, with the system's code: "the disk is full (ENOSPC)". */
export function describeWriteProblem(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const problem = typeof code === 'string' ? problems[code] : undefined;
  return problem ? `${problem} (${code as string})` : 'the disk refused the write';
}

/** Names what stopped a write to disk, and the way forward, as an error the UI can show. */
export function describeWriteError(error: unknown, what: string, folder: string): AppError {
  const reason = describeWriteProblem(error);
  return new AppError('SAVE_FAILED', `${what} could not be saved: ${reason}. Free some space or fix the folder (${folder}), then choose Save again.`, { cause: error });
}
