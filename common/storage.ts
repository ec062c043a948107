import { z } from 'zod';
import { idSchema } from './domain';

/** Where the app keeps its data and how source files are kept; what Settings → Storage shows. */
export const storageStatusSchema = z.object({
  /** The data folder in use now. */
  dataDir: z.string().max(4096),
  /** Whether a finished file transcription keeps a copy of its source in the data folder (otherwise a link to the original). */
  keepSourceCopies: z.boolean(),
  /** Why the folder cannot be moved right now (jobs or a recording run, a move runs); null when it can. */
  moveBlocked: z.string().max(300).nullable(),
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;

export const storageMovePhaseSchema = z.enum(['copying', 'verifying', 'switching', 'removing']);

/** How far a move of the data folder is; bytes count every read and write (copy, then both sides checked). */
export const storageMoveProgressSchema = z.object({
  phase: storageMovePhaseSchema,
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
});
export type StorageMoveProgress = z.infer<typeof storageMoveProgressSchema>;

export const storageMoveResultSchema = z.object({
  dataDir: z.string().max(4096),
  files: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  /** The app restarts by itself to use the new folder (the desktop app); false where it cannot (the web host). */
  restarting: z.boolean(),
  /** Set when the old folder could not be removed completely. */
  leftBehind: z.string().max(1000).optional(),
});
export type StorageMoveResult = z.infer<typeof storageMoveResultSchema>;

/** What deleting a transcript can take with it: its audio only when the app owns that file. */
export const deleteOptionsSchema = z.object({
  /**
   * `owned`: a recording or a kept copy in the data folder, deletable with the transcript;
   * `shared`: owned, but another transcript uses it too; `linked`: the user's own file, never deleted;
   * `none`: no local audio (a URL, or an entry older than kept sources).
   */
  audio: z.enum(['owned', 'shared', 'linked', 'none']),
});
export type DeleteOptions = z.infer<typeof deleteOptionsSchema>;

/** The storage channels, to be spread into `invokeContract`. */
export const storageInvokeContract = {
  /** The data folder in use, the copy-or-link setting, and whether a move can start now. */
  'storage.status': { args: z.tuple([]), result: storageStatusSchema },
  /** Keep a copy of each transcribed file in the data folder (true) or a link to the original (false). */
  'storage.setKeepSourceCopies': { args: z.tuple([z.object({ keep: z.boolean() })]), result: storageStatusSchema },
  /** Native folder dialog for a new data folder; null when canceled. */
  'storage.chooseFolder': { args: z.tuple([]), result: z.string().max(4096).nullable() },
  /** Copy, check, switch to and clean up a new data folder; progress comes as `storage.moveProgress`. */
  'storage.move': { args: z.tuple([z.object({ to: z.string().trim().min(1).max(4096) })]), result: storageMoveResultSchema },
  /** Stop a running move before its switch; the current folder stays in use. */
  'storage.cancelMove': { args: z.tuple([]), result: z.null() },
  /** Whether deleting this transcript can take its audio too. */
  'transcripts.deleteOptions': { args: z.tuple([z.object({ id: idSchema })]), result: deleteOptionsSchema },
} as const;

/** The storage events, to be spread into `eventContract`. */
export const storageEventContract = {
  /** Bytes copied and checked while the data folder moves. */
  'storage.moveProgress': storageMoveProgressSchema,
  /** A file the user wanted copied into the data folder stays a link to the original, for this reason. */
  'storage.copyFailed': z.object({ fileName: z.string().max(1000), reason: z.string().max(500) }),
} as const;
