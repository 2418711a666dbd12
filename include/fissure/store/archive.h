// Archive: the one SQLite file (WAL) that holds documents, every revision, sentences, the FTS5
// index and duplicate links. Opening creates or migrates the schema (docs/schema.md).
// Part of the store layer; depends on corpus and text. One Archive per thread; SQLite's WAL lets
// readers in other processes or threads (each with their own Archive) run during an ingest.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fissure/util/status.h"

namespace fissure {

namespace sqlite {
class Database;
}

constexpr int kSchemaVersion = 2;

struct SourceCount {
  std::string name;
  int64_t documents = 0;
  int64_t sentences = 0;
};

struct ArchiveStats {
  int64_t documents = 0;
  int64_t sentences = 0;          // sentences of current revisions
  int64_t indexed_sentences = 0;  // of those, in the full-text index (not boilerplate)
  int64_t revisions = 0;          // all stored revisions (documents count once each, plus edits)
  int64_t revised_documents = 0;  // documents with more than one revision
  int64_t withdrawn_documents = 0;
  int64_t exact_duplicates = 0;   // duplicate links of kind "exact"
  int64_t near_duplicates = 0;    // duplicate links of kind "near"
  int64_t boilerplate_lines = 0;  // distinct boilerplate sentences recognised
  std::optional<std::string> first_date, last_date;
  int64_t undated_documents = 0;
  std::vector<SourceCount> by_source, by_country, by_year;
  int schema_version = 0;
};

struct RevisionInfo {
  int n = 0;
  std::string seen_at;
  std::string sha256;
  std::string origin;
  std::string text;
  int64_t sentences = 0;
};

struct DocumentHistory {
  std::string id;
  std::string source;
  std::optional<std::string> withdrawn_at;
  std::vector<RevisionInfo> revisions;  // oldest first
};

// What Archive::optimize did to one full-text index.
struct IndexSegments {
  std::string index;  // "sentence_fts", "title_fts"
  int64_t before = 0;
  int64_t after = 0;
};

struct OptimizeReport {
  std::vector<IndexSegments> indexes;
  double seconds = 0;
};

struct CheckReport {
  bool consistent = true;
  std::vector<std::string> problems;  // empty when consistent
  int64_t documents = 0;
  int64_t sentences = 0;
};

class Archive {
 public:
  enum class Mode { kReadOnly, kReadWrite };
  // Opens (kReadWrite: creating if needed) the archive at path. A read-only open of a file that
  // does not exist is kNotFound; an archive of a newer schema is refused.
  static Result<std::unique_ptr<Archive>> open(const std::string& path, Mode mode);
  ~Archive();

  const std::string& path() const { return path_; }
  Result<ArchiveStats> stats();
  Result<DocumentHistory> history(const std::string& document_id);
  // Checks SQLite integrity, the FTS index and the archive's own invariants.
  Result<CheckReport> check();
  // Merges each full-text index into one segment and refreshes the query planner's statistics
  // (docs/search.md, "Performance"). An ingest leaves an index of many segments, and a query
  // looks its terms up in every one: after a bulk load this makes novel searches about a third
  // cheaper. One write transaction, so an interrupted optimize changes nothing; searches keep
  // reading the previous index meanwhile. Needs a kReadWrite archive.
  Result<OptimizeReport> optimize();

  // Statements still running at the deadline stop, and the call that ran them returns
  // kTimedOut; nullopt (the default) lets them run. For servers that must not let one query
  // hold a thread. Helpers that open their own connection to the same file copy it.
  using Deadline = std::optional<std::chrono::steady_clock::time_point>;
  void set_deadline(Deadline deadline);
  const Deadline& deadline() const { return deadline_; }

  // Changes whenever any connection or process commits to the archive (PRAGMA data_version,
  // as seen from this connection): a cheap test of whether cached answers still hold.
  Result<int64_t> data_version();

  // For the store layer's own modules (ingest, search, kwic); not part of the stable API.
  sqlite::Database& db() { return *db_; }

 private:
  Archive(std::string path, std::unique_ptr<sqlite::Database> db);
  std::string path_;
  std::unique_ptr<sqlite::Database> db_;
  Deadline deadline_;
};

}  // namespace fissure
