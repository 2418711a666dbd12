#include "rank_function.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <queue>
#include <vector>

#include "sqlite_db.h"

namespace fissure::store {

// Figures of one version of the index at a time: a figure of another version is neither
// returned nor kept beside them (a write under a newer or older version starts over).
class SharedSearchStats {
 public:
  std::optional<int64_t> count(const std::string& version, const std::string& key) {
    return find(counts_, version, key);
  }
  void set_count(const std::string& version, const std::string& key, int64_t n) {
    store(counts_, kMaxEntries, version, key, n);
  }
  std::optional<SearchFacets> facets(const std::string& version, const std::string& key) {
    return find(facets_, version, key);
  }
  void set_facets(const std::string& version, const std::string& key, SearchFacets facets) {
    store(facets_, kMaxFacetEntries, version, key, std::move(facets));
  }
  std::shared_ptr<const RowSet> filter_rows(const std::string& version, const std::string& filter,
                                            bool* build) {
    std::lock_guard lock(mu_);
    *build = false;
    adopt(version);
    if (filters_.size() >= kMaxFilterEntries && !filters_.count(filter)) filters_.clear();
    FilterRows& entry = filters_[filter];
    if (entry.rows) return entry.rows;
    if (++entry.requests >= 2 && !entry.building && settled()) entry.building = *build = true;
    return nullptr;
  }
  void set_filter_rows(const std::string& version, const std::string& filter,
                       std::shared_ptr<const RowSet> rows) {
    std::lock_guard lock(mu_);
    if (version != version_) return;  // built on another version's snapshot: of no use now
    FilterRows& entry = filters_[filter];
    entry.building = false;
    entry.rows = std::move(rows);
  }

