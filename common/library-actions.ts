import { z } from 'zod';
import { idSchema } from './domain';

/** Library channels that act on a transcript's files in the OS, to be spread into the invoke contract. */
export const libraryActionsInvokeContract = {
  /**
   * Shows a transcript's file, or the audio or video it was made from, selected in the OS file
   * manager; false when there is nothing on this computer to show. The path never reaches the window.
   */
  'transcripts.reveal': {
    args: z.tuple([z.object({ id: idSchema, what: z.enum(['transcript', 'source']) })]),
    result: z.boolean(),
  },
} as const;
