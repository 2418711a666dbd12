#include "fissure/store/archive.h"

#include <filesystem>

#include "fissure/text/line_diff.h"
#include "fts_pretokens.h"
#include "rank_function.h"
#include "schema.h"
#include "sqlite_db.h"

namespace fissure {

Archive::Archive(std::string path, std::unique_ptr<sqlite::Database> db)
    : path_(std::move(path)), db_(std::move(db)) {}
Archive::~Archive() = default;

namespace {

// Called by SQLite every kProgressSteps virtual machine instructions; non-zero interrupts.
int past_deadline(void* archive) {
  const auto& deadline = static_cast<const Archive*>(archive)->deadline();
  return deadline && std::chrono::steady_clock::now() >= *deadline ? 1 : 0;
}
constexpr int kProgressSteps = 1000;  // some microseconds of work between clock reads

}  // namespace

Result<int64_t> Archive::data_version() { return db_->query_int("PRAGMA data_version"); }

void Archive::set_deadline(Deadline deadline) {
  deadline_ = deadline;
  sqlite3_progress_handler(db_->raw(), deadline ? kProgressSteps : 0,
                           deadline ? past_deadline : nullptr, this);
}

Result<std::unique_ptr<Archive>> Archive::open(const std::string& path, Mode mode) {
  bool read_only = mode == Mode::kReadOnly;
  if (read_only && !std::filesystem::exists(path))
    return Status::not_found(path + ": no such archive (create it with `fissure ingest --db " +
                             path + " ...`)");
  auto db = std::make_unique<sqlite::Database>();
  FISSURE_RETURN_IF_ERROR(db->open(path, read_only));
  Status st = store::configure_connection(*db, read_only);
  if (st) st = store::register_rank_function(db->raw());
  // Before any full-text table is used on this connection (fts_pretokens.h).
  if (st && !read_only) st = store::install_token_replay(db->raw());
  if (!st) return st.with_context(path);
  if (read_only) {
    auto v = store::schema_version(*db);
    if (!v) return v.status().with_context(path);
    if (*v == 0) return Status::invalid(path + ": not a fissure archive (empty database)");
    if (*v > kSchemaVersion)
      return Status::invalid(path + ": archive schema version " + std::to_string(*v) +
                             " is newer than this fissure");
  } else {
    st = store::ensure_schema(*db);
    if (!st) return st.with_context(path);
  }
  return std::unique_ptr<Archive>(new Archive(path, std::move(db)));
}

Result<ArchiveStats> Archive::stats() {
  ArchiveStats s;
  auto& db = *db_;
  struct Count {
    int64_t* out;
    const char* sql;
  };
  const Count counts[] = {
      {&s.documents, "SELECT count(*) FROM document"},
      {&s.sentences,
       "SELECT count(*) FROM sentence s JOIN document d ON d.key = s.document_key AND s.revision = "
       "d.current_revision"},
      {&s.indexed_sentences, "SELECT count(*) FROM sentence_fts_docsize"},
      {&s.revisions, "SELECT count(*) FROM revision"},
      {&s.revised_documents, "SELECT count(*) FROM document WHERE current_revision > 1"},
      {&s.withdrawn_documents, "SELECT count(*) FROM document WHERE withdrawn_at IS NOT NULL"},
      {&s.exact_duplicates, "SELECT count(*) FROM duplicate WHERE kind = 'exact'"},
      {&s.near_duplicates, "SELECT count(*) FROM duplicate WHERE kind = 'near'"},
      {&s.boilerplate_lines, "SELECT count(*) FROM boilerplate"},
      {&s.undated_documents, "SELECT count(*) FROM document WHERE date IS NULL"},
  };
  for (const auto& c : counts) {
    auto v = db.query_int(c.sql);
    if (!v) return v.status();
    *c.out = *v;
  }
  auto v = store::schema_version(db);
  if (!v) return v.status();
  s.schema_version = *v;
  Status status;
  {
    auto q = db.prepare("SELECT min(date_start), max(date_end) FROM document");
    if (!q) return q.status();
    if (q->step(&status)) {
      s.first_date = q->opt_str(0);
      s.last_date = q->opt_str(1);
    }
  }
  auto grouped = [&](const char* sql, std::vector<SourceCount>* out) -> Status {
    auto q = db.prepare(sql);
    if (!q) return q.status();
    Status st;
    while (q->step(&st))
      out->push_back({q->is_null(0) ? "(none)" : q->str(0), q->int64(1), q->int64(2)});
    return st;
  };
  FISSURE_RETURN_IF_ERROR(
      grouped("SELECT source, count(*), sum(sentence_count) FROM document GROUP BY source ORDER BY "
              "count(*) DESC",
              &s.by_source));
  FISSURE_RETURN_IF_ERROR(
      grouped("SELECT country, count(*), sum(sentence_count) FROM document GROUP BY country ORDER "
              "BY count(*) DESC",
              &s.by_country));
  FISSURE_RETURN_IF_ERROR(
      grouped("SELECT substr(date, 1, 4) AS y, count(*), sum(sentence_count) FROM document GROUP "
              "BY y ORDER BY y",
              &s.by_year));
  return s;
}

Result<DocumentHistory> Archive::history(const std::string& document_id) {
  auto& db = *db_;
  auto q = db.prepare("SELECT key, source, withdrawn_at FROM document WHERE id = ?");
  if (!q) return q.status();
  q->bind(1, document_id);
  Status status;
  if (!q->step(&status)) {
    if (!status) return status;
    return Status::not_found("no document with id \"" + document_id + "\"");
  }
  DocumentHistory h;
  h.id = document_id;
  h.source = q->str(1);
  h.withdrawn_at = q->opt_str(2);
  int64_t key = q->int64(0);
  auto r = db.prepare(
      "SELECT r.n, r.seen_at, r.text_sha256, r.origin, r.text, "
      "(SELECT count(*) FROM sentence s WHERE s.document_key = r.document_key AND s.revision = "
      "r.n) "
      "FROM revision r WHERE r.document_key = ? ORDER BY r.n");
  if (!r) return r.status();
  r->bind(1, key);
  while (r->step(&status))
    h.revisions.push_back(
        {static_cast<int>(r->int64(0)), r->str(1), r->str(2), r->str(3), r->str(4), r->int64(5)});
  if (!status) return status;
  return h;
}

Result<CheckReport> Archive::check() {
  CheckReport rep;
  auto& db = *db_;
  auto problem = [&](std::string p) {
    rep.consistent = false;
    rep.problems.push_back(std::move(p));
  };
  {
    auto q = db.prepare("PRAGMA integrity_check");
    if (!q) return q.status();
    Status st;
    while (q->step(&st))
      if (q->text(0) != "ok") problem("sqlite integrity: " + q->str(0));
    if (!st) return st;
  }
  for (const char* fts : {"sentence_fts", "title_fts"}) {
    Status st =
        db.exec(std::string("INSERT INTO ") + fts + "(" + fts + ") VALUES('integrity-check')");
    if (!st) problem(std::string(fts) + ": " + st.message());
  }
  struct Invariant {
    const char* what;
    const char* sql;  // counts violations
  };
  const Invariant invariants[] = {
      {"documents whose current revision is missing",
       "SELECT count(*) FROM document d WHERE NOT EXISTS (SELECT 1 FROM revision r WHERE "
       "r.document_key = d.key "
       "AND r.n = d.current_revision)"},
      {"documents whose revisions are not numbered 1..current",
       "SELECT count(*) FROM document d WHERE (SELECT count(*) FROM revision r WHERE "
       "r.document_key = d.key) "
       "!= d.current_revision OR (SELECT max(n) FROM revision r WHERE r.document_key = d.key) != "
       "d.current_revision"},
      {"documents whose text hash differs from their current revision",
       "SELECT count(*) FROM document d JOIN revision r ON r.document_key = d.key AND r.n = "
       "d.current_revision "
       "WHERE r.text_sha256 != d.text_sha256"},
      {"documents whose sentence count differs from their sentences",
       "SELECT count(*) FROM document d WHERE d.sentence_count != (SELECT count(*) FROM sentence s "
       "WHERE "
       "s.document_key = d.key AND s.revision = d.current_revision)"},
      {"sentences outside their revision's text",
       "SELECT count(*) FROM (SELECT document_key, revision, min(start) AS lo, max(end) AS hi, "
       "sum(end <= start) AS empty FROM sentence GROUP BY document_key, revision) s JOIN revision "
       "r ON "
       "r.document_key = s.document_key AND r.n = s.revision WHERE s.lo < 0 OR s.empty > 0 OR "
       "s.hi > length(CAST(r.text AS BLOB))"},
      // The index's docsize table has one row per indexed sentence: it must list exactly the
      // sentence_indexed view (FTS5's own integrity check does not compare with the content).
      {"indexed sentences that are not current, non-boilerplate sentences",
       "SELECT count(*) FROM sentence_fts_docsize z WHERE NOT EXISTS (SELECT 1 FROM sentence s "
       "JOIN document d ON "
       "d.key = s.document_key AND s.revision = d.current_revision WHERE s.id = z.id AND "
       "s.boilerplate = 0)"},
      {"current, non-boilerplate sentences missing from the index",
       "SELECT count(*) FROM sentence s JOIN document d ON d.key = s.document_key AND s.revision = "
       "d.current_revision WHERE s.boilerplate = 0 AND NOT EXISTS (SELECT 1 FROM "
       "sentence_fts_docsize z WHERE "
       "z.id = s.id)"},
      {"documents whose title is missing from the title index",
       "SELECT count(*) FROM document d WHERE d.title IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
       "title_fts_docsize z "
       "WHERE z.id = d.key)"},
      {"title index entries without a titled document",
       "SELECT count(*) FROM title_fts_docsize z WHERE NOT EXISTS (SELECT 1 FROM document d WHERE "
       "d.key = z.id AND "
       "d.title IS NOT NULL)"},
      {"duplicate links to missing documents",
       "SELECT count(*) FROM duplicate x WHERE NOT EXISTS (SELECT 1 FROM document d WHERE d.key = "
       "x.of_document_key) "
       "OR NOT EXISTS (SELECT 1 FROM document d WHERE d.key = x.document_key)"},
      {"foreign-key violations", "SELECT count(*) FROM pragma_foreign_key_check"},
  };
  for (const auto& inv : invariants) {
    auto n = db.query_int(inv.sql);
    if (!n) return n.status();
    if (*n != 0) problem(std::to_string(*n) + " " + inv.what);
  }
  auto docs = db.query_int("SELECT count(*) FROM document");
  if (!docs) return docs.status();
  rep.documents = *docs;
  auto sents = db.query_int("SELECT count(*) FROM sentence");
  if (!sents) return sents.status();
  rep.sentences = *sents;
  return rep;
}

}  // namespace fissure
