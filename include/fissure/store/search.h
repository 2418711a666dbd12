// Full-text search over the archive's sentences (FTS5, BM25) and keyword-in-context lines.
// Part of the store layer. The query language is documented in docs/search.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/util/status.h"

namespace fissure {

// Filters shared by search and kwic. Dates are ISO ("2012", "2012-05", "2012-05-01"); a document
// matches when its own date range overlaps [from, to]; undated documents match only without
// date filters.
struct SearchFilters {
  std::string country;  // ISO3; empty = any
  std::string source;   // exact outlet name; empty = any
  std::string from, to;
  bool collapse_duplicates = false;  // leave out documents linked as duplicates of another
};

// Translates fissure's query language (words, "phrases", AND/OR/NOT, prefix*, a NEAR b,
// a NEAR/5 b, parentheses) into an FTS5 MATCH expression. Errors name what is wrong.
Result<std::string> to_fts_query(const std::string& query);

struct SearchQuery {
  std::string text;
  SearchFilters filters;
  int limit = 20;
  int offset = 0;
  // BM25 ranks at most this many matches: the most recently stored ones, when there are more.
  // FTS5 scores every match it ranks, so an unbounded rank of a word found in 100,000 sentences
  // takes hundreds of milliseconds; 0 ranks all (exact, slow for frequent words).
  int64_t rank_window = 2000;
};

struct SearchHit {
  std::string document_id;
  int64_t sentence_id = 0;
  std::optional<std::string> date;
  std::optional<std::string> country;
  std::optional<std::string> source;
  std::optional<std::string> title;
  std::string sentence;
  std::string snippet;  // matched terms between "[" and "]"
  double score = 0;     // BM25, higher is better
};

struct SearchResults {
  int64_t total = 0;   // matching sentences under the filters
  int64_t ranked = 0;  // how many of them were ranked (= total unless the window cut it)
  std::vector<SearchHit> hits;
};

Result<SearchResults> search(Archive& archive, const SearchQuery& query);

struct KwicQuery {
  std::string term;  // a word, a prefix* or a "phrase"
  SearchFilters filters;
  int window = 5;  // words each side
  int limit = 100;
};

struct KwicLine {
  std::string document_id;
  int64_t sentence_id = 0;
  std::optional<std::string> date;
  std::optional<std::string> country;
  std::optional<std::string> source;
  std::string left, keyword, right;
};

struct KwicResults {
  int64_t total = 0;  // occurrences in the matching sentences returned; see docs/search.md
  std::vector<KwicLine> lines;
};

Result<KwicResults> kwic(Archive& archive, const KwicQuery& query);

}  // namespace fissure
