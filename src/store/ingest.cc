#include "fissure/store/ingest.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "boilerplate_detector.h"
#include "background_checkpoint.h"
#include "coding_writer.h"
#include "fissure/text/fingerprint.h"
#include "fissure/text/sentence_splitter.h"
#include "fissure/text/words.h"
#include "fissure/util/bounded_queue.h"
#include "fts_pretokens.h"
#include "meta_tokens.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

using Clock = std::chrono::steady_clock;

// Documents shorter than this many shingles are not checked for near-duplicates: on a few words
// a Jaccard estimate says little, and exact duplicates are caught by hash anyway.
constexpr uint32_t kMinShinglesForNearDuplicate = 16;
constexpr double kNearDuplicateJaccard = 0.9;
// LSH banding of the first 64 MinHash slots: 8 bands of 8 rows. A pair with Jaccard 0.9 shares a
// band with probability 1 - (1 - 0.9^8)^8 = 0.989; at 0.5, about 0.03. Each band is a B-tree
// insert per document, the largest cost of ingest after the full-text index, hence 8 and not 16.
// The similarity itself is estimated from all 128 slots.
constexpr int kBands = 8;
constexpr int kRowsPerBand = 8;
// Boilerplate is looked for only in documents of at least this many sentences: a one-line
// headline repeated a thousand times is content, not a footer.
constexpr int64_t kMinSentencesForBoilerplate = 3;
// Boilerplate stands at a document's edges (licence footers, sign-offs, bylines); a formula that
// recurs in the middle of speeches ("This is not the case.") is content.
constexpr size_t kBoilerplateEdge = 2;

struct PreparedDocument {
  Document doc;
  std::string sha256;
  std::vector<Span> sentences;
  std::vector<int64_t> hashes;
  std::vector<SentenceCoding> codings;  // one per sentence when a coder is given, else empty
  std::vector<store::CodingStrings> coding_strings;  // beside codings
  MinHash minhash;
  // Computed here rather than in the single writer: the date's stored forms and the LSH band keys.
  std::string date, date_precision, date_start, date_end;
  std::array<int64_t, kBands> band_keys{};
  // The filter tokens that depend on the document alone (meta_tokens.h).
  std::string country_token, date_tokens;
  // Each sentence's full-text tokens (fts_pretokens.h); empty if they could not be recorded.
  store::PretokenizedTexts index_tokens;
};

struct Batch {
  uint64_t seq = 0;
  std::vector<Document> raw;
  std::vector<PreparedDocument> prepared;
};

// Binds a string without a copy (store::bind_view), or NULL for an empty one. Every string bound
// this way lives in the PreparedDocument or the Writer until its statement has run.
void bind_or_null_view(sqlite::Statement& s, int i, std::string_view v) {
  if (v.empty())
    s.bind_null(i);
  else
    store::bind_view(s, i, v);
}

std::string now_utc() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

PreparedDocument prepare(Document doc, const SentenceSplitter& splitter,
                         const store::Pretokenizer* pretokenizer, const SentenceCoder* coder) {
  PreparedDocument p;
  p.sha256 = sha256_hex(doc.text);
  p.sentences = splitter.split(doc.text);
  p.hashes.reserve(p.sentences.size());
  for (const Span& s : p.sentences)
    p.hashes.push_back(
        normalized_sentence_hash(std::string_view(doc.text).substr(s.start, s.end - s.start)));
  if (pretokenizer) {
    // Boilerplate sentences are tokenized too: which they are is known only to the writer.
    p.index_tokens.text_ends.reserve(p.sentences.size());
    p.index_tokens.chars_at.reserve(p.sentences.size());
    p.index_tokens.chars.reserve(doc.text.size());        // folding never lengthens ASCII
    p.index_tokens.tokens.reserve(doc.text.size() / 5);  // English averages 6 bytes a word
    for (const Span& s : p.sentences) {
      if (!pretokenizer->add(std::string_view(doc.text).substr(s.start, s.end - s.start),
                             &p.index_tokens)) {
        p.index_tokens.clear();  // the writer's FTS5 tokenizes them itself
        break;
      }
    }
  }
  if (coder) {
    const SentenceContext context{doc.country, doc.source, doc.date, doc.lang};
    p.codings.reserve(p.sentences.size());
    for (const Span& s : p.sentences)
      p.codings.push_back(
          coder->code(std::string_view(doc.text).substr(s.start, s.end - s.start), context));
    p.coding_strings.reserve(p.codings.size());
    for (const SentenceCoding& c : p.codings) p.coding_strings.push_back(store::coding_strings(c));
  }
  p.minhash = minhash(doc.text);
  for (int b = 0; b < kBands; ++b) {
    std::string_view rows(reinterpret_cast<const char*>(p.minhash.slots.data() + b * kRowsPerBand),
                          kRowsPerBand * sizeof(uint32_t));
    p.band_keys[b] = static_cast<int64_t>(hash64(rows, static_cast<uint64_t>(b)));
  }
  p.country_token = store::country_token(doc.country);
  p.date_tokens = store::date_tokens(doc.date);
  if (doc.date) {
    p.date = doc.date->to_string();
    p.date_precision = precision_name(doc.date->precision());
    p.date_start = doc.date->first_day().to_string();
    p.date_end = doc.date->last_day().to_string();
  }
  p.doc = std::move(doc);
  return p;
}

