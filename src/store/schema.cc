#include "schema.h"

#include <string>

#include "fissure/store/archive.h"
#include "meta_tokens.h"

namespace fissure::store {
namespace {

// Version 1. Every column is described in docs/schema.md; change both together.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE ingest_run(
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  command     TEXT,
  documents_read INTEGER, documents_new INTEGER, documents_revised INTEGER,
  documents_unchanged INTEGER, documents_skipped INTEGER, duplicates INTEGER, sentences INTEGER
);
CREATE TABLE source(
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE document(
  key              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  source           TEXT,
  source_id        INTEGER REFERENCES source(id),
  country          TEXT,
  date             TEXT,
  date_precision   TEXT CHECK (date_precision IN ('year', 'month', 'day')),
  date_start       TEXT,
  date_end         TEXT,
  title            TEXT,
  url              TEXT,
  lang             TEXT,
  metadata         TEXT,
  current_revision INTEGER NOT NULL,
  text_sha256      TEXT NOT NULL,
  sentence_count   INTEGER NOT NULL,
  minhash          BLOB,
  first_seen       TEXT NOT NULL,
  last_changed     TEXT NOT NULL,
  last_seen_run    INTEGER,
  withdrawn_at     TEXT
);
CREATE INDEX document_text_sha256 ON document(text_sha256);
CREATE TABLE revision(
  id           INTEGER PRIMARY KEY,
  document_key INTEGER NOT NULL REFERENCES document(key),
  n            INTEGER NOT NULL,
  text         TEXT NOT NULL,
  text_sha256  TEXT NOT NULL,
  title        TEXT,
  date         TEXT,
  seen_at      TEXT NOT NULL,
  run_id       INTEGER REFERENCES ingest_run(id),
  origin       TEXT,
  UNIQUE(document_key, n)
);
CREATE TABLE sentence(
  id           INTEGER PRIMARY KEY,
  document_key INTEGER NOT NULL REFERENCES document(key),
  revision     INTEGER NOT NULL,
  n            INTEGER NOT NULL,
  start        INTEGER NOT NULL,
  end          INTEGER NOT NULL,
  hash         INTEGER NOT NULL,
  boilerplate  INTEGER NOT NULL DEFAULT 0,
  UNIQUE(document_key, revision, n)
);
-- What the full-text index holds: current, non-boilerplate sentences, with their document's
-- filter tokens (meta_tokens.h). The index keeps no copy of the text (external content): FTS5
-- reads it through this view for snippets.
CREATE VIEW sentence_indexed AS
  SELECT s.id AS id, CAST(substr(CAST(r.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT) AS text,
         @META@ AS meta
  FROM sentence s
  JOIN document d ON d.key = s.document_key AND s.revision = d.current_revision
  JOIN revision r ON r.document_key = s.document_key AND r.n = s.revision
  WHERE s.boilerplate = 0;
CREATE VIRTUAL TABLE sentence_fts USING fts5(text, meta, content = 'sentence_indexed', content_rowid = 'id',
                                             tokenize = 'unicode61 remove_diacritics 2');
-- Rank by the text alone: the filter tokens must not move scores.
INSERT INTO sentence_fts(sentence_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)');
INSERT INTO sentence_fts(sentence_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO sentence_fts(sentence_fts, rank) VALUES ('automerge', 8);
INSERT INTO sentence_fts(sentence_fts, rank) VALUES ('crisismerge', 32);
CREATE VIRTUAL TABLE title_fts USING fts5(title, content = 'document', content_rowid = 'key',
                                          tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE duplicate(
  document_key    INTEGER NOT NULL REFERENCES document(key),
  of_document_key INTEGER NOT NULL REFERENCES document(key),
  kind            TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
  similarity      REAL NOT NULL,
  revision        INTEGER NOT NULL,
  PRIMARY KEY(document_key, of_document_key, kind)
) WITHOUT ROWID;
CREATE INDEX duplicate_of ON duplicate(of_document_key);
CREATE TABLE minhash_band(
  band_key     INTEGER NOT NULL,
  document_key INTEGER NOT NULL REFERENCES document(key),
  PRIMARY KEY(band_key, document_key)
) WITHOUT ROWID;
CREATE TABLE boilerplate(
  source     TEXT NOT NULL,
  hash       INTEGER NOT NULL,
  example    TEXT NOT NULL,
  documents  INTEGER NOT NULL,
  found_at   TEXT NOT NULL,
  PRIMARY KEY(source, hash)
) WITHOUT ROWID;
CREATE VIEW sentence_text AS
  SELECT s.id, s.document_key, d.id AS document_id, s.revision, s.n, s.start, s.end, s.boilerplate,
         CAST(substr(CAST(r.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT) AS text
  FROM sentence s
  JOIN document d ON d.key = s.document_key
  JOIN revision r ON r.document_key = s.document_key AND r.n = s.revision;
)sql";

// Version 2: the coding of every sentence (docs/schema.md, "Coding"). The full-text index's meta
// column gains the coding's filter tokens; a sentence not coded yet keeps exactly its version-1
// meta string, so a migrated archive's index stays consistent without a rebuild.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE coding_run(
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  coder       TEXT NOT NULL,
  mode        TEXT NOT NULL CHECK (mode IN ('ingest', 'full', 'incremental')),
  sentences   INTEGER
);
CREATE TABLE sentence_coding(
  sentence_id  INTEGER PRIMARY KEY REFERENCES sentence(id),
  lang         TEXT NOT NULL,
  speaker      TEXT,
  speaker_rule TEXT,
  tone         REAL,
  tone_fissure REAL,
  domains      TEXT,
  tokens       TEXT,
  run_id       INTEGER REFERENCES coding_run(id)
);
CREATE TABLE mention(
  sentence_id  INTEGER NOT NULL REFERENCES sentence(id),
  n            INTEGER NOT NULL,
  start        INTEGER NOT NULL,
  end          INTEGER NOT NULL,
  code         TEXT NOT NULL,
  kind         TEXT NOT NULL,
  country      TEXT,
  name         TEXT,
  tone         REAL,
  tone_fissure REAL,
  clause_start INTEGER,
  clause_end   INTEGER,
  dictionary   TEXT,
  line         INTEGER,
  PRIMARY KEY(sentence_id, n)
) WITHOUT ROWID;
CREATE INDEX mention_code ON mention(code);
CREATE TABLE event(
  sentence_id INTEGER NOT NULL REFERENCES sentence(id),
  n           INTEGER NOT NULL,
  source      TEXT,
  target      TEXT,
  cameo       TEXT NOT NULL,
  goldstein   REAL,
  quad_class  INTEGER,
  plover      TEXT,
  verb_start  INTEGER,
  verb_end    INTEGER,
  dictionary  TEXT,
  line        INTEGER,
  rule        TEXT,
  PRIMARY KEY(sentence_id, n)
) WITHOUT ROWID;
CREATE TABLE domain_term(
  sentence_id INTEGER NOT NULL REFERENCES sentence(id),
  n           INTEGER NOT NULL,
  domain      TEXT NOT NULL,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  dictionary  TEXT,
  line        INTEGER,
  PRIMARY KEY(sentence_id, n)
) WITHOUT ROWID;
-- The dictionary entries the archive was last coded with: `fissure code` compares them with the
-- current dictionaries to find the sentences a change affects.
CREATE TABLE dictionary_entry(
  dictionary TEXT NOT NULL,
  key        TEXT NOT NULL,
  hash       TEXT NOT NULL,
  phrase     TEXT NOT NULL,
  PRIMARY KEY(dictionary, key)
) WITHOUT ROWID;
DROP VIEW sentence_indexed;
CREATE VIEW sentence_indexed AS
  SELECT s.id AS id, CAST(substr(CAST(r.text AS BLOB), s.start + 1, s.end - s.start) AS TEXT) AS text,
         @META@ || coalesce(' ' || c.tokens, '') AS meta
  FROM sentence s
  JOIN document d ON d.key = s.document_key AND s.revision = d.current_revision
  JOIN revision r ON r.document_key = s.document_key AND r.n = s.revision
  LEFT JOIN sentence_coding c ON c.sentence_id = s.id AND c.tokens != ''
  WHERE s.boilerplate = 0;
)sql";

std::string with_meta(std::string ddl) {
  ddl.replace(ddl.find("@META@"), 6, kMetaTokensSql);
  return ddl;
}

}  // namespace

Status configure_connection(sqlite::Database& db, bool read_only) {
  if (!read_only) {
    FISSURE_RETURN_IF_ERROR(db.exec("PRAGMA journal_mode=WAL"));
    // Checkpoint every ~40 MiB of WAL instead of every 4 MiB: fewer copies of hot index pages.
    FISSURE_RETURN_IF_ERROR(db.exec("PRAGMA wal_autocheckpoint=10000"));
    // NORMAL in WAL mode: a power loss may lose the last transactions but never corrupts the
    // file; a killed process loses nothing that was committed.
    FISSURE_RETURN_IF_ERROR(db.exec("PRAGMA synchronous=NORMAL"));
  }
  FISSURE_RETURN_IF_ERROR(db.exec("PRAGMA foreign_keys=ON"));
  FISSURE_RETURN_IF_ERROR(db.exec("PRAGMA cache_size=-262144"));  // 256 MiB
  FISSURE_RETURN_IF_ERROR(db.exec("PRAGMA temp_store=MEMORY"));
  // Readers map the file (fast FTS scans); the writer does not, so that its resident memory stays
  // at the page cache's size however large the archive grows. The request is larger than any
  // archive; SQLite clamps it to its compile-time limit (2 GiB in Debian's build), so a full-corpus
  // archive (1.1 GB) is mapped whole rather than its last pages read through the page cache.
  return read_only ? db.exec("PRAGMA mmap_size=68719476736") : Status::ok();
}

Result<int> schema_version(sqlite::Database& db) {
  auto has_meta = db.query_int("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'");
  if (!has_meta) return has_meta.status();
  if (*has_meta == 0) {
    auto tables = db.query_int("SELECT count(*) FROM sqlite_master");
    if (!tables) return tables.status();
    if (*tables != 0) return Status::invalid("not a fissure archive (it has tables but no meta table)");
    return 0;
  }
  auto v = db.query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'");
  if (!v) return v.status();
  return static_cast<int>(*v);
}

Status ensure_schema(sqlite::Database& db) {
  auto v = schema_version(db);
  if (!v) return v.status();
  if (*v > kSchemaVersion)
    return Status::invalid("archive schema version " + std::to_string(*v) +
                           " is newer than this fissure understands (" + std::to_string(kSchemaVersion) + ")");
  if (*v == kSchemaVersion) return Status::ok();
  FISSURE_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  // Re-read inside the write lock: another process may have created the schema meanwhile.
  auto again = schema_version(db);
  if (!again) {
    (void)db.exec("ROLLBACK");
    return again.status();
  }
  Status st;
  if (*again == 0) {
    st = db.exec(with_meta(kSchemaV1));
    if (st) st = db.exec(with_meta(kSchemaV2));
    if (st) {
      auto ins = db.prepare("INSERT INTO meta(key, value) VALUES (?, ?)");
      if (!ins) st = ins.status();
      else {
        st = ins->bind(1, "schema_version").bind(2, std::to_string(kSchemaVersion)).run();
        if (st) st = ins->bind(1, "created_at").bind(2, "").run();
        if (st) st = db.exec("UPDATE meta SET value = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE key='created_at'");
        if (st) st = ins->bind(1, "tokenizer").bind(2, "unicode61 remove_diacritics 2").run();
        if (st) st = ins->bind(1, "sentence_splitter").bind(2, "ICU sentence break, locale en@ss=standard").run();
      }
    }
  } else if (*again == 1) {
    st = db.exec(with_meta(kSchemaV2));
    if (st) st = db.exec("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
  }
  if (!st) {
    (void)db.exec("ROLLBACK");
    return st;
  }
  return db.exec("COMMIT");
}

}  // namespace fissure::store