 private:
  // Bounds memory on a long-running server: when a map grows past this, it starts over.
  static constexpr size_t kMaxEntries = 50000;
  static constexpr size_t kMaxFacetEntries = 256;
  // A row set of the full archive takes about 200 KB.
  static constexpr size_t kMaxFilterEntries = 64;
  struct FilterRows {
    int requests = 0;
    bool building = false;
    std::shared_ptr<const RowSet> rows;
  };
  template <typename Map>
  std::optional<typename Map::mapped_type> find(const Map& map, const std::string& version,
                                                const std::string& key) {
    std::lock_guard lock(mu_);
    if (version != version_) return std::nullopt;
    auto it = map.find(key);
    if (it == map.end()) return std::nullopt;
    return it->second;
  }
  template <typename Map, typename Value>
  void store(Map& map, size_t max_entries, const std::string& version, const std::string& key,
             Value value) {
    std::lock_guard lock(mu_);
    adopt(version);
    if (map.size() >= max_entries) map.clear();
    map[key] = std::move(value);
  }
  // A set is worth its walk (70-90 ms for the largest filters) on an index that stands still: the
  // first version this process reads, or one unchanged for kSettledFor. Under an ingest that
  // commits every few seconds filtered queries keep their filters in the MATCH, rather than
  // every commit costing a set per filter and the requests that build them their latency.
  static constexpr std::chrono::seconds kSettledFor{5};
  bool settled() const {
    return first_version_ || std::chrono::steady_clock::now() - version_since_ >= kSettledFor;
  }
  void adopt(const std::string& version) {
    if (version == version_) return;
    first_version_ = version_.empty();
    version_since_ = std::chrono::steady_clock::now();
    counts_.clear();
    facets_.clear();
    filters_.clear();
    version_ = version;
  }
  std::mutex mu_;
  std::string version_;
  bool first_version_ = true;
  std::chrono::steady_clock::time_point version_since_ = std::chrono::steady_clock::now();
  std::unordered_map<std::string, int64_t> counts_;
  std::unordered_map<std::string, SearchFacets> facets_;
  std::unordered_map<std::string, FilterRows> filters_;
};

namespace {

// FTS5's bm25() constants.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr int kTextColumn = 0;

// A query's figures, computed at its first row: FTS5 keeps them with the query (xSetAuxdata).
struct QueryStats {
  double rows = 0;
  double average_length = 0;
  std::vector<double> idf;  // per phrase; negative until computed
  std::vector<int> tf;      // per phrase, the current row's frequency (kept: no allocation per row)
  // The walk bound to this run of the statement (FTS5 drops the figures when the statement is
  // run again): found once, not by sqlite3_value_pointer's type comparison at every row.
  RankWalk* walk = nullptr;
};

// Deferred scores (RankWalk::deferred_idf) are ranked without the IDF, and the exact score is
// idf x that, rounded differently: rows closer than this to the best are kept to be scored.
constexpr double kDeferredSlack = 1e-9;

// Whether `a` ranks before `b`: the higher score, equal scores by the lower rowid.
bool ranks_before(const RankedRow& a, const RankedRow& b) {
  return a.score > b.score || (a.score == b.score && a.rowid < b.rowid);
}

// One phrase's part of a row's score. Falls as `length` grows, also in floating point (every step
// is monotone), so a length below the row's true one gives an upper bound of its true part.
double phrase_score(double idf, int tf, double length, double average_length) {
  const double norm = kK1 * (1 - kB + kB * length / average_length);
  return idf * tf * (kK1 + 1) / (tf + norm);
}

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

std::atomic<bool> sharing_enabled = true;
// The shared figures by archive file; an entry dies with the last connection to its file.
std::unordered_map<std::string, std::weak_ptr<SharedSearchStats>>& shared_by_file() {
  static auto* files = new std::unordered_map<std::string, std::weak_ptr<SharedSearchStats>>;
  return *files;
}

void destroy_cache(void* p) {
  auto* owner = static_cast<CacheOwner*>(p);
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto it = registry().find(owner->db);
    if (it != registry().end() && it->second == &owner->cache) registry().erase(it);
  }
  delete owner;
}

// Rows whose text holds the phrase, from the index's vocabulary (fts5vocab, per column), when
// the phrase is one ASCII word: the tokenizer only folds its case, so the vocabulary's term is
// known exactly. Cheaper than a walk of the phrase's matches, which checks each row's positions
// for the {text} column. nullopt: not such a phrase, or no vocabulary table on the connection.
std::optional<int64_t> vocabulary_text_rows(sqlite::Database& db, std::string_view literal) {
  if (literal.size() < 3 || literal.front() != '"' || literal.back() != '"') return std::nullopt;
  std::string term;
  for (char c : literal.substr(1, literal.size() - 2)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
    term += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto q =
      db.prepare("SELECT doc FROM temp.fissure_sentence_vocab WHERE term = ?1 AND col = 'text'");
  if (!q) return std::nullopt;
  q->bind(1, term);
  Status st;
  if (q->step(&st)) return q->int64(0);
  if (!st) return std::nullopt;
  return 0;  // the term is not in the text column
}

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  ++*static_cast<int64_t*>(user);
  return SQLITE_OK;
}

double idf_of(double rows, int64_t phrase_rows) {
  const double idf = std::log((rows - static_cast<double>(phrase_rows) + 0.5) /
                              (static_cast<double>(phrase_rows) + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

// The query's figures, computed at its first row and kept with it.
QueryStats* query_stats(const Fts5ExtensionApi* api, Fts5Context* fts, int* rc) {
  auto* stats = static_cast<QueryStats*>(api->xGetAuxdata(fts, 0));
  if (stats) return stats;
  sqlite3_int64 rows = 0, tokens = 0;
  *rc = api->xRowCount(fts, &rows);
  if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(fts, kTextColumn, &tokens);
  if (*rc != SQLITE_OK) return nullptr;
  stats = new QueryStats;
  stats->rows = static_cast<double>(rows);
  stats->average_length = rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0;
  stats->idf.assign(api->xPhraseCount(fts), -1.0);
  stats->tf.resize(stats->idf.size());
  *rc = api->xSetAuxdata(fts, stats, [](void* p) { delete static_cast<QueryStats*>(p); });
  return *rc == SQLITE_OK ? stats : nullptr;
}

// The IDF of phrase `p`: from the cache, the vocabulary, or a walk of the phrase's doclist.
int compute_idf(const Fts5ExtensionApi* api, Fts5Context* fts, const RankWalk& walk,
                QueryStats& stats, int p) {
  auto* owner = static_cast<CacheOwner*>(api->xUserData(fts));
  SearchStatsCache* cache = walk.text_expression.empty() ? nullptr : &owner->cache;
  std::optional<int64_t> known =
      cache ? known_phrase_rows(walk.db, *cache, walk.text_expression, p) : std::nullopt;
  if (!known) {
    int64_t hits = 0;
    const int rc = api->xQueryPhrase(fts, p, &hits, count_row);
    if (rc != SQLITE_OK) return rc;
    known = hits;
    if (cache) cache->set_phrase_rows(walk.text_expression, p, hits);
  }
  stats.idf[static_cast<size_t>(p)] = idf_of(stats.rows, *known);
  return SQLITE_OK;
}

void fissure_rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                  sqlite3_value** argv) {
  int rc = SQLITE_OK;
  QueryStats* stats = query_stats(api, fts, &rc);
  if (!stats) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  if (!stats->walk && argc >= 1)
    stats->walk = static_cast<RankWalk*>(sqlite3_value_pointer(argv[0], kRankWalkType));
  RankWalk* walk = stats->walk;
  if (!walk) {
    sqlite3_result_error(ctx, "fissure_rank: no walk bound", -1);
    return;
  }
  const int64_t row = api->xRowid(fts);
  if (row == walk->last_row) {  // seen: SQLite called the function again for it
    sqlite3_result_int(ctx, walk->last_result);
    return;
  }
  walk->last_row = row;
  ++walk->text_rows;
  walk->last_result = !walk->filter || walk->filter->contains(row);
  sqlite3_result_int(ctx, walk->last_result);
  if (!walk->last_result) return;
  if (walk->window > 0 && walk->rows >= walk->window) {
    ++walk->rows;  // past the window: only counted
    return;
  }
  ++walk->rows;
  walk->index_rows = stats->rows;
  walk->average_length = stats->average_length;
  // Each phrase's frequency in the text, and the least length the row can have: every occurrence
  // ends inside the text (offsets count tokens from 0).
  const int phrases = static_cast<int>(stats->idf.size());
  std::vector<int>& tf = stats->tf;
  std::fill(tf.begin(), tf.end(), 0);
  int least_length = 1;
  for (int p = 0; p < phrases; ++p) {
    Fts5PhraseIter it;
    int col = 0, off = 0;
    rc = api->xPhraseFirst(fts, p, &it, &col, &off);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    const int size = api->xPhraseSize(fts, p);
    for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
      if (col != kTextColumn) continue;
      ++tf[static_cast<size_t>(p)];
      least_length = std::max(least_length, off + size);
    }
    if (tf[static_cast<size_t>(p)] == 0 || stats->idf[static_cast<size_t>(p)] >= 0 ||
        walk->deferred_idf)
      continue;
    rc = compute_idf(api, fts, *walk, *stats, p);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
  }
  auto score_at = [&](double length) {
    double score = 0;
    for (int p = 0; p < phrases; ++p)
      if (tf[static_cast<size_t>(p)] > 0)
        score += phrase_score(walk->deferred_idf ? 1.0 : stats->idf[static_cast<size_t>(p)],
                              tf[static_cast<size_t>(p)], length, stats->average_length);
    return score;
  };
  std::vector<RankedRow>& best = walk->best;
  const bool full = static_cast<int64_t>(best.size()) >= walk->keep;
  if (full) {
    // Even at its least length the row ranks below `keep` rows already seen: its length is not
    // needed.
    const double bound = score_at(least_length);
    const double worst = best.front().score;
    if (walk->deferred_idf ? bound < worst * (1 - kDeferredSlack) : bound < worst) return;
  }
  int length = 0;
  rc = api->xColumnSize(fts, kTextColumn, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const RankedRow ranked{row, score_at(length)};
  if (walk->deferred_idf) {
    if (full && ranked.score < best.front().score * (1 - kDeferredSlack)) return;
    walk->unscored.push_back({row, tf.empty() ? 0 : tf[0], length});
  }
  if (!full) {
    best.push_back(ranked);
    std::push_heap(best.begin(), best.end(), ranks_before);
  } else if (ranks_before(ranked, best.front())) {
    std::pop_heap(best.begin(), best.end(), ranks_before);
    best.back() = ranked;
    std::push_heap(best.begin(), best.end(), ranks_before);
  }
}

void fissure_mark(sqlite3_context* ctx, int, sqlite3_value** argv) {
  // The set is a bound parameter, the same for every row: found once (auxiliary data of the
  // argument), not by sqlite3_value_pointer's type comparison at every row.
  auto* rows = static_cast<RowSet*>(sqlite3_get_auxdata(ctx, 1));
  if (!rows) {
    rows = static_cast<RowSet*>(sqlite3_value_pointer(argv[1], kRowSetType));
    if (rows) sqlite3_set_auxdata(ctx, 1, rows, nullptr);
  }
  if (rows) rows->add(sqlite3_value_int64(argv[0]));
  sqlite3_result_int(ctx, 1);
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
  std::shared_ptr<SharedSearchStats> shared;
  const char* file = sqlite3_db_filename(db, "main");
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    if (sharing_enabled && file && *file) {
      auto& files = shared_by_file();
      std::weak_ptr<SharedSearchStats>& slot = files[file];
      shared = slot.lock();
      if (!shared) {
        std::erase_if(files, [](const auto& entry) { return entry.second.expired(); });
        shared = std::make_shared<SharedSearchStats>();
        files[file] = shared;
      }
    }
  }
  if (!shared) shared = std::make_shared<SharedSearchStats>();
  auto* owner = new CacheOwner{db, SearchStatsCache(std::move(shared))};
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry()[db] = &owner->cache;
  }
  // Once registered, SQLite owns the cache and destroys it with the connection.
  if (api->xCreateFunction(api, "fissure_rank", owner, fissure_rank, destroy_cache) != SQLITE_OK) {
    destroy_cache(owner);
    return Status::internal("cannot register fissure_rank");
  }
  if (sqlite3_create_function_v2(db, "fissure_mark", 2, SQLITE_UTF8, nullptr, fissure_mark, nullptr,
                                 nullptr, nullptr) != SQLITE_OK)
    return Status::internal("cannot register fissure_mark");
  return Status::ok();
}

SearchStatsCache* search_stats_cache(sqlite3* db) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto it = registry().find(db);
  return it == registry().end() ? nullptr : it->second;
}

