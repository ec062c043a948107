import { z } from 'zod';

// Loose on purpose: Deepgram adds fields over time and older responses lack some, so only what
// the app reads is declared and everything else passes through untouched.
const wordSchema = z.looseObject({
  word: z.string(),
  start: z.number(),
  end: z.number(),
  confidence: z.number().optional(),
  punctuated_word: z.string().optional(),
  speaker: z.number().optional(),
});

const sentenceSchema = z.looseObject({ text: z.string(), start: z.number(), end: z.number() });

const paragraphSchema = z.looseObject({
  sentences: z.array(sentenceSchema),
  speaker: z.number().optional(),
  start: z.number(),
  end: z.number(),
});

const alternativeSchema = z.looseObject({
  transcript: z.string(),
  confidence: z.number().optional(),
  words: z.array(wordSchema).default([]),
  paragraphs: z.looseObject({ transcript: z.string().optional(), paragraphs: z.array(paragraphSchema) }).optional(),
});

const utteranceSchema = z.looseObject({
  start: z.number(),
  end: z.number(),
  transcript: z.string(),
  channel: z.number().optional(),
  speaker: z.number().optional(),
  words: z.array(wordSchema).default([]),
});

export const listenResponseSchema = z.looseObject({
  metadata: z.looseObject({
    request_id: z.string().optional(),
    sha256: z.string().optional(),
    created: z.string().optional(),
    duration: z.number().optional(),
    channels: z.number().optional(),
  }),
  results: z.looseObject({
    channels: z.array(z.looseObject({ alternatives: z.array(alternativeSchema) })),
    utterances: z.array(utteranceSchema).optional(),
  }),
});

/** A synchronous `POST /v1/listen` response, as stored on disk and shown in the viewer. */
export type ListenResponse = z.infer<typeof listenResponseSchema>;
export type ListenWord = z.infer<typeof wordSchema>;
