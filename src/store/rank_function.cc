#include "rank_function.h"

#include <cmath>
#include <vector>

namespace fissure::store {
namespace {

// FTS5's bm25() constants.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr int kTextColumn = 0;

struct QueryStats {
  double rows = 0;
  double average_length = 0;
  std::vector<double> idf;  // per phrase; negative until computed
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  ++*static_cast<int64_t*>(user);
  return SQLITE_OK;
}

void fissure_bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int, sqlite3_value**) {
  auto* stats = static_cast<QueryStats*>(api->xGetAuxdata(fts, 0));
  if (!stats) {
    stats = new QueryStats;
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, kTextColumn, &tokens);
    if (rc != SQLITE_OK) {
      delete stats;
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    stats->rows = static_cast<double>(rows);
    stats->average_length = rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0;
    stats->idf.assign(api->xPhraseCount(fts), -1.0);
    rc = api->xSetAuxdata(fts, stats, [](void* p) { delete static_cast<QueryStats*>(p); });
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
  }
  int length = 0;
  int rc = api->xColumnSize(fts, kTextColumn, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double norm = kK1 * (1 - kB + kB * length / stats->average_length);
  double score = 0;
  for (int p = 0; p < static_cast<int>(stats->idf.size()); ++p) {
    Fts5PhraseIter it;
    int col = 0, off = 0, tf = 0;
    rc = api->xPhraseFirst(fts, p, &it, &col, &off);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off))
      if (col == kTextColumn) ++tf;
    if (tf == 0) continue;
    double& idf = stats->idf[p];
    if (idf < 0) {
      int64_t hits = 0;
      rc = api->xQueryPhrase(fts, p, &hits, count_row);
      if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
      }
      idf = std::log((stats->rows - static_cast<double>(hits) + 0.5) / (static_cast<double>(hits) + 0.5));
      if (idf <= 0) idf = 1e-6;
    }
    score += idf * tf * (kK1 + 1) / (tf + norm);
  }
  sqlite3_result_double(ctx, -score);  // as bm25(): lower is better
}

}  // namespace

Status register_rank_function(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK)
    return Status::internal("FTS5 is not available in this SQLite");
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (!api) return Status::internal("FTS5 API not available");
  if (api->xCreateFunction(api, "fissure_bm25", nullptr, fissure_bm25, nullptr) != SQLITE_OK)
    return Status::internal("cannot register fissure_bm25");
  return Status::ok();
}

}  // namespace fissure::store