void share_search_stats(bool enabled) { sharing_enabled = enabled; }

Status prepare_vocabulary(sqlite3* db) {
  char* error = nullptr;
  if (sqlite3_exec(db,
                   "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fissure_sentence_vocab USING "
                   "fts5vocab(main, sentence_fts, col)",
                   nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "cannot create the vocabulary table";
    sqlite3_free(error);
    return Status::internal(message);
  }
  return Status::ok();
}

std::optional<int64_t> known_phrase_rows(sqlite::Database* db, SearchStatsCache& cache,
                                         const std::string& text_expression, int phrase) {
  std::optional<int64_t> known = cache.phrase_rows(text_expression, phrase);
  if (known || !db) return known;
  const std::vector<std::string> literals = expression_phrases(text_expression);
  if (phrase < 0 || static_cast<size_t>(phrase) >= literals.size()) return std::nullopt;
  known = vocabulary_text_rows(*db, literals[static_cast<size_t>(phrase)]);
  if (known) cache.set_phrase_rows(text_expression, phrase, *known);
  return known;
}

std::vector<std::string> expression_phrases(std::string_view text_expression) {
  std::vector<std::string> phrases;
  size_t i = 0;
  while (i < text_expression.size()) {
    if (text_expression[i] != '"') {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < text_expression.size()) {
      if (text_expression[end] == '"') {
        if (end + 1 < text_expression.size() && text_expression[end + 1] == '"') {
          end += 2;
          continue;
        }
        break;
      }
      ++end;
    }
    if (end >= text_expression.size()) break;  // unterminated: not from to_fts_query
    ++end;
    if (end < text_expression.size() && text_expression[end] == '*') ++end;
    phrases.emplace_back(text_expression.substr(i, end - i));
    i = end;
  }
  return phrases;
}

namespace {

// A phrase's row count depends on the phrase alone (its column filter is always {text}), so it
// is kept under the phrase's literal, whatever query it came in.
std::string phrase_key(const std::string& text_expression, int phrase) {
  std::vector<std::string> phrases = expression_phrases(text_expression);
  std::string key = "p";
  if (phrase >= 0 && static_cast<size_t>(phrase) < phrases.size()) {
    key += phrases[static_cast<size_t>(phrase)];
  } else {  // not an expression of ours: kept for this expression only
    key += std::to_string(phrase);
    key += '\x1f';
    key += text_expression;
  }
  return key;
}

}  // namespace

std::vector<RankedRow> RankWalk::finish(int64_t phrase_rows) const {
  std::vector<RankedRow> out;
  if (!deferred_idf) {
    out = best;
  } else {
    // The exact scores, as the rank function computes them with the IDF known.
    const double idf = idf_of(index_rows, phrase_rows);
    out.reserve(unscored.size());
    for (const Unscored& u : unscored)
      out.push_back({u.rowid, phrase_score(idf, u.tf, u.length, average_length)});
  }
  std::sort(out.begin(), out.end(), ranks_before);
  if (static_cast<int64_t>(out.size()) > keep) out.resize(static_cast<size_t>(keep));
  return out;
}

SearchStatsCache::SearchStatsCache(std::shared_ptr<SharedSearchStats> shared)
    : shared_(std::move(shared)) {}

void SearchStatsCache::validate(std::string_view index_version) {
  version_ = std::string(index_version);
}

std::optional<int64_t> SearchStatsCache::count(const std::string& key) const {
  return shared_->count(version_, "c" + key);
}

void SearchStatsCache::set_count(const std::string& key, int64_t n) {
  shared_->set_count(version_, "c" + key, n);
}

std::optional<int64_t> SearchStatsCache::phrase_rows(const std::string& text_expression,
                                                     int phrase) const {
  return shared_->count(version_, phrase_key(text_expression, phrase));
}

void SearchStatsCache::set_phrase_rows(const std::string& text_expression, int phrase,
                                       int64_t rows) {
  shared_->set_count(version_, phrase_key(text_expression, phrase), rows);
}

std::optional<SearchFacets> SearchStatsCache::facets(const std::string& key) const {
  return shared_->facets(version_, key);
}

void SearchStatsCache::set_facets(const std::string& key, SearchFacets facets) {
  shared_->set_facets(version_, key, std::move(facets));
}

std::shared_ptr<const RowSet> SearchStatsCache::filter_rows(const std::string& filter,
                                                            bool* build) {
  return shared_->filter_rows(version_, filter, build);
}

void SearchStatsCache::set_filter_rows(const std::string& filter,
                                       std::shared_ptr<const RowSet> rows) {
  shared_->set_filter_rows(version_, filter, std::move(rows));
}

}  // namespace fissure::store
