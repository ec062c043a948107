import type { TranscribeOptions } from '../../../common/domain';

/** Deepgram query parameters for a file transcription. */
export interface ListenQuery {
  model: string;
  language: string;
  smart_format: boolean;
  punctuate: boolean;
  diarize: boolean;
  paragraphs: boolean;
  utterances: boolean;
}

// Paragraphs and utterances cost nothing extra and are what the reader and the caption
// exports are built from, so they are always asked for.
export function toListenQuery(options: TranscribeOptions): ListenQuery {
  return {
    model: options.model,
    language: options.language,
    smart_format: options.smartFormat,
    punctuate: true,
    diarize: options.diarize,
    paragraphs: true,
    utterances: true,
  };
}
