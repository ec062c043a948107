import type { EventSink } from '../events';
import type { Logger } from '../logging/logger';
import { AppError } from '../../../common/errors';
import type { SearchOptions, SearchResult } from '../../../common/search/search-schemas';
import { SearchIndex } from './search-index';
import type { SearchIndexOptions, SyncReport } from './search-index';
import type { SearchSource } from './search-source';

export interface LibrarySearchDeps {
  dataDir: string;
  source: SearchSource;
  logger: Logger;
  /** Told after every consistency check, e.g. to show damaged transcripts in the library. */
  onChecked?: (report: SyncReport) => void;
  /** Opens the index; `SearchIndex.open` unless a test stands in a failing one. */
  openIndex?: (dataDir: string, options: SearchIndexOptions) => SearchIndex;
}

/**
 * Library search kept up to date: checks the index against the transcripts on disk at start and
 * after the index had to be thrown away, indexes each transcript as it is saved or edited and
 * forgets deleted ones. Index trouble is logged, never thrown at the caller, except by `search`.
 */
export class LibrarySearch {
  /** Null when this build's SQLite cannot index at all (no FTS5): the app runs on without search. */
  private readonly index: SearchIndex | null;
  private readonly unavailable: string = '';
  private damaged: SyncReport['failed'] = [];

  constructor(private readonly deps: LibrarySearchDeps) {
    const open = deps.openIndex ?? ((dir, options) => SearchIndex.open(dir, options));
    try {
      this.index = open(deps.dataDir, { logger: deps.logger, onReset: () => void this.check() });
      const { state, reason } = this.index.openedAs;
      if (state !== 'opened' && state !== 'created') deps.logger.warn(`Library index ${state}: ${reason}`);
    } catch (error) {
      this.index = null;
      this.unavailable = (error as Error).message;
      deps.logger.error(`Library search is unavailable: ${this.unavailable}`);
    }
  }

  /** Brings the index in line with the disk (call at start, without awaiting); resolves with what changed, or null if the check failed. */
  async check(signal?: AbortSignal): Promise<SyncReport | null> {
    if (this.index === null) return null;
    const index = this.index;
    try {
      const report = await index.sync(await this.deps.source.entries(), (id) => this.deps.source.load(id), signal);
      this.damaged = report.failed;
      for (const { id, message } of report.failed) this.deps.logger.warn(`Transcript ${id} could not be indexed: ${message}`);
      this.deps.onChecked?.(report);
      return report;
    } catch (error) {
      this.deps.logger.error(`Library index check failed: ${(error as Error).message}`);
      return null;
    }
  }

  /** Indexes a transcript just saved or edited; true when it is searchable. */
  async indexTranscript(id: string): Promise<boolean> {
    if (this.index === null) return false;
    const index = this.index;
    try {
      index.upsert(await this.deps.source.load(id));
      this.damaged = this.damaged.filter((d) => d.id !== id);
      return true;
    } catch (error) {
      this.deps.logger.warn(`Transcript ${id} could not be indexed: ${(error as Error).message}`);
      return false;
    }
  }

  /** Forgets a deleted transcript. */
  forgetTranscript(id: string): void {
    try {
      this.index?.remove(id);
    } catch (error) {
      this.deps.logger.warn(`Transcript ${id} could not be removed from the index: ${(error as Error).message}`);
    }
  }

  /** Transcripts the last check could not read, with the reason. */
  damagedTranscripts(): SyncReport['failed'] {
    return [...this.damaged];
  }

  /** Searches titles, text and speaker names of the whole library (or of one transcript). */
  search(query: string, options?: SearchOptions): SearchResult {
    if (this.index === null) throw new AppError('UNSUPPORTED', `Search is not available in this build of the app (${this.unavailable}). Transcripts can still be opened from the library.`);
    return this.index.search(query, options);
  }

  /** An event sink that passes everything on and indexes each transcript announced as added. */
  watching(events: EventSink): EventSink {
    return {
      emit: (event, payload) => {
        events.emit(event, payload);
        if (event === 'transcripts.added') void this.indexTranscript((payload as { id: string }).id);
      },
    };
  }

  /** Closes the index file. */
  close(): void {
    this.index?.close();
  }
}
