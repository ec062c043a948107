import { mkdirSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { join } from 'node:path';
import { maxQueryLength, searchOptionsSchema } from '../../../common/search/search-schemas';
import type { SearchHit, SearchMoment, SearchOptions, SearchResult } from '../../../common/search/search-schemas';
import { findTermMatches, hasUnspacedScript, parseSearchQuery, snippetAround } from '../../../common/search/search-text';
import type { SearchTerm } from '../../../common/search/search-text';
import { speakerNameOf } from '../../../common/transcript/search-segments';
import type { SearchDoc } from '../../../common/transcript/search-segments';
import { AppError } from '../../../common/errors';
import type { Logger } from '../logging/logger';
import { matchCondition } from './fts-query';
import type { MatchTarget } from './fts-query';
import { searchSchemaSql, searchSchemaVersion } from './search-schema';

export const searchIndexFileName = 'library-index.sqlite';

const maxSyncPasses = 3;

/** How the index file was found when opened. */
export interface IndexOpening {
  /** `recreated`: the file was damaged or of another version and was started afresh; `memory`: no file could be used. */
  state: 'created' | 'opened' | 'recreated' | 'memory';
  reason: string;
}

/** A transcript on disk as the consistency check sees it. */
export interface SyncEntry {
  id: string;
  revision: string;
}

/** What a consistency check changed; damaged transcripts are listed, the rest are still indexed. */
export interface SyncReport {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: number;
  failed: { id: string; message: string }[];
}

export interface SearchIndexOptions {
  logger?: Logger;
  /** Told when a damaged index was thrown away while running: call `sync` to fill it again. */
  onReset?: (reason: string) => void;
}

interface Statements {
  docRowid: StatementSync;
  insertDoc: StatementSync;
  insertSegment: StatementSync;
  insertText: StatementSync;
  deleteTexts: StatementSync;
  deleteSegments: StatementSync;
  deleteDoc: StatementSync;
  revisions: StatementSync;
}

interface DocRow {
  rowid: number;
  id: string;
  title: string;
  created_at: string;
  duration_sec: number;
  hits: number;
}

interface SegmentRow {
  rowid: number;
  doc: number;
  idx: number;
  start_sec: number;
  end_sec: number;
  speaker: number | null;
  channel: number;
}

interface SegmentText {
  rowid: number;
  text: string;
  speaker_name: string;
}

const segmentTarget: MatchTarget = {
  table: 'segments',
  alias: 's',
  words: 'segment_words',
  trigrams: 'segment_trigrams',
  columns: ['x.text', 'x.speaker_name'],
  textJoin: 'JOIN segment_text x ON x.rowid = s.rowid',
};
const titleTarget: MatchTarget = { table: 'docs', alias: 'd', words: 'doc_words', trigrams: 'doc_trigrams', columns: ['d.title'] };

/**
 * Full-text index of the library in `<dataDir>/library-index.sqlite` (SQLite FTS5 through
 * node:sqlite). It is a cache of the transcripts on disk: a damaged or outdated file is thrown
 * away and refilled by `sync`, never a reason to fail. All SQLite use stays in this module.
 */
export class SearchIndex {
  readonly path: string;
  private db!: DatabaseSync;
  private statements!: Statements;
  private opening: IndexOpening;
  /** Counts resets, so a check running across one starts over. */
  private generation = 0;
  private syncing = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(dataDir: string, private readonly options: SearchIndexOptions) {
    this.path = join(dataDir, searchIndexFileName);
    this.opening = this.connect();
  }

  /** Opens (or creates) the index of a data folder; never throws for a damaged file. */
  static open(dataDir: string, options: SearchIndexOptions = {}): SearchIndex {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch {
      // Opening then fails too, and the index falls back to memory.
    }
    return new SearchIndex(dataDir, options);
  }

  /** How the file was found at open: the caller runs `sync` in every case, this only tells what to log. */
  get openedAs(): IndexOpening {
    return this.opening;
  }

  /** Adds a transcript or replaces everything indexed for it (title, text, speaker names). */
  upsert(doc: SearchDoc): void {
    this.guard(() => this.transaction(() => this.write(doc)));
  }

  /** Removes a transcript from the index; false when it was not there. */
  remove(id: string): boolean {
    return this.guard(() => this.transaction(() => this.erase(id)));
  }

  /** Throws the index away and indexes exactly these transcripts, in one transaction. */
  rebuild(docs: Iterable<SearchDoc>): void {
    this.reset('rebuild requested', false);
    this.guard(() =>
      this.transaction(() => {
        for (const doc of docs) this.write(doc);
      }),
    );
  }

  /** Indexed transcripts and their revisions. */
  revisions(): Map<string, string> {
    const rows = this.guard(() => this.statements.revisions.all()) as unknown as { id: string; revision: string }[];
    return new Map(rows.map((r) => [r.id, r.revision]));
  }

  /**
   * Makes the index match the transcripts on disk: indexes those missing or changed, drops those
   * gone. A transcript that cannot be loaded is reported in `failed` and does not stop the others.
   */
  sync(entries: readonly SyncEntry[], load: (id: string) => Promise<SearchDoc>, signal?: AbortSignal): Promise<SyncReport> {
    const run = this.queue.then(() => this.runSync(entries, load, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Library search: transcripts whose title, text or speaker names contain every term of the query. */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const { limit, perTranscript, transcriptId } = searchOptionsSchema.parse(options);
    const terms = parseSearchQuery(query.slice(0, maxQueryLength));
    const empty: SearchResult = { query, hits: [], totalTranscripts: 0, indexing: this.syncing > 0 };
    if (terms.length === 0) return empty;
    return this.guard(
      () => ({ ...empty, ...this.find(terms, limit, perTranscript, transcriptId) }),
      () => ({ ...empty, indexing: true }),
    );
  }

  /** Closes the database file. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private find(terms: SearchTerm[], limit: number, perTranscript: number, transcriptId: string | undefined): Pick<SearchResult, 'hits' | 'totalTranscripts'> {
    const inSegments = matchCondition(terms, segmentTarget);
    const inTitle = matchCondition(terms, titleTarget);
    if (inSegments === null || inTitle === null) return { hits: [], totalTranscripts: 0 };
    const only: { segments: string; titles: string; params: SQLInputValue[] } =
      transcriptId === undefined
        ? { segments: '', titles: '', params: [] }
        : { segments: ' AND s.doc = (SELECT rowid FROM docs WHERE id = ?)', titles: ' AND d.id = ?', params: [transcriptId] };

    // The matching paragraphs are listed once, narrow, then counted and sampled from that list.
    this.db.exec('DELETE FROM temp.search_hits');
    this.db
      .prepare(`INSERT INTO temp.search_hits (rowid, doc, idx) SELECT s.rowid, s.doc, s.idx FROM ${inSegments.from} WHERE ${inSegments.where}${only.segments}`)
      .run(...inSegments.params, ...only.params);
    const docs = this.db
      .prepare(
        `WITH segment_hits AS (SELECT doc, count(*) AS n FROM temp.search_hits GROUP BY doc),
              title_hits AS (SELECT d.rowid AS doc FROM ${inTitle.from} WHERE ${inTitle.where}${only.titles})
         SELECT d.rowid, d.id, d.title, d.created_at, d.duration_sec, coalesce(h.n, 0) AS hits
           FROM docs d LEFT JOIN segment_hits h ON h.doc = d.rowid LEFT JOIN title_hits t ON t.doc = d.rowid
          WHERE h.doc IS NOT NULL OR t.doc IS NOT NULL
          ORDER BY t.doc IS NOT NULL DESC, d.created_at DESC, d.rowid DESC`,
      )
      .all(...inTitle.params, ...only.params) as unknown as DocRow[];
    const shown = docs.slice(0, limit);
    if (shown.length === 0) return { hits: [], totalTranscripts: 0 };

    // Only the first few matches of each shown transcript are read in full.
    const first = this.db
      .prepare(
        `SELECT s.rowid, s.doc, s.idx, s.start_sec, s.end_sec, s.speaker, s.channel FROM (
           SELECT rowid, row_number() OVER (PARTITION BY doc ORDER BY idx) AS n
             FROM temp.search_hits WHERE doc IN (SELECT value FROM json_each(?))) h
           JOIN segments s ON s.rowid = h.rowid
          WHERE h.n <= ? ORDER BY s.doc, s.idx`,
      )
      .all(JSON.stringify(shown.map((d) => d.rowid)), perTranscript) as unknown as SegmentRow[];
    const texts = this.db
      .prepare('SELECT rowid, text, speaker_name FROM segment_text WHERE rowid IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(first.map((s) => s.rowid))) as unknown as SegmentText[];
    const textOf = new Map(texts.map((t) => [t.rowid, t]));
    const byDoc = new Map<number, SearchMoment[]>();
    for (const s of first) {
      const text = textOf.get(s.rowid) ?? { rowid: s.rowid, text: '', speaker_name: '' };
      byDoc.set(s.doc, [...(byDoc.get(s.doc) ?? []), moment(s, text, terms)]);
    }

    const hits = shown.map((d): SearchHit => ({
      id: d.id,
      title: d.title,
      titleMarks: findTermMatches(d.title, terms),
      createdAt: d.created_at,
      durationSec: d.duration_sec,
      matchCount: d.hits,
      moments: byDoc.get(d.rowid) ?? [],
    }));
    return { hits, totalTranscripts: docs.length };
  }

  private async runSync(entries: readonly SyncEntry[], load: (id: string) => Promise<SearchDoc>, signal: AbortSignal | undefined): Promise<SyncReport> {
    this.syncing += 1;
    try {
      // A reset during a pass empties the index under it: go again, but not forever.
      for (let pass = 1; ; pass += 1) {
        const generation = this.generation;
        const report = await this.syncPass(entries, load, signal);
        if (generation === this.generation || pass === maxSyncPasses) return report;
      }
    } finally {
      this.syncing -= 1;
    }
  }

  private async syncPass(entries: readonly SyncEntry[], load: (id: string) => Promise<SearchDoc>, signal: AbortSignal | undefined): Promise<SyncReport> {
    const report: SyncReport = { added: [], updated: [], removed: [], unchanged: 0, failed: [] };
    const wanted = new Map(entries.map((e) => [e.id, e.revision]));
    const indexed = this.revisions();
    for (const id of indexed.keys()) {
      if (!wanted.has(id) && this.remove(id)) report.removed.push(id);
    }
    for (const [id, revision] of wanted) {
      signal?.throwIfAborted();
      if (indexed.get(id) === revision) {
        report.unchanged += 1;
        continue;
      }
      let doc: SearchDoc;
      try {
        doc = await load(id);
      } catch (error) {
        // What cannot be opened should not be found either.
        this.remove(id);
        report.failed.push({ id, message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      this.upsert({ ...doc, revision });
      (indexed.has(id) ? report.updated : report.added).push(id);
    }
    return report;
  }

  private write(doc: SearchDoc): void {
    const s = this.statements;
    this.erase(doc.id);
    const unspacedTitle = hasUnspacedScript(doc.title) ? 1 : 0;
    const { lastInsertRowid } = s.insertDoc.run(doc.id, doc.title, doc.createdAt, finite(doc.durationSec), doc.revision, unspacedTitle);
    doc.segments.forEach((segment, index) => {
      const speakerName = speakerNameOf(segment.speaker, doc.speakerNames);
      const unspaced = hasUnspacedScript(segment.text) || hasUnspacedScript(speakerName) ? 1 : 0;
      const row = s.insertSegment.run(lastInsertRowid, index, finite(segment.start), finite(segment.end), segment.speaker, segment.channel, unspaced);
      s.insertText.run(row.lastInsertRowid, segment.text, speakerName, unspaced);
    });
  }

  private erase(id: string): boolean {
    const row = this.statements.docRowid.get(id) as { rowid: number } | undefined;
    if (row === undefined) return false;
    this.statements.deleteTexts.run(row.rowid);
    this.statements.deleteSegments.run(row.rowid);
    this.statements.deleteDoc.run(row.rowid);
    return true;
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
      } catch {
        // A damaged file can refuse even the rollback; guard() replaces the file next.
      }
      throw error;
    }
  }

  /** Runs work; a damaged file is replaced by an empty index and the work is retried once on it. */
  private guard<T>(work: () => T, fallback: () => T = work): T {
    try {
      return work();
    } catch (error) {
      if (!isDamage(error)) throw wrapFailure(error);
      this.reset(`the index file is damaged (${(error as Error).message})`, true);
      return fallback();
    }
  }

  private reset(reason: string, unexpected: boolean): void {
    this.close();
    if (unexpected) this.options.logger?.warn(`Library index reset: ${reason}`);
    this.deleteFiles();
    this.opening = this.connect();
    this.generation += 1;
    if (unexpected) this.options.onReset?.(reason);
  }

  private connect(): IndexOpening {
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(this.path);
      const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
      const tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number }).n;
      if (version === 0 && tables === 0) return this.create(db, 'created', 'new index');
      if (version !== searchSchemaVersion) throw new OutdatedIndex(`schema version ${version}, this app uses ${searchSchemaVersion}`);
      const check = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
      if (check.length !== 1 || check[0]?.quick_check !== 'ok') throw new OutdatedIndex(`integrity check failed: ${check[0]?.quick_check ?? 'no answer'}`);
      this.use(db);
      return { state: 'opened', reason: 'existing index' };
    } catch (error) {
      if (db?.isOpen) db.close();
      if (!(error instanceof OutdatedIndex) && !isSqliteError(error)) throw error;
      const reason = error instanceof OutdatedIndex ? error.message : `unreadable index (${(error as Error).message})`;
      this.options.logger?.warn(`Library index recreated: ${reason}`);
      this.deleteFiles();
      try {
        return this.create(new DatabaseSync(this.path), 'recreated', reason);
      } catch (again) {
        this.options.logger?.error(`Library index kept in memory: ${(again as Error).message}`);
        return this.create(new DatabaseSync(':memory:'), 'memory', `${reason}; the file cannot be written`);
      }
    }
  }

  private create(db: DatabaseSync, state: IndexOpening['state'], reason: string): IndexOpening {
    db.exec('BEGIN');
    db.exec(searchSchemaSql);
    db.exec(`PRAGMA user_version = ${searchSchemaVersion}`);
    db.exec('COMMIT');
    this.use(db);
    return { state, reason };
  }

  private use(db: DatabaseSync): void {
    // WAL with NORMAL sync: a crash may lose the last commits, never the file; sync() restores them.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY');
    db.exec('CREATE TEMP TABLE search_hits (rowid INTEGER PRIMARY KEY, doc INTEGER NOT NULL, idx INTEGER NOT NULL)');
    this.db = db;
    this.statements = {
      docRowid: db.prepare('SELECT rowid FROM docs WHERE id = ?'),
      insertDoc: db.prepare('INSERT INTO docs (id, title, created_at, duration_sec, revision, unspaced) VALUES (?, ?, ?, ?, ?, ?)'),
      insertSegment: db.prepare('INSERT INTO segments (doc, idx, start_sec, end_sec, speaker, channel, unspaced) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertText: db.prepare('INSERT INTO segment_text (rowid, text, speaker_name, unspaced) VALUES (?, ?, ?, ?)'),
      deleteTexts: db.prepare('DELETE FROM segment_text WHERE rowid IN (SELECT rowid FROM segments WHERE doc = ?)'),
      deleteSegments: db.prepare('DELETE FROM segments WHERE doc = ?'),
      deleteDoc: db.prepare('DELETE FROM docs WHERE rowid = ?'),
      revisions: db.prepare('SELECT id, revision FROM docs'),
    };
  }

  private deleteFiles(): void {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      try {
        rmSync(`${this.path}${suffix}`, { force: true });
      } catch {
        // An unusable folder: creating the file fails next, and the index lives in memory.
      }
    }
  }
}

class OutdatedIndex extends Error {}

function moment(s: SegmentRow, text: SegmentText, terms: SearchTerm[]): SearchMoment {
  const snippet = snippetAround(text.text, findTermMatches(text.text, terms));
  return {
    segmentIndex: s.idx,
    start: s.start_sec,
    end: s.end_sec,
    speaker: s.speaker,
    speakerName: text.speaker_name,
    channel: s.channel,
    snippet,
  };
}

interface SqliteError extends Error {
  errcode: number;
}

function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Error && typeof (error as Partial<SqliteError>).errcode === 'number';
}

const sqliteCorrupt = 11;
const sqliteNotADatabase = 26;

/** SQLITE_CORRUPT or SQLITE_NOTADB, extended codes included: the file, not the query, is at fault. */
function isDamage(error: unknown): boolean {
  if (!isSqliteError(error)) return false;
  const primary = error.errcode & 0xff;
  return primary === sqliteCorrupt || primary === sqliteNotADatabase;
}

function wrapFailure(error: unknown): unknown {
  if (!isSqliteError(error)) return error;
  return new AppError('INTERNAL', `The library index could not be used (${error.message}).`);
}

function finite(value: number): SQLInputValue {
  return Number.isFinite(value) ? value : 0;
}
