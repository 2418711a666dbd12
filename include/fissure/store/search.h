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
  // Coding filters (docs/search.md): sentences that name the actor (a state also through its
  // leaders and officials), whose speaker is the given actor, labelled with the domain.
  std::string actor;
  std::string speaker;
  std::string domain;
  // Tone range, on fissure's tone (tone_fissure, -1..1): of the sentence, or, with `actor`, toward
  // that actor (some mention of it scores in range).
  std::optional<double> tone_min, tone_max;
};

// A hit's coding, shown beside it. Empty (coded = false) for sentences not coded yet.
struct CodingSummary {
  bool coded = false;
  std::string lang;
  std::string speaker;
  std::optional<double> tone, tone_fissure;
  std::vector<std::string> actors;   // codes named, in order, each once
  std::vector<std::string> domains;
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
  CodingSummary coding;
};

struct SearchResults {
  int64_t total = 0;   // matching sentences under the filters
  int64_t ranked = 0;  // how many of them were ranked (= total unless the window cut it)
  std::vector<SearchHit> hits;
};

// Each connection keeps the figures that walk whole doclists (totals, the rank window's cut,
// IDFs, facets) for the version of the full-text index they were computed on; answers are the
// same as without (docs/search.md, "Performance").
Result<SearchResults> search(Archive& archive, const SearchQuery& query);

struct FacetCount { std::string value; int64_t sentences = 0; };
struct SearchFacets {
  int64_t total = 0;  // matching sentences under the filters (= SearchResults::total)
  std::vector<FacetCount> by_country, by_source, by_year;  // most first; year = first 4 of date
};
// Counts the query's matching sentences by document country, source and year (limit/offset
// ignored). Undated documents count under year "undated".
// Documents without a country or source count under "unknown"; equal counts are in value order.
Result<SearchFacets> search_facets(Archive& archive, const SearchQuery& query);

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
  CodingSummary coding;
};

struct KwicResults {
  int64_t total = 0;  // occurrences in the matching sentences returned; see docs/search.md
  std::vector<KwicLine> lines;
};

Result<KwicResults> kwic(Archive& archive, const KwicQuery& query);

}  // namespace fissure
