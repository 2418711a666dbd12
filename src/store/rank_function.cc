#include "rank_function.h"

#include <cmath>
#include <mutex>
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
  std::string cache_key;    // the text expression; empty: no caching
};

// Connections and their caches. An entry leaves when SQLite destroys the function's user data,
// which it does when the connection closes.
std::mutex registry_mutex;
std::unordered_map<sqlite3*, SearchStatsCache*>& registry() {
  static auto* connections = new std::unordered_map<sqlite3*, SearchStatsCache*>;
  return *connections;
}

struct CacheOwner {
  sqlite3* db;
  SearchStatsCache cache;
};

void destroy_cache(void* p) {
  auto* owner = static_cast<CacheOwner*>(p);
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto it = registry().find(owner->db);
    if (it != registry().end() && it->second == &owner->cache) registry().erase(it);
  }
  delete owner;
}

std::string phrase_key(const std::string& text_expression, int phrase) {
  std::string key = "p";
  key += std::to_string(phrase);
  key += '\x1f';
  key += text_expression;
  return key;
}

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  ++*static_cast<int64_t*>(user);
  return SQLITE_OK;
}

void fissure_bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                  sqlite3_value** argv) {
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
    stats->average_length =
        rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0;
    stats->idf.assign(api->xPhraseCount(fts), -1.0);
    if (argc >= 1 && sqlite3_value_type(argv[0]) == SQLITE_TEXT)
      stats->cache_key = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
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
      auto* cache = stats->cache_key.empty()
                        ? nullptr
                        : &static_cast<CacheOwner*>(api->xUserData(fts))->cache;
      std::optional<int64_t> known = cache ? cache->phrase_rows(stats->cache_key, p) : std::nullopt;
      int64_t hits = known.value_or(0);
      if (!known) {
        rc = api->xQueryPhrase(fts, p, &hits, count_row);
        if (rc != SQLITE_OK) {
          sqlite3_result_error_code(ctx, rc);
          return;
        }
        if (cache) cache->set_phrase_rows(stats->cache_key, p, hits);
      }
      idf = std::log((stats->rows - static_cast<double>(hits) + 0.5) /
                     (static_cast<double>(hits) + 0.5));
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
  auto* owner = new CacheOwner{db, {}};
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry()[db] = &owner->cache;
  }
  // Once registered, SQLite owns the cache and destroys it with the connection.
  if (api->xCreateFunction(api, "fissure_bm25", owner, fissure_bm25, destroy_cache) != SQLITE_OK) {
    destroy_cache(owner);
    return Status::internal("cannot register fissure_bm25");
  }
  return Status::ok();
}

SearchStatsCache* search_stats_cache(sqlite3* db) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto it = registry().find(db);
  return it == registry().end() ? nullptr : it->second;
}

void SearchStatsCache::validate(std::string_view index_version) {
  if (index_version == version_) return;
  counts_.clear();
  facets_.clear();
  version_ = std::string(index_version);
}

std::optional<int64_t> SearchStatsCache::count(const std::string& key) const {
  auto it = counts_.find("c" + key);
  if (it == counts_.end()) return std::nullopt;
  return it->second;
}

void SearchStatsCache::set_count(const std::string& key, int64_t n) {
  if (counts_.size() >= kMaxEntries) counts_.clear();
  counts_["c" + key] = n;
}

std::optional<int64_t> SearchStatsCache::phrase_rows(const std::string& text_expression,
                                                     int phrase) const {
  auto it = counts_.find(phrase_key(text_expression, phrase));
  if (it == counts_.end()) return std::nullopt;
  return it->second;
}

void SearchStatsCache::set_phrase_rows(const std::string& text_expression, int phrase,
                                       int64_t rows) {
  if (counts_.size() >= kMaxEntries) counts_.clear();
  counts_[phrase_key(text_expression, phrase)] = rows;
}

const SearchFacets* SearchStatsCache::facets(const std::string& key) const {
  auto it = facets_.find(key);
  return it == facets_.end() ? nullptr : &it->second;
}

void SearchStatsCache::set_facets(const std::string& key, SearchFacets facets) {
  if (facets_.size() >= kMaxFacetEntries) facets_.clear();
  facets_[key] = std::move(facets);
}

}  // namespace fissure::store
