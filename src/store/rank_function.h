// fissure_rank(): BM25 over the text column of sentence_fts, as FTS5's bm25() computes it, but
// blind to the filter tokens of the meta column. FTS5's own bm25() computes an IDF for every
// phrase of the query by walking its whole doclist, the filter tokens' too (cprk, y2011, ...:
// hundreds of thousands of rows each), which made a filtered query cost 50-100 ms however few
// its matches. Here a phrase's IDF is computed only once it occurs in a row's text, which filter
// tokens never do.
//
// SearchStatsCache: what search learns by walking whole doclists (a query's match count, the
// rank window's cut, the number of rows holding a phrase) is kept, tagged with the version of
// the full-text index it was computed on. FTS5 rewrites its structure record (with a write
// counter that only grows) at every commit that changes the index, so an unchanged record means
// unchanged doclists and the figures are still exact. The figures are shared by every connection
// of the process to the same archive file (a server's 16 connections compute a figure once per
// commit, not 16 times); each connection reads and writes them under the version its own
// snapshot reads, so a connection still reading an older snapshot never mixes figures with one
// that has seen the newer commit. Phrase row counts are kept by the phrase itself, not by query:
// "iran" is walked once for `iran`, `iran OR korea` and `iran --country PRK`. Private to
// src/store/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fissure/store/search.h"
#include "fissure/util/status.h"

namespace fissure::sqlite {
class Database;
}

namespace fissure::store {

class SharedSearchStats;

// The rows a filter expression of the meta column matches, by rowid. A filtered query walks its
// text part alone and tests each row here: FTS5's AND of the text with a frequent filter token
// (cirn: 680,000 rows) advances through the token's doclist entry by entry within each page, and
// that, not the text's matches, was most of a filtered query's cost.
class RowSet {
 public:
  // Rowids from 0 to kLimit - 1 (sentence ids; 512 MB of bits at most): a set that met another
  // is not used.
  static constexpr int64_t kLimit = int64_t{1} << 32;
  void add(int64_t row) {
    if (row < 0 || row >= kLimit) {
      out_of_range_ = true;
      return;
    }
    const size_t word = static_cast<size_t>(row) / 64;
    if (word >= bits_.size()) bits_.resize(word + 1 + bits_.size() / 4);
    bits_[word] |= uint64_t{1} << (row % 64);
  }
  bool out_of_range() const { return out_of_range_; }
  bool contains(int64_t row) const {
    if (row < 0) return false;
    const size_t word = static_cast<size_t>(row) / 64;
    return word < bits_.size() && (bits_[word] >> (row % 64) & 1);
  }

 private:
  std::vector<uint64_t> bits_;
  bool out_of_range_ = false;
};
inline constexpr const char* kRowSetType = "fissure_row_set";

// One ranking walk of a search (fissure_rank, below): what it is asked, and what it finds.
struct RankedRow {
  int64_t rowid;
  double score;  // BM25, higher = better
};
struct RankWalk {
  // The query's text part (FTS5 syntax, its phrases first in the MATCH): phrases' row counts are
  // kept in the connection's cache under it; empty: no cache.
  std::string text_expression;
  sqlite::Database* db = nullptr;  // for the vocabulary's counts (nullptr: none)
  int64_t window = 0;  // rows scored, newest first (the walk is in descending rowid order); 0: all
  int64_t keep = 1;    // the best rows wanted (offset + limit), >= 1
  // A one-phrase query without filters whose phrase's row count is not known: that count is the
  // walk's own (every row is seen, past the window too), so rows are ranked on the score without
  // the IDF, a positive factor common to all rows, and scored exactly once it is known (finish).
  bool deferred_idf = false;
  // The rows of the query's filters when the MATCH holds the text part alone (nullptr: the MATCH
  // holds the filters); a row outside is not the query's (the function returns 0).
  const RowSet* filter = nullptr;

  // Rows seen: scored, or counted past the window (under the filter).
  int64_t rows = 0;
  // Rows the MATCH gave, the filter's or not: with one phrase, the rows holding it.
  int64_t text_rows = 0;
  int64_t last_row = INT64_MIN;  // SQLite may call the function more than once for a row
  int last_result = 0;
  // The best `keep` rows scored so far, worst on top (a heap): a row whose score cannot beat the
  // worst is never returned, so it is not worth its sentence length.
  std::vector<RankedRow> best;
  // With deferred_idf: every row that may reach the best, with what its exact score needs.
  struct Unscored {
    int64_t rowid;
    int tf;
    int length;
  };
  std::vector<Unscored> unscored;
  // The rank function's figures of the walk (rows, average length), for finish().
  double index_rows = 0;
  double average_length = 0;

