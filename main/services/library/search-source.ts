import type { SearchDoc, SpeakerNames } from '../../../common/transcript/search-segments';
import { toSearchDoc } from '../../../common/transcript/search-segments';
import type { SyncEntry } from './search-index';
import type { TranscriptStore } from './transcript-store';

/** The transcripts on disk as the index's consistency check reads them. */
export interface SearchSource {
  entries(): Promise<SyncEntry[]>;
  load(id: string): Promise<SearchDoc>;
}

export interface SearchSourceOptions {
  /** Names given to speakers of a transcript (from its edits); none by default. */
  speakerNames?: (id: string) => Promise<SpeakerNames>;
  /** A token that changes with a transcript's edits (text, speaker names); empty by default. */
  editRevision?: (id: string) => Promise<string>;
}

/** Reads the transcript store for `SearchIndex.sync`: the revision covers the title and the edits. */
export function transcriptSearchSource(store: TranscriptStore, options: SearchSourceOptions = {}): SearchSource {
  const editRevision = options.editRevision ?? (() => Promise.resolve(''));
  const speakerNames = options.speakerNames ?? (() => Promise.resolve({}));
  const revisionOf = async (summary: { id: string; createdAt: string; title: string }): Promise<string> =>
    JSON.stringify([summary.createdAt, summary.title, await editRevision(summary.id)]);
  return {
    async entries() {
      const summaries = await store.list();
      return Promise.all(summaries.map(async (s) => ({ id: s.id, revision: await revisionOf(s) })));
    },
    async load(id) {
      const { summary, response } = await store.get(id);
      return toSearchDoc(summary, response, await speakerNames(id), await revisionOf(summary));
    },
  };
}
