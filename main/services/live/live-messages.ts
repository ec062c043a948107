import { z } from 'zod';

// Lenient: only the fields the service reads are checked; anything else Deepgram adds passes.
const wordSchema = z.object({
  word: z.string(),
  punctuated_word: z.string().optional(),
  start: z.number(),
  end: z.number(),
  speaker: z.number().int().min(0).optional(),
});
export type LiveWord = z.infer<typeof wordSchema>;

const resultsSchema = z.object({
  type: z.literal('Results'),
  channel_index: z.array(z.number().int().min(0)).min(1),
  start: z.number(),
  duration: z.number(),
  is_final: z.boolean().optional(),
  speech_final: z.boolean().optional(),
  // An object here, unlike UtteranceEnd's array.
  channel: z.object({
    alternatives: z.array(z.object({ transcript: z.string(), words: z.array(wordSchema).default([]) })),
  }),
});
export type LiveResults = z.infer<typeof resultsSchema>;

const utteranceEndSchema = z.object({
  type: z.literal('UtteranceEnd'),
  channel: z.array(z.number().int().min(0)).min(1),
  last_word_end: z.number().optional(),
});

const metadataSchema = z.object({ type: z.literal('Metadata'), request_id: z.string().optional() });

const problemSchema = z.object({
  type: z.enum(['Error', 'Warning']),
  description: z.string().optional(),
  message: z.string().optional(),
  variant: z.string().optional(),
  warn_code: z.string().optional(),
  warn_msg: z.string().optional(),
});

const liveMessageSchema = z.discriminatedUnion('type', [resultsSchema, utteranceEndSchema, metadataSchema, problemSchema]);
export type LiveMessage = z.infer<typeof liveMessageSchema>;

/** A server text frame as a message the service acts on; null for other types (SpeechStarted, …) and for frames it cannot read. */
export function parseLiveMessage(text: string): LiveMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = liveMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
