// fissure_bm25(): BM25 over the text column of sentence_fts, as FTS5's bm25() computes it, but
// blind to the filter tokens of the meta column. FTS5's own bm25() computes an IDF for every
// phrase of the query by walking its whole doclist, the filter tokens' too (cprk, y2011, ...:
// hundreds of thousands of rows each), which made a filtered query cost 50-100 ms however few
// its matches. Here a phrase's IDF is computed only once it occurs in a row's text, which filter
// tokens never do.
//
// SearchStatsCache: what search learns by walking whole doclists (a query's match count, the
// rank window's cut, the number of rows holding a phrase) is kept per connection, tagged with the
// version of the full-text index it was computed on. FTS5 rewrites its structure record (with a
// write counter that only grows) at every commit that changes the index, so an unchanged record
// means unchanged doclists and the figures are still exact. Private to src/store/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "fissure/store/search.h"
#include "fissure/util/status.h"

namespace fissure::store {

class SearchStatsCache {
 public:
  // Forgets every figure unless `index_version` is the one they were computed on.
  void validate(std::string_view index_version);

  std::optional<int64_t> count(const std::string& key) const;
  void set_count(const std::string& key, int64_t n);

  // Rows whose text holds phrase `phrase` of the FTS5 text expression `text_expression`.
  std::optional<int64_t> phrase_rows(const std::string& text_expression, int phrase) const;
  void set_phrase_rows(const std::string& text_expression, int phrase, int64_t rows);

  const SearchFacets* facets(const std::string& key) const;
  void set_facets(const std::string& key, SearchFacets facets);

 private:
  // Bounds memory on a long-running server: when a map grows past this, it starts over.
  static constexpr size_t kMaxEntries = 20000;
  static constexpr size_t kMaxFacetEntries = 256;
  std::string version_;
  std::unordered_map<std::string, int64_t> counts_;
  std::unordered_map<std::string, SearchFacets> facets_;
};

// Registers fissure_bm25 on the connection (FTS5 auxiliary functions are per connection), with
// the connection's SearchStatsCache, which lives until the connection is closed.
//
//   fissure_bm25(sentence_fts)                   BM25, IDFs computed by walking doclists
//   fissure_bm25(sentence_fts, text_expression)  the same, IDFs kept in the connection's cache
//                                                under the text expression (the query's text
//                                                part, whose phrases come first in the MATCH)
Status register_rank_function(sqlite3* db);

// The connection's cache (nullptr if register_rank_function was not called on it).
SearchStatsCache* search_stats_cache(sqlite3* db);

}  // namespace fissure::store