// Sentence rows, queued and written several per statement, as the codings are (coding_writer.h).
// Their ids are given here: the next after the table's largest, which is the id SQLite itself
// would give (INTEGER PRIMARY KEY, no AUTOINCREMENT), so that the full-text index and the codings
// can use an id before its row is written.
class SentenceRows {
 public:
  Status init(sqlite::Database& db) {
    FISSURE_RETURN_IF_ERROR(insert_.prepare(
        db, "sentence(id, document_key, revision, n, start, end, hash, boilerplate)", 8));
    auto last = db.prepare("SELECT coalesce(max(id), 0) FROM sentence");
    if (!last) return last.status();
    last_ = std::move(*last);
    return Status::ok();
  }
  // At the start of each write transaction: another process may have written sentences since.
  Status begin() {
    Status st;
    next_id_ = last_.step(&st) ? last_.int64(0) + 1 : 1;
    last_.reset();
    return st;
  }
  int64_t queue(int64_t key, int revision, size_t n, const Span& span, int64_t hash,
                bool boilerplate) {
    rows_.push_back({next_id_, key, revision, static_cast<int64_t>(n),
                     static_cast<int64_t>(span.start), static_cast<int64_t>(span.end), hash,
                     boilerplate ? 1 : 0});
    return next_id_++;
  }
  Status flush() {
    Status st = insert_.insert(
        rows_.size(), [&](sqlite::Statement& s, int base, size_t k) { bind(s, base, rows_[k]); });
    rows_.clear();
    return st;
  }
  void discard() { rows_.clear(); }

 private:
  struct Row {
    int64_t id, key, revision, n, start, end, hash, boilerplate;
  };
  static void bind(sqlite::Statement& s, int b, const Row& r) {
    s.bind(b + 1, r.id).bind(b + 2, r.key).bind(b + 3, r.revision).bind(b + 4, r.n);
    s.bind(b + 5, r.start).bind(b + 6, r.end).bind(b + 7, r.hash).bind(b + 8, r.boilerplate);
  }
  store::RowInserter insert_;
  sqlite::Statement last_;
  std::vector<Row> rows_;
  int64_t next_id_ = 1;
};

// The single writer: owns the statements and the per-run state (boilerplate summary).
class Writer {
 public:
  Writer(sqlite::Database& db, const IngestOptions& options, IngestSummary& summary)
      : db_(db), options_(options), summary_(summary), coding_(db) {}

