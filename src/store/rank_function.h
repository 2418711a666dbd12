// fissure_bm25(): BM25 over the text column of sentence_fts, as FTS5's bm25() computes it, but
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

namespace fissure::store {

class SharedSearchStats;

// The rows a ranking walk scored: how many, and the least rowid among them.
struct RankTally {
  int64_t rows = 0;
  int64_t oldest = INT64_MAX;
  int64_t last_row = INT64_MIN;  // SQLite may call the function more than once for a row
};
inline constexpr const char* kRankTallyType = "fissure_rank_tally";

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

// Registers fissure_bm25 on the connection (FTS5 auxiliary functions are per connection), with
// the connection's SearchStatsCache, which lives until the connection is closed.
//
//   fissure_bm25(sentence_fts)                   BM25, IDFs computed by walking doclists
//   fissure_bm25(sentence_fts, text_expression)  the same, IDFs kept in the connection's cache
//                                                under the text expression (the query's text
//                                                part, whose phrases come first in the MATCH)
//   fissure_bm25(sentence_fts, text_expression, keep)
//       the same, for a query that keeps only its `keep` best rows (ORDER BY score LIMIT keep).
//       A row's score is bounded from above by the least length its matches imply (the last
//       token of an occurrence lies inside the text); when that bound is below the `keep` best
//       exact scores seen so far, the row gets the bound, without a read of its length from
//       the docsize table: it cannot be among the `keep` either way.
//
//   fissure_bm25(sentence_fts, text_expression, keep, tally)
//       the same, and counts the rows it scores into the RankTally bound as `tally`
//       (sqlite3_bind_pointer, type kRankTallyType): the walk that ranks also counts.

Status register_rank_function(sqlite3* db);

// Creates the connection's view of the index's vocabulary (temp.fissure_sentence_vocab), through
// which the row count of a one-word phrase is read without walking its matches.
Status prepare_vocabulary(sqlite3* db);

// For a text expression that is one phrase of one ASCII word: the rows whose text holds it, from
// the vocabulary (prepare_vocabulary). nullopt otherwise.
std::optional<int64_t> phrase_text_rows(sqlite3* db, std::string_view text_expression);

// Whether connections registered from now on share their figures with the process's other
// connections to the same file (the default) or keep their own (tests compare the two).
void share_search_stats(bool enabled);

// The connection's cache (nullptr if register_rank_function was not called on it).
SearchStatsCache* search_stats_cache(sqlite3* db);

}  // namespace fissure::store