  // The best `keep` rows, best first (equal scores by rowid); with deferred_idf, scored with the
  // IDF of `phrase_rows` rows holding the phrase.
  std::vector<RankedRow> finish(int64_t phrase_rows) const;
};
inline constexpr const char* kRankWalkType = "fissure_rank_walk";

class SearchStatsCache {
 public:
  // `shared`: the figures of every connection to the same file; nullptr for a private store.
  explicit SearchStatsCache(std::shared_ptr<SharedSearchStats> shared);

  // The version of the index this connection's snapshot reads: every figure read or written
  // until the next call belongs to it.
  void validate(std::string_view index_version);

  std::optional<int64_t> count(const std::string& key) const;
  void set_count(const std::string& key, int64_t n);

  // Rows whose text holds phrase `phrase` (numbered as FTS5 does, in order of appearance) of the
  // FTS5 text expression `text_expression`.
  std::optional<int64_t> phrase_rows(const std::string& text_expression, int phrase) const;
  void set_phrase_rows(const std::string& text_expression, int phrase, int64_t rows);

  std::optional<SearchFacets> facets(const std::string& key) const;
  void set_facets(const std::string& key, SearchFacets facets);

  // The rows of a filter expression, when some connection built them for this version. Otherwise
  // nullptr, and *build tells the caller to build them now: the filter was asked for before in
  // this version (a filter asked for once is not worth a walk of its doclist), no connection is
  // building it, and the index stands still (the first version the process reads, or one
  // unchanged for 5 s: under an ingest committing every few seconds a set would be walked again
  // at each commit, in the latency of the request that builds it). A caller told to build calls
  // set_filter_rows, with nullptr if it failed.
  std::shared_ptr<const RowSet> filter_rows(const std::string& filter, bool* build);
  void set_filter_rows(const std::string& filter, std::shared_ptr<const RowSet> rows);

  // Whether prepare_vocabulary ran on this connection.
  bool vocabulary_prepared = false;

 private:
  std::shared_ptr<SharedSearchStats> shared_;
  std::string version_;
};

// The phrases of an FTS5 text expression made by to_fts_query, in FTS5's numbering: every
// phrase there is a string literal ("..." with "" for a quote), a prefix one followed by *.
// Returns the literals with their *.
std::vector<std::string> expression_phrases(std::string_view text_expression);

// Registers fissure_rank on the connection (FTS5 auxiliary functions are per connection), with
// the connection's SearchStatsCache, which lives until the connection is closed.
//
//   fissure_rank(sentence_fts, walk)   `walk`: a RankWalk bound with sqlite3_bind_pointer (type
//                                      kRankWalkType); returns whether the row passes the
//                                      walk's filter (1 without one), the walk collects
//   fissure_mark(rowid, rows)          adds rowid to the RowSet bound as `rows` (kRowSetType);
//                                      returns 1
//
// It computes BM25 over the text column, as FTS5's bm25() would on a table of the text alone
// (k1 = 1.2, b = 0.75), for the first `window` rows it sees, and counts the others. A phrase's IDF
// comes from the cache, the index's vocabulary (one ASCII word) or a walk of the phrase's
// doclist, and only once the phrase occurs in a row's text (filter tokens never do). A row's
// score is first bounded from above by the least length its matches imply (the last token of an
// occurrence lies inside the text); when that bound is below the `keep` best scores seen so far,
// the row's length is not read from the docsize table: it cannot be among the `keep` either way.
Status register_rank_function(sqlite3* db);

// Creates the connection's view of the index's vocabulary (temp.fissure_sentence_vocab), through
// which the row count of a one-word phrase is read without walking its matches.
Status prepare_vocabulary(sqlite3* db);

// The rows whose text holds phrase `phrase` of the text expression, when known without a walk of
// its doclist: kept in the cache, or, for one ASCII word, read from the vocabulary
// (prepare_vocabulary; not with db null) and then kept. nullopt otherwise.
std::optional<int64_t> known_phrase_rows(sqlite::Database* db, SearchStatsCache& cache,
                                         const std::string& text_expression, int phrase);

// Whether connections registered from now on share their figures with the process's other
// connections to the same file (the default) or keep their own (tests compare the two).
void share_search_stats(bool enabled);

// The connection's cache (nullptr if register_rank_function was not called on it).
SearchStatsCache* search_stats_cache(sqlite3* db);

}  // namespace fissure::store