  Status init() {
    now_ = now_utc();
    replay_ = store::TokenReplay::of(db_.raw());
    struct Prep {
      sqlite::Statement* stmt;
      const char* sql;
    };
    // ?1 .. ?kBands: the band keys; each band's first 64 documents, as one query per band gave.
    std::string find_bands_sql,
        insert_bands_sql = "INSERT OR IGNORE INTO minhash_band(band_key, document_key) VALUES ";
    for (int b = 1; b <= kBands; ++b) {
      const std::string n = std::to_string(b);
      if (b > 1) find_bands_sql += " UNION ALL ";
      find_bands_sql +=
          "SELECT document_key FROM (SELECT document_key FROM minhash_band WHERE band_key = ?";
      find_bands_sql += n;
      find_bands_sql += " LIMIT 64)";
      if (b > 1) insert_bands_sql += ", ";
      insert_bands_sql += "(?";
      insert_bands_sql += n;
      insert_bands_sql += ", ?";
      insert_bands_sql += std::to_string(kBands + 1);
      insert_bands_sql += ")";
    }
    const Prep preps[] = {
        // The document by id and, unless its text is unchanged, the earliest other document with
        // the same text (an exact duplicate): two questions, one statement. A row comes back even
        // for a new id, with NULL for its own columns.
        {&find_doc_,
         "SELECT d.key, d.current_revision, d.text_sha256, d.title, CASE WHEN d.text_sha256 IS ?2 "
         "THEN NULL "
         "ELSE (SELECT x.key FROM document x WHERE x.text_sha256 = ?2 AND x.key IS NOT d.key ORDER "
         "BY x.key "
         "LIMIT 1) END FROM (SELECT 1) LEFT JOIN document d ON d.id = ?1"},
        {&find_source_, "SELECT id FROM source WHERE name = ?"},
        {&insert_source_, "INSERT INTO source(name) VALUES (?)"},
        {&insert_doc_,
         "INSERT INTO document(id, source, country, date, date_precision, date_start, date_end, "
         "title, url, lang, "
         "metadata, current_revision, text_sha256, sentence_count, minhash, first_seen, "
         "last_changed, last_seen_run, "
         "source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
        {&update_doc_,
         "UPDATE document SET source = ?, country = ?, date = ?, date_precision = ?, date_start = "
         "?, date_end = ?, "
         "title = ?, url = ?, lang = ?, metadata = ?, current_revision = ?, text_sha256 = ?, "
         "sentence_count = ?, "
         "minhash = ?, last_changed = ?, last_seen_run = ?, withdrawn_at = NULL, source_id = ? "
         "WHERE key = ?"},
        {&touch_doc_, "UPDATE document SET last_seen_run = ?, withdrawn_at = NULL WHERE key = ?"},
        {&insert_revision_,
         "INSERT INTO revision(document_key, n, text, text_sha256, title, date, seen_at, run_id, "
         "origin) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
        {&insert_fts_, "INSERT INTO sentence_fts(rowid, text, meta) VALUES (?, ?, ?)"},
        // The index has no copy of the text: removing a row means giving FTS5 the text it indexed.
        {&delete_fts_,
         "INSERT INTO sentence_fts(sentence_fts, rowid, text, meta) VALUES ('delete', ?, ?, ?)"},
        {&indexed_text_, "SELECT text, meta FROM sentence_indexed WHERE id = ?"},
        {&old_sentences_,
         "SELECT id FROM sentence WHERE document_key = ? AND revision = ? AND boilerplate = 0"},
        {&insert_title_, "INSERT INTO title_fts(rowid, title) VALUES (?, ?)"},
        {&delete_title_, "INSERT INTO title_fts(title_fts, rowid, title) VALUES ('delete', ?, ?)"},
        {&insert_duplicate_,
         "INSERT OR IGNORE INTO duplicate(document_key, of_document_key, kind, similarity, "
         "revision) VALUES (?, ?, ?, ?, ?)"},
        // All bands in one statement each: one statement's fixed cost (opening, halting,
        // resetting) instead of eight. Neither can abort halfway, so neither runs in a statement
        // savepoint (which would make FTS5 flush its pending index).
        {&find_bands_, find_bands_sql.c_str()},
        {&insert_bands_, insert_bands_sql.c_str()},
        {&delete_bands_, "DELETE FROM minhash_band WHERE document_key = ?"},
        {&load_minhash_, "SELECT minhash FROM document WHERE key = ?"},
        {&insert_boilerplate_,
         "INSERT OR IGNORE INTO boilerplate(source, hash, example, documents, found_at) VALUES (?, "
         "?, ?, ?, ?)"},
        // Occurrences are found through the index itself (a phrase query on the line's words),
        // then confirmed by hash: cheaper than keeping an index on every sentence's hash.
        {&boilerplate_sentences_,
         "SELECT s.id FROM sentence_fts f JOIN sentence s ON s.id = f.rowid JOIN document d ON "
         "d.key = "
         "s.document_key WHERE sentence_fts MATCH ?1 AND s.hash = ?2 AND d.source IS ?3 AND "
         "d.sentence_count >= ?4"},
        {&mark_boilerplate_, "UPDATE sentence SET boilerplate = 1 WHERE id = ?"},
    };
    FISSURE_RETURN_IF_ERROR(sentences_.init(db_));
    if (options_.coder) {
      FISSURE_RETURN_IF_ERROR(coding_.init());
      FISSURE_RETURN_IF_ERROR(start_coding_run());
    }
    for (const auto& p : preps) {
      auto st = db_.prepare(p.sql);
      if (!st) return st.status();
      *p.stmt = std::move(*st);
    }
    // Boilerplate already known from earlier runs.
    auto known = db_.prepare("SELECT source, hash FROM boilerplate");
    if (!known) return known.status();
    Status st;
    while (known->step(&st)) detector_.add_known(known->str(0), known->int64(1));
    FISSURE_RETURN_IF_ERROR(st);
    // The run itself, in its own transaction so that it is recorded even if the ingest dies.
    auto run = db_.prepare("INSERT INTO ingest_run(started_at, command) VALUES (?, ?)");
    if (!run) return run.status();
    FISSURE_RETURN_IF_ERROR(run->bind(1, now_).bind(2, options_.command).run());
    run_id_ = db_.last_insert_rowid();
    return Status::ok();
  }

  Status begin() {
    FISSURE_RETURN_IF_ERROR(db_.exec("BEGIN IMMEDIATE"));
    return sentences_.begin();
  }
  Status commit() {
    FISSURE_RETURN_IF_ERROR(flush_queued());
    return db_.exec("COMMIT");
  }
  void rollback() {
    sentences_.discard();
    coding_.discard();
    (void)db_.exec("ROLLBACK");
  }
  // The end of a pipeline batch: the codings queued from its documents are written before the
  // documents are freed.
  Status end_batch() { return flush_queued(); }

  Status write(const PreparedDocument& p) {
    store::bind_view(find_doc_, 1, p.doc.id);
    store::bind_view(find_doc_, 2, p.sha256);
    Status st;
    const bool row = find_doc_.step(&st);
    bool exists = row && !find_doc_.is_null(0);
    int64_t key = exists ? find_doc_.int64(0) : 0;
    int revision = exists ? static_cast<int>(find_doc_.int64(1)) : 0;
    bool same = exists && find_doc_.text(2) == p.sha256;
    std::optional<std::string> old_title = exists ? find_doc_.opt_str(3) : std::nullopt;
    const int64_t exact_of = row && !find_doc_.is_null(4) ? find_doc_.int64(4) : 0;
    find_doc_.reset();
    FISSURE_RETURN_IF_ERROR(st);
    if (!p.doc.source.empty()) sources_seen_.insert(p.doc.source);
    if (same) {
      ++summary_.documents_unchanged;
      if (options_.snapshot) return touch_doc_.bind(1, run_id_).bind(2, key).run();
      return Status::ok();
    }
    ++revision;
    auto sid = source_id_of(p.doc.source);
    if (!sid) return sid.status();
    const int64_t source_id = *sid;
    const std::string &date = p.date, &precision = p.date_precision, &lo = p.date_start,
                      &hi = p.date_end;
    const bool near_candidate = p.minhash.shingles >= kMinShinglesForNearDuplicate;
    const void* mh = p.minhash.slots.data();
    const size_t mh_bytes = near_candidate ? sizeof(p.minhash.slots) : 0;
    if (!exists) {
      auto& s = insert_doc_;
      store::bind_view(s, 1, p.doc.id);
      bind_or_null_view(s, 2, p.doc.source);
      bind_or_null_view(s, 3, p.doc.country);
      bind_or_null_view(s, 4, date);
      bind_or_null_view(s, 5, precision);
      bind_or_null_view(s, 6, lo);
      bind_or_null_view(s, 7, hi);
      bind_or_null_view(s, 8, p.doc.title);
      bind_or_null_view(s, 9, p.doc.url);
      bind_or_null_view(s, 10, p.doc.lang);
      bind_or_null_view(s, 11, p.doc.metadata_json);
      s.bind(12, revision);
      store::bind_view(s, 13, p.sha256);
      s.bind(14, static_cast<int64_t>(p.sentences.size()));
      if (mh_bytes)
        sqlite3_bind_blob(s.raw(), 15, mh, static_cast<int>(mh_bytes), SQLITE_STATIC);
      else
        s.bind_null(15);
      store::bind_view(s, 16, now_);
      store::bind_view(s, 17, now_);
      s.bind(18, run_id_);
      if (source_id)
        s.bind(19, source_id);
      else
        s.bind_null(19);
      FISSURE_RETURN_IF_ERROR(s.run());
      key = db_.last_insert_rowid();
      ++summary_.documents_new;
    } else {
      // The old revision's sentences leave the index; its rows stay for history. Their index
      // entries are read back through sentence_indexed, which needs every queued coding written.
      FISSURE_RETURN_IF_ERROR(flush_queued());
      old_sentences_.bind(1, key).bind(2, revision - 1);
      std::vector<int64_t> old;
      while (old_sentences_.step(&st)) old.push_back(old_sentences_.int64(0));
      old_sentences_.reset();
      FISSURE_RETURN_IF_ERROR(st);
      for (int64_t id : old) FISSURE_RETURN_IF_ERROR(unindex(id));
      if (old_title) FISSURE_RETURN_IF_ERROR(delete_title_.bind(1, key).bind(2, *old_title).run());
      FISSURE_RETURN_IF_ERROR(delete_bands_.bind(1, key).run());
      auto& s = update_doc_;
      s.bind_or_null(1, p.doc.source)
          .bind_or_null(2, p.doc.country)
          .bind_or_null(3, date)
          .bind_or_null(4, precision);
      s.bind_or_null(5, lo)
          .bind_or_null(6, hi)
          .bind_or_null(7, p.doc.title)
          .bind_or_null(8, p.doc.url);
      s.bind_or_null(9, p.doc.lang)
          .bind_or_null(10, p.doc.metadata_json)
          .bind(11, revision)
          .bind(12, p.sha256);
      s.bind(13, static_cast<int64_t>(p.sentences.size()));
      if (mh_bytes)
        s.bind_blob(14, mh, mh_bytes);
      else
        s.bind_null(14);
      s.bind(15, now_).bind(16, run_id_);
      if (source_id)
        s.bind(17, source_id);
      else
        s.bind_null(17);
      s.bind(18, key);
      FISSURE_RETURN_IF_ERROR(s.run());
      ++summary_.documents_revised;
    }
    {
      auto& s = insert_revision_;
      s.bind(1, key).bind(2, revision);
      store::bind_view(s, 3, p.doc.text);
      store::bind_view(s, 4, p.sha256);
      bind_or_null_view(s, 5, p.doc.title);
      bind_or_null_view(s, 6, date);
      store::bind_view(s, 7, now_);
      s.bind(8, run_id_);
      bind_or_null_view(s, 9, p.doc.origin);
      FISSURE_RETURN_IF_ERROR(s.run());
    }
    if (!p.doc.title.empty()) {
      store::bind_view(insert_title_.bind(1, key), 2, p.doc.title);
      FISSURE_RETURN_IF_ERROR(insert_title_.run());
    }
    // Links first: whether the document is a duplicate is one of its sentences' filter tokens.
    bool duplicate = false;
    FISSURE_RETURN_IF_ERROR(
        link_duplicates(p, key, revision, exact_of, near_candidate, &duplicate));
    store::assemble_meta_tokens(meta_, p.country_token, source_id, p.date_tokens, duplicate);
    const std::string& meta = meta_;
    FISSURE_RETURN_IF_ERROR(write_sentences(p, key, revision, source_id, meta));
    return Status::ok();
  }

  // Marks withdrawn the documents of this run's sources that the run did not see.
  Status finish_snapshot() {
    auto q = db_.prepare(
        "UPDATE document SET withdrawn_at = ? WHERE source = ? AND withdrawn_at IS NULL AND "
        "(last_seen_run IS NULL OR last_seen_run != ?)");
    if (!q) return q.status();
    for (const auto& source : sources_seen_) {
      FISSURE_RETURN_IF_ERROR(q->bind(1, now_).bind(2, source).bind(3, run_id_).run());
      summary_.withdrawn += sqlite3_changes(db_.raw());
    }
    return Status::ok();
  }

  // Whether index tokens recorded by the preparers reach FTS5 (fts_pretokens.h).
  bool replays_tokens() const { return replay_ != nullptr; }

  Status finish_run() {
    auto q = db_.prepare(
        "UPDATE ingest_run SET finished_at = ?, documents_read = ?, documents_new = ?, "
        "documents_revised = ?, "
        "documents_unchanged = ?, documents_skipped = ?, duplicates = ?, sentences = ? WHERE id = "
        "?");
    if (!q) return q.status();
    q->bind(1, now_utc()).bind(2, summary_.documents_read).bind(3, summary_.documents_new);
    q->bind(4, summary_.documents_revised)
        .bind(5, summary_.documents_unchanged)
        .bind(6, summary_.records_skipped);
    q->bind(7, summary_.exact_duplicates + summary_.near_duplicates)
        .bind(8, summary_.sentences)
        .bind(9, run_id_);
    FISSURE_RETURN_IF_ERROR(q->run());
    if (coding_run_id_) {
      auto c = db_.prepare("UPDATE coding_run SET finished_at = ?, sentences = ? WHERE id = ?");
      if (!c) return c.status();
      FISSURE_RETURN_IF_ERROR(
          c->bind(1, now_utc()).bind(2, summary_.sentences).bind(3, coding_run_id_).run());
    }
    // The stored years, for turning date filters into index tokens (meta_tokens.h).
    return db_.exec(
        "INSERT OR REPLACE INTO meta(key, value) SELECT 'year_min', substr(min(date_start), 1, 4) "
        "FROM document "
        "HAVING min(date_start) IS NOT NULL; "
        "INSERT OR REPLACE INTO meta(key, value) SELECT 'year_max', substr(max(date_end), 1, 4) "
        "FROM document "
        "HAVING max(date_end) IS NOT NULL;");
  }

 private:
  Status flush_queued() {
    FISSURE_RETURN_IF_ERROR(sentences_.flush());
    return coding_.flush();
  }

  Status write_sentences(const PreparedDocument& p, int64_t key, int revision, int64_t source_id,
                         const std::string& meta) {
    const std::string& source = p.doc.source;
    const bool eligible = static_cast<int64_t>(p.sentences.size()) >= kMinSentencesForBoilerplate;
    std::string_view text = p.doc.text;
    for (size_t i = 0; i < p.sentences.size(); ++i) {
      const Span& sp = p.sentences[i];
      bool boiler = eligible && detector_.is_known(source, p.hashes[i]);
      const int64_t id = sentences_.queue(key, revision, i, sp, p.hashes[i], boiler);
      const std::string* tokens = nullptr;
      if (!p.codings.empty()) {
        coding_.queue_new(id, p.codings[i], p.coding_strings[i], coding_run_id_);
        tokens = &p.coding_strings[i].tokens;
      }
      if (!boiler) {
        auto& f = insert_fts_;
        f.bind(1, id);
        const std::string_view sentence = text.substr(sp.start, sp.end - sp.start);
        store::bind_view(f, 2, sentence);
        if (replay_ && p.index_tokens.text_ends.size() == p.sentences.size())
          replay_->expect(sentence, p.index_tokens, i);
        if (tokens && !tokens->empty()) {
          full_meta_.assign(meta);
          full_meta_ += ' ';
          full_meta_ += *tokens;
          store::bind_view(f, 3, full_meta_);
        } else {
          store::bind_view(f, 3, meta);
        }
        const Status inserted = f.run();
        if (replay_) replay_->forget();
        FISSURE_RETURN_IF_ERROR(inserted);
      }
    }
    summary_.sentences += static_cast<int64_t>(p.sentences.size());
    if (!eligible) return Status::ok();
    // Headers and footers: only a document's first and last kBoilerplateEdge sentences count.
    std::vector<int64_t> distinct;
    for (size_t i = 0; i < p.hashes.size(); ++i)
      if (i < kBoilerplateEdge || i + kBoilerplateEdge >= p.hashes.size())
        distinct.push_back(p.hashes[i]);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (int64_t h : detector_.observe(source, distinct)) {
      size_t i = std::find(p.hashes.begin(), p.hashes.end(), h) - p.hashes.begin();
      std::string_view example =
          text.substr(p.sentences[i].start, p.sentences[i].end - p.sentences[i].start);
      FISSURE_RETURN_IF_ERROR(retire_boilerplate(source, source_id, h, example));
    }
    return Status::ok();
  }

  // A coding run for this ingest; the first coding of an archive also records the dictionaries'
  // entries, the baseline `fissure code` compares later dictionaries with.
  Status start_coding_run() {
    auto run =
        db_.prepare("INSERT INTO coding_run(started_at, coder, mode) VALUES (?, ?, 'ingest')");
    if (!run) return run.status();
    FISSURE_RETURN_IF_ERROR(run->bind(1, now_).bind(2, options_.coder->version()).run());
    coding_run_id_ = db_.last_insert_rowid();
    auto known = db_.query_int("SELECT count(*) FROM dictionary_entry");
    if (!known) return known.status();
    if (*known > 0) return Status::ok();
    auto ins = db_.prepare(
        "INSERT OR REPLACE INTO dictionary_entry(dictionary, key, hash, phrase) VALUES (?, ?, ?, "
        "?)");
    if (!ins) return ins.status();
    auto coder = db_.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('coder', ?)");
    if (!coder) return coder.status();
    FISSURE_RETURN_IF_ERROR(db_.exec("BEGIN IMMEDIATE"));
    Status st = coder->bind(1, options_.coder->version()).run();
    for (const DictionaryItem& item : options_.coder->items()) {
      if (!st) break;
      st = ins->bind(1, item.dictionary)
               .bind(2, item.key)
               .bind(3, item.hash)
               .bind(4, item.phrase)
               .run();
    }
    if (!st) {
      (void)db_.exec("ROLLBACK");
      return st;
    }
    return db_.exec("COMMIT");
  }

  // The id of a source name (0 for none), creating it on first sight.
  Result<int64_t> source_id_of(const std::string& name) {
    if (name.empty()) return int64_t{0};
    auto it = source_ids_.find(name);
    if (it != source_ids_.end()) return it->second;
    Status st;
    find_source_.bind(1, name);
    int64_t id = find_source_.step(&st) ? find_source_.int64(0) : 0;
    find_source_.reset();
    FISSURE_RETURN_IF_ERROR(st);
    if (!id) {
      FISSURE_RETURN_IF_ERROR(insert_source_.bind(1, name).run());
      id = db_.last_insert_rowid();
    }
    source_ids_.emplace(name, id);
    return id;
  }

  // Takes a sentence out of the full-text index. Must run while the sentence is still in the
  // sentence_indexed view (before its document moves on or it is marked boilerplate).
  Status unindex(int64_t id) {
    Status st;
    indexed_text_.bind(1, id);
    std::string text, meta;
    if (indexed_text_.step(&st)) {
      text = indexed_text_.str(0);
      meta = indexed_text_.str(1);
    }
    indexed_text_.reset();
    FISSURE_RETURN_IF_ERROR(st);
    return delete_fts_.bind(1, id).bind(2, text).bind(3, meta).run();
  }

  // A line has just become boilerplate: record it and take every current occurrence in documents
  // of its source (this one included) out of the index.
  Status retire_boilerplate(const std::string& source, int64_t source_id, int64_t hash,
                            std::string_view example) {
    // The occurrences are read back through sentence_indexed, which needs every queued row written.
    FISSURE_RETURN_IF_ERROR(flush_queued());
    std::string phrase;
    for (const Span& w : word_spans(example))
      phrase += (phrase.empty() ? "" : " ") + fold_case(example.substr(w.start, w.end - w.start));
    std::vector<int64_t> ids;
    if (!phrase.empty()) {  // a line without words has no index entries to retire
      // The source's own filter token narrows the phrase's matches before any row is joined:
      // every indexed sentence carries its document's source id in the meta column.
      std::string match = "\"";
      match += phrase;
      match += "\" AND meta : s";
      match += std::to_string(source_id);
      auto& b = boilerplate_sentences_;
      b.bind(1, match).bind(2, hash).bind(4, kMinSentencesForBoilerplate);
      if (source.empty())
        b.bind_null(3);
      else
        b.bind(3, source);
      Status st;
      while (b.step(&st)) ids.push_back(b.int64(0));
      b.reset();
      FISSURE_RETURN_IF_ERROR(st);
    }
    for (int64_t id : ids) {
      FISSURE_RETURN_IF_ERROR(unindex(id));
      FISSURE_RETURN_IF_ERROR(mark_boilerplate_.bind(1, id).run());
    }
    auto& ins = insert_boilerplate_;
    ins.bind(1, source)
        .bind(2, hash)
        .bind(3, example)
        .bind(4, static_cast<int64_t>(ids.size()))
        .bind(5, now_);
    FISSURE_RETURN_IF_ERROR(ins.run());
    ++summary_.boilerplate_lines;
    return Status::ok();
  }

  // exact_of: the earliest other document with the same text, or 0.
  Status link_duplicates(const PreparedDocument& p, int64_t key, int revision, int64_t exact_of,
                         bool near_candidate, bool* duplicate) {
    Status st;
    if (exact_of) {
      FISSURE_RETURN_IF_ERROR(insert_duplicate_.bind(1, key)
                                  .bind(2, exact_of)
                                  .bind(3, "exact")
                                  .bind(4, 1.0)
                                  .bind(5, revision)
                                  .run());
      ++summary_.exact_duplicates;
      *duplicate = true;
    }
    if (!near_candidate) return Status::ok();
    const auto& band_keys = p.band_keys;
    if (!exact_of) {
      std::set<int64_t> candidates;
      for (int b = 0; b < kBands; ++b) find_bands_.bind(b + 1, band_keys[b]);
      while (find_bands_.step(&st)) candidates.insert(find_bands_.int64(0));
      find_bands_.reset();
      FISSURE_RETURN_IF_ERROR(st);
      candidates.erase(key);
      for (int64_t c : candidates) {  // ascending: the earliest near twin wins
        load_minhash_.bind(1, c);
        MinHash other;
        bool have = false;
        if (load_minhash_.step(&st)) {
          std::string_view blob = load_minhash_.blob(0);
          if (blob.size() == sizeof(other.slots)) {
            std::memcpy(other.slots.data(), blob.data(), blob.size());
            have = true;
          }
        }
        load_minhash_.reset();
        FISSURE_RETURN_IF_ERROR(st);
        if (!have) continue;
        double sim = minhash_similarity(p.minhash, other);
        if (sim >= kNearDuplicateJaccard) {
          FISSURE_RETURN_IF_ERROR(insert_duplicate_.bind(1, key)
                                      .bind(2, c)
                                      .bind(3, "near")
                                      .bind(4, sim)
                                      .bind(5, revision)
                                      .run());
          ++summary_.near_duplicates;
          *duplicate = true;
          break;
        }
      }
    }
    for (int b = 0; b < kBands; ++b) insert_bands_.bind(b + 1, band_keys[b]);
    FISSURE_RETURN_IF_ERROR(insert_bands_.bind(kBands + 1, key).run());
    return Status::ok();
  }

  sqlite::Database& db_;
  const IngestOptions& options_;
  IngestSummary& summary_;
  std::string now_;
  int64_t run_id_ = 0;
  SentenceRows sentences_;
  store::TokenReplay* replay_ = nullptr;  // null on a connection without the stand-in
  store::CodingWriter coding_;
  int64_t coding_run_id_ = 0;
  std::string meta_;       // a document's meta column, kept for its capacity
  std::string full_meta_;  // a sentence's meta column, kept for its capacity
  store::BoilerplateDetector detector_;
  std::set<std::string> sources_seen_;
  std::unordered_map<std::string, int64_t> source_ids_;
  sqlite::Statement find_source_, insert_source_;
  sqlite::Statement find_doc_, insert_doc_, update_doc_, touch_doc_, insert_revision_, insert_fts_,
      delete_fts_, indexed_text_, old_sentences_, insert_title_, delete_title_, insert_duplicate_,
      find_bands_, insert_bands_, delete_bands_, load_minhash_, insert_boilerplate_,
      boilerplate_sentences_, mark_boilerplate_;
};

// Turns foreign-key enforcement and CHECK constraints off on the connection for its lifetime
// (outside any transaction: the foreign-key pragma is a no-op inside one) and back on after.
// Both change the code SQLite compiles, so statements prepared meanwhile carry neither.
class WriterPragmas {
 public:
  explicit WriterPragmas(sqlite::Database& db)
      : db_(db), status_(db.exec("PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON")) {}
  ~WriterPragmas() {
    (void)db_.exec("PRAGMA ignore_check_constraints=OFF; PRAGMA foreign_keys=ON");
  }
  WriterPragmas(const WriterPragmas&) = delete;
  WriterPragmas& operator=(const WriterPragmas&) = delete;
  const Status& status() const { return status_; }

 private:
  sqlite::Database& db_;
  Status status_;
};

// The writer is the pipeline's one serial stage: whatever CPU it loses to the reader and the
// preparers lengthens the whole ingest, while they only need to stay a few batches ahead of it
// (the bounded queues stop them when they are). So they run at a lower priority, and the
// scheduler then gives the writer a core of its own and them the other: on two idle cores, with
// coding on, Tehran Times went from 10.56 s to 9.07 s (nice +5; +10 gave 9.20 s), the same CPU
// time with less of it spent by the writer waiting for a core or, at a file's end, working alone.
// They also yield to other processes, as a long background job should; a small step, because on
// a busy machine a large one (+10 gets a tenth of a contested core) starves the ingest instead.
constexpr int kPipelineNiceStep = 5;

void yield_to_writer() {
  const auto tid = static_cast<id_t>(gettid());
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (errno == 0) (void)setpriority(PRIO_PROCESS, tid, std::min(19, now + kPipelineNiceStep));
}

}  // namespace

Result<IngestSummary> ingest(Archive& archive, const std::vector<std::string>& inputs,
                             const IngestOptions& options, IngestObserver& observer) {
  IngestSummary summary;
  const auto started = Clock::now();
  auto splitter_check = SentenceSplitter::create();
  if (!splitter_check) return splitter_check.status();

  ExpandedInputs expanded = expand_inputs(inputs);
  for (const auto& e : expanded.errors) {
    observer.on_skip(e);
    ++summary.records_skipped;
  }
  if (options.strict && !expanded.errors.empty()) {
    summary.aborted = true;
    return summary;
  }

  // Foreign keys are not checked while the writer runs: every row it writes refers to a row it
  // has just written or read in the same transaction, and the checks (a parent lookup per
  // sentence, coding row and band) were a sixth of the writer's CPU time. `fissure check` still
  // verifies the references. Nor are CHECK constraints: the writer's values come from
  // precision_name() and string literals, and SQLite 3.40 evaluates document.date_precision's
  // IN list through a temporary table built and dropped on every document row (about 20,000
  // instructions, an eighth of a one-line document's writing).
  WriterPragmas writer_pragmas(archive.db());
  FISSURE_RETURN_IF_ERROR(writer_pragmas.status());
  Writer writer(archive.db(), options, summary);
  FISSURE_RETURN_IF_ERROR(writer.init());
  // The log is copied back into the file by another thread while the writer goes on.
  store::BackgroundCheckpoint checkpoint(archive.db().raw());

  // One core is left to the writer, unless sentences are coded: coding then costs more CPU than
  // writing, and a preparing thread on every core keeps the writer fed.
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  const int workers = options.threads > 0 ? options.threads
                      : options.coder     ? std::max(1, cores)
                                          : std::max(1, cores - 1);
  BoundedQueue<Batch> to_prepare(static_cast<size_t>(workers) * 4);
  BoundedQueue<Batch> to_write(static_cast<size_t>(workers) * 4 + 4);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> read_docs{0}, skipped{0}, text_bytes{0}, input_bytes{0};
  summary.files = static_cast<int64_t>(expanded.files.size());

  // Reading: the files in order, records in batches. Batches are the pipeline's unit, smaller
  // than a write transaction: the queues then hold a few MiB however large transactions are,
  // and the writer starts sooner.
  const size_t pipeline_documents = std::min<size_t>(options.batch_documents, 1024);
  const size_t pipeline_bytes = std::min<size_t>(options.batch_bytes, 1u << 20);
  std::thread reader([&] {
    pthread_setname_np(pthread_self(), "fissure-read");
    yield_to_writer();
    uint64_t seq = 0;
    Batch batch;
    size_t batch_bytes = 0;
    auto flush = [&] {
      if (batch.raw.empty()) return;
      batch.seq = seq++;
      to_prepare.push(std::move(batch));
      batch = Batch{};
    };
    auto last_progress = Clock::now();
    int64_t files_done = 0, done_bytes = 0;
    for (const auto& file : expanded.files) {
      if (stop) break;
      auto r = open_reader(file, options.reader);
      if (!r) {
        observer.on_skip(r.status().message());
        ++skipped;
        if (options.strict) stop = true;
        ++files_done;
        continue;
      }
      auto& rd = **r;
      for (;;) {
        ReadStep step = rd.next();
        if (step.kind == ReadStep::Kind::kEnd) break;
        if (step.kind == ReadStep::Kind::kSkipped) {
          observer.on_skip(step.message);
          ++skipped;
          if (options.strict) {
            stop = true;
            break;
          }
          if (step.fatal) break;
          continue;
        }
        text_bytes += static_cast<int64_t>(step.document.text.size());
        ++read_docs;
        batch_bytes += step.document.text.size();
        batch.raw.push_back(std::move(step.document));
        if (batch.raw.size() >= pipeline_documents || batch_bytes >= pipeline_bytes) {
          flush();
          batch_bytes = 0;
        }
        auto now = Clock::now();
        if (now - last_progress > std::chrono::milliseconds(500)) {
          last_progress = now;
          input_bytes = done_bytes + static_cast<int64_t>(rd.bytes_read());
          observer.on_progress({files_done, static_cast<int64_t>(expanded.files.size()), read_docs,
                                skipped, input_bytes,
                                std::chrono::duration<double>(now - started).count()});
        }
        if (stop) break;
      }
      done_bytes += static_cast<int64_t>(rd.bytes_read());
      input_bytes = done_bytes;
      ++files_done;
    }
    if (!stop) flush();
    to_prepare.close();
  });

  // Preparing: split, fingerprint, tokenize for the index (when the writer can replay the tokens)
  // and code, in parallel.
  const bool replaying = writer.replays_tokens();
  std::vector<std::thread> preparers;
  std::atomic<int> preparers_left{workers};
  for (int w = 0; w < workers; ++w) {
    preparers.emplace_back([&] {
      pthread_setname_np(pthread_self(), "fissure-prep");
      yield_to_writer();
      auto splitter = SentenceSplitter::create();
      // Without one, the writer's FTS5 tokenizes the sentences itself.
      std::optional<store::Pretokenizer> pretokenizer;
      if (replaying)
        if (auto made = store::Pretokenizer::create()) pretokenizer.emplace(std::move(*made));
      const store::Pretokenizer* tokens = pretokenizer ? &*pretokenizer : nullptr;
      while (auto batch = to_prepare.pop()) {
        batch->prepared.reserve(batch->raw.size());
        for (auto& d : batch->raw)
          batch->prepared.push_back(prepare(std::move(d), **splitter, tokens, options.coder));
        batch->raw.clear();
        to_write.push(std::move(*batch));
      }
      if (--preparers_left == 0) to_write.close();
    });
  }

  // Writing, here, in input order.
  Status status;
  std::map<uint64_t, Batch> pending;
  uint64_t next_seq = 0;
  bool in_tx = false;
  // A transaction spans pipeline batches until it holds batch_documents documents or
  // batch_bytes of text (IngestOptions); strict mode writes everything in one.
  size_t tx_documents = 0, tx_bytes = 0;
  if (options.strict) {
    status = writer.begin();
    in_tx = status.is_ok();
  }
  while (auto batch = to_write.pop()) {
    if (!status.is_ok()) continue;  // drain so that the other threads can finish
    pending.emplace(batch->seq, std::move(*batch));
    while (!pending.empty() && pending.begin()->first == next_seq) {
      Batch b = std::move(pending.begin()->second);
      pending.erase(pending.begin());
      ++next_seq;
      for (const auto& p : b.prepared) {
        if (!in_tx) {
          checkpoint.bound_log();
          status = writer.begin();
          if (!status) break;
          in_tx = true;
          tx_documents = tx_bytes = 0;
        }
        status = writer.write(p).with_context(p.doc.origin.empty() ? p.doc.id : p.doc.origin);
        if (!status) break;
        ++summary.documents_read;
        ++tx_documents;
        tx_bytes += p.doc.text.size();
        if (!options.strict &&
            (tx_documents >= options.batch_documents || tx_bytes >= options.batch_bytes)) {
          status = writer.commit();
          in_tx = false;
          if (!status) break;
        }
      }
      if (status) status = writer.end_batch();
      if (!status) break;
    }
    if (!status.is_ok()) {
      stop = true;
      if (in_tx) writer.rollback();
      in_tx = false;
    }
  }
  // The last transaction, which reached neither limit.
  if (status && in_tx && !options.strict) {
    status = writer.commit();
    if (!status) writer.rollback();
    in_tx = false;
  }
  reader.join();
  for (auto& t : preparers) t.join();

  summary.records_skipped += skipped;
  summary.text_bytes = text_bytes;
  summary.input_bytes = input_bytes;
  if (options.strict) {
    if (status && stop) {
      // A bad record: nothing of this run is written.
      writer.rollback();
      summary = IngestSummary{};
      summary.files = static_cast<int64_t>(expanded.files.size());
      summary.records_skipped = skipped;
      summary.aborted = true;
    } else if (status) {
      if (options.snapshot) status = writer.finish_snapshot();
      if (status)
        status = writer.commit();
      else
        writer.rollback();
    }
  } else if (status && options.snapshot) {
    status = writer.begin();
    if (status) status = writer.finish_snapshot();
    if (status)
      status = writer.commit();
    else
      writer.rollback();
  }
  if (!status) return status;
  summary.documents_read =
      summary.documents_new + summary.documents_revised + summary.documents_unchanged;
  FISSURE_RETURN_IF_ERROR(writer.finish_run());
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return summary;
}

}  // namespace fissure
