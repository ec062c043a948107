import type { ListenResponse } from '../../../common/deepgram-response';
import type { TranscriptSummary } from '../../../common/domain';

interface Source {
  get(id: string): Promise<{ summary: TranscriptSummary; response: ListenResponse }>;
}

/**
 * The last few transcripts read from disk, shared by everything that needs a response when one
 * opens (edits, insights): a response is never changed after it is saved, so reading and parsing
 * a long one once is enough. A failed read is not kept.
 */
export function recentResponses(source: Source, size = 4): Source {
  const kept = new Map<string, Promise<{ summary: TranscriptSummary; response: ListenResponse }>>();
  return {
    get(id) {
      const known = kept.get(id);
      if (known) {
        kept.delete(id);
        kept.set(id, known);
        return known;
      }
      const read = source.get(id);
      kept.set(id, read);
      read.catch(() => kept.delete(id));
      while (kept.size > size) kept.delete(kept.keys().next().value!);
      return read;
    },
  };
}
