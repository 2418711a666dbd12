// Archive::optimize: the full-text indexes merged into one segment each.
#include <chrono>

#include "fissure/store/archive.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

constexpr const char* kIndexes[] = {"sentence_fts", "title_fts"};

// Segments of an FTS5 index: each has its own entries in the index's b-tree table (%_idx), one
// per leaf page at least, so they are counted there rather than by decoding FTS5's structure
// record, whose layout is FTS5's private business.
Result<int64_t> segment_count(sqlite::Database& db, const std::string& index) {
  return db.query_int("SELECT count(DISTINCT segid) FROM " + index + "_idx");
}

// Merges one index, counting its segments before and after.
Result<IndexSegments> merge_index(sqlite::Database& db, const std::string& index) {
  IndexSegments segments;
  segments.index = index;
  auto before = segment_count(db, index);
  if (!before) return before.status();
  segments.before = *before;
  FISSURE_RETURN_IF_ERROR(db.exec("INSERT INTO " + index + "(" + index + ") VALUES('optimize')"));
  auto after = segment_count(db, index);
  if (!after) return after.status();
  segments.after = *after;
  return segments;
}

}  // namespace

Result<OptimizeReport> Archive::optimize() {
  const auto start = std::chrono::steady_clock::now();
  auto& db = *db_;
  OptimizeReport report;
  FISSURE_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  Status st;
  for (const char* index : kIndexes) {
    auto merged = merge_index(db, index);
    if (!merged) {
      st = merged.status();
      break;
    }
    report.indexes.push_back(std::move(*merged));
  }
  if (st) st = db.exec("COMMIT");
  if (!st) {
    (void)db.exec("ROLLBACK");
    return st.with_context(path_);
  }
  // Statistics for the query planner (the sentence and coding tables' indexes). The new index
  // pages go from the WAL into the file at the next checkpoint, as any commit's do.
  FISSURE_RETURN_IF_ERROR(db.exec("PRAGMA optimize").with_context(path_));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace fissure
