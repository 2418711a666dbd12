#include "rank_function.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <queue>
#include <vector>

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

 private:
  // Bounds memory on a long-running server: when a map grows past this, it starts over.
  static constexpr size_t kMaxEntries = 50000;
  static constexpr size_t kMaxFacetEntries = 256;
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
  void adopt(const std::string& version) {
    if (version == version_) return;
    counts_.clear();
    facets_.clear();
    version_ = version;
  }
  std::mutex mu_;
  std::string version_;
  std::unordered_map<std::string, int64_t> counts_;
  std::unordered_map<std::string, SearchFacets> facets_;
};

namespace {

// FTS5's bm25() constants.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr int kTextColumn = 0;

struct QueryStats {
  double rows = 0;
  double average_length = 0;
  std::vector<double> idf;  // per phrase; negative until computed
  std::vector<int> tf;      // per phrase, the current row's frequency (kept: no allocation per row)
  std::string cache_key;    // the text expression; empty: no caching
  // The query keeps only its `keep` best rows (LIMIT + OFFSET; 0: unknown, every row is scored).
  // `best` holds the best `keep` exact scores seen so far, worst on top: a row whose score
  // cannot reach it is never returned, so it is not worth its sentence length.
  int64_t keep = 0;
  int64_t last_remembered_row = -1;
  std::priority_queue<double, std::vector<double>, std::greater<double>> best;
  void remember(double score) {
    if (keep <= 0) return;
    if (static_cast<int64_t>(best.size()) < keep) {
      best.push(score);
    } else if (score > best.top()) {
      best.pop();
      best.push(score);
    }
  }
  bool beaten(double upper_bound) const {
    return keep > 0 && static_cast<int64_t>(best.size()) >= keep && upper_bound < best.top();
  }
};

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
std::optional<int64_t> vocabulary_text_rows(sqlite3* db, std::string_view literal) {
  if (literal.size() < 3 || literal.front() != '"' || literal.back() != '"') return std::nullopt;
  std::string term;
  for (char c : literal.substr(1, literal.size() - 2)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
    term += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT doc FROM temp.fissure_sentence_vocab WHERE term = ?1 AND col = "
                         "'text'",
                         -1, &q, nullptr) != SQLITE_OK) {
    sqlite3_finalize(q);
    return std::nullopt;
  }
  sqlite3_bind_text(q, 1, term.data(), static_cast<int>(term.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(q);
  std::optional<int64_t> rows;
  if (rc == SQLITE_ROW)
    rows = sqlite3_column_int64(q, 0);
  else if (rc == SQLITE_DONE)
    rows = 0;  // the term is not in the text column
  sqlite3_finalize(q);
  return rows;
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
    stats->tf.resize(stats->idf.size());
    if (argc >= 1 && sqlite3_value_type(argv[0]) == SQLITE_TEXT)
      stats->cache_key = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    if (argc >= 2 && sqlite3_value_type(argv[1]) == SQLITE_INTEGER)
      stats->keep = sqlite3_value_int64(argv[1]);
    rc = api->xSetAuxdata(fts, stats, [](void* p) { delete static_cast<QueryStats*>(p); });
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
  }
  if (argc >= 3)
    if (auto* tally = static_cast<RankTally*>(sqlite3_value_pointer(argv[2], kRankTallyType))) {
      const int64_t row = api->xRowid(fts);
      if (row != tally->last_row) {
        tally->last_row = row;
        ++tally->rows;
        tally->oldest = std::min(tally->oldest, row);
      }
    }
  // Each phrase's frequency in the text, and the least length the row can have: every occurrence
  // ends inside the text (offsets count tokens from 0).
  const int phrases = static_cast<int>(stats->idf.size());
  std::vector<int>& tf = stats->tf;
  std::fill(tf.begin(), tf.end(), 0);
  int least_length = 1;
  for (int p = 0; p < phrases; ++p) {
    Fts5PhraseIter it;
    int col = 0, off = 0;
    int rc = api->xPhraseFirst(fts, p, &it, &col, &off);
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
    if (tf[static_cast<size_t>(p)] == 0 || stats->idf[static_cast<size_t>(p)] >= 0) continue;
    double& idf = stats->idf[static_cast<size_t>(p)];
    auto* cache =
        stats->cache_key.empty() ? nullptr : &static_cast<CacheOwner*>(api->xUserData(fts))->cache;
    std::optional<int64_t> known = cache ? cache->phrase_rows(stats->cache_key, p) : std::nullopt;
    int64_t hits = known.value_or(0);
    if (!known && !stats->cache_key.empty()) {
      const std::vector<std::string> literals = expression_phrases(stats->cache_key);
      if (static_cast<size_t>(p) < literals.size())
        known = vocabulary_text_rows(static_cast<CacheOwner*>(api->xUserData(fts))->db,
                                     literals[static_cast<size_t>(p)]);
      if (known) {
        hits = *known;
        if (cache) cache->set_phrase_rows(stats->cache_key, p, hits);
      }
    }
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
  auto score_at = [&](double length) {
    double score = 0;
    for (int p = 0; p < phrases; ++p)
      if (tf[static_cast<size_t>(p)] > 0)
        score += phrase_score(stats->idf[static_cast<size_t>(p)], tf[static_cast<size_t>(p)],
                              length, stats->average_length);
    return score;
  };
  if (stats->keep > 0 && stats->beaten(score_at(least_length))) {
    // Even at its least length the row ranks below `keep` rows already seen: the bound, itself
    // below them, keeps it out of the result without reading the row's length.
    sqlite3_result_double(ctx, -score_at(least_length));
    return;
  }
  int length = 0;
  int rc = api->xColumnSize(fts, kTextColumn, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double score = score_at(length);
  // SQLite may call the function more than once for a row; the row counts once among the best.
  const int64_t row = api->xRowid(fts);
  if (row != stats->last_remembered_row) {
    stats->last_remembered_row = row;
    stats->remember(score);
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

std::optional<int64_t> phrase_text_rows(sqlite3* db, std::string_view text_expression) {
  const std::vector<std::string> phrases = expression_phrases(text_expression);
  if (phrases.size() != 1) return std::nullopt;
  return vocabulary_text_rows(db, phrases[0]);
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

}  // namespace fissure::store
