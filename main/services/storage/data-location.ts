import { rm, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../common/errors';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';
import { finishInterruptedMove } from './move-journal';

/** The file in the default app-data folder that says where the data lives when it was moved. */
export const locationFileName = 'data-location.json';

const locationFileSchema = z.object({ version: z.literal(1), dataDir: z.string().min(1) });

/** Where the location file of this default folder is. */
export function locationFilePath(defaultDir: string): string {
  return join(defaultDir, locationFileName);
}

/**
 * The data folder to use: the one the location file names, or `defaultDir` when there is none.
 * A move the app did not live to finish is ended first (see `finishInterruptedMove`).
 * Throws a NOT_FOUND error naming the folder when it was moved to a place that is not there now
 * (an unplugged disk), so the app does not quietly start with an empty library.
 */
export async function resolveDataDir(defaultDir: string): Promise<string> {
  const raw = await readJsonFile(locationFilePath(defaultDir)).catch((error: unknown) => {
    throw new AppError('NOT_FOUND', `The file that says where the app's data lives cannot be read (${locationFilePath(defaultDir)}).`, { cause: error });
  });
  if (raw === undefined) {
    await finishInterruptedMove(defaultDir, defaultDir);
    return defaultDir;
  }
  const parsed = locationFileSchema.safeParse(raw);
  if (!parsed.success || !isAbsolute(parsed.data.dataDir)) {
    throw new AppError('NOT_FOUND', `The file that says where the app's data lives is damaged (${locationFilePath(defaultDir)}).`);
  }
  const dataDir = parsed.data.dataDir;
  await finishInterruptedMove(defaultDir, dataDir);
  const info = await stat(dataDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new AppError('NOT_FOUND', `The app's data folder ${dataDir} cannot be found. Connect the disk it is on, then start the app again.`);
  }
  return dataDir;
}

/** Points the app at `dataDir` from its next start on (atomic: the old or the new place, never neither). */
export async function writeDataLocation(defaultDir: string, dataDir: string): Promise<void> {
  await writeFileAtomic(locationFilePath(defaultDir), `${JSON.stringify({ version: 1, dataDir: resolve(dataDir) }, null, 2)}\n`);
}

/** Goes back to the default folder at the next start (after the moved folder was lost for good). */
export async function forgetDataLocation(defaultDir: string): Promise<void> {
  await rm(locationFilePath(defaultDir), { force: true });
}
