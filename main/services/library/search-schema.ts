/**
 * Layout of the library index. The index is derived data: a file with another `user_version`
 * is deleted and rebuilt from the transcripts, never migrated.
 */
export const searchSchemaVersion = 1;

// Prefix indexes for 2 and 3 characters: the last word is a prefix while it is typed.
const words = `tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'`;
const trigrams = `tokenize = 'trigram remove_diacritics 1'`;

/**
 * Two full-text indexes over the same rows: words (unicode61) for spaced scripts, trigrams for
 * scripts written without spaces. Only rows holding such a script (`unspaced = 1`) enter the
 * trigram index, which keeps it small for a library in English.
 */
export const searchSchemaSql = `
CREATE TABLE docs (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  duration_sec REAL NOT NULL,
  revision TEXT NOT NULL,
  unspaced INTEGER NOT NULL
);
CREATE TABLE segments (
  rowid INTEGER PRIMARY KEY,
  doc INTEGER NOT NULL REFERENCES docs(rowid),
  idx INTEGER NOT NULL,
  start_sec REAL NOT NULL,
  end_sec REAL NOT NULL,
  speaker INTEGER,
  channel INTEGER NOT NULL,
  unspaced INTEGER NOT NULL
);
-- The text lives apart so that counting matches per transcript reads only the narrow rows above.
CREATE TABLE segment_text (
  rowid INTEGER PRIMARY KEY,
  text TEXT NOT NULL,
  speaker_name TEXT NOT NULL,
  unspaced INTEGER NOT NULL
);
CREATE INDEX segments_by_doc ON segments(doc, idx);

CREATE VIRTUAL TABLE segment_words USING fts5(text, speaker_name, content = 'segment_text', content_rowid = 'rowid', ${words});
CREATE VIRTUAL TABLE segment_trigrams USING fts5(text, speaker_name, content = 'segment_text', content_rowid = 'rowid', ${trigrams});
CREATE VIRTUAL TABLE doc_words USING fts5(title, content = 'docs', content_rowid = 'rowid', ${words});
CREATE VIRTUAL TABLE doc_trigrams USING fts5(title, content = 'docs', content_rowid = 'rowid', ${trigrams});

CREATE TRIGGER segment_text_ai AFTER INSERT ON segment_text BEGIN
  INSERT INTO segment_words(rowid, text, speaker_name) VALUES (new.rowid, new.text, new.speaker_name);
END;
CREATE TRIGGER segment_text_ai_trigrams AFTER INSERT ON segment_text WHEN new.unspaced = 1 BEGIN
  INSERT INTO segment_trigrams(rowid, text, speaker_name) VALUES (new.rowid, new.text, new.speaker_name);
END;
CREATE TRIGGER segment_text_ad AFTER DELETE ON segment_text BEGIN
  INSERT INTO segment_words(segment_words, rowid, text, speaker_name) VALUES ('delete', old.rowid, old.text, old.speaker_name);
END;
CREATE TRIGGER segment_text_ad_trigrams AFTER DELETE ON segment_text WHEN old.unspaced = 1 BEGIN
  INSERT INTO segment_trigrams(segment_trigrams, rowid, text, speaker_name) VALUES ('delete', old.rowid, old.text, old.speaker_name);
END;
CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN
  INSERT INTO doc_words(rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER docs_ai_trigrams AFTER INSERT ON docs WHEN new.unspaced = 1 BEGIN
  INSERT INTO doc_trigrams(rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER docs_ad AFTER DELETE ON docs BEGIN
  INSERT INTO doc_words(doc_words, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
CREATE TRIGGER docs_ad_trigrams AFTER DELETE ON docs WHEN old.unspaced = 1 BEGIN
  INSERT INTO doc_trigrams(doc_trigrams, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
`;
