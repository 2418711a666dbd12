#include <algorithm>
#include <map>
#include <string>

#include "fissure/store/search.h"
#include "coding_reader.h"
#include "meta_tokens.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

Status query_error(const std::string& text, const Status& st) {
  return Status::invalid("query \"" + text + "\": " + st.message());
}

// A query translated for FTS5: the MATCH expression with the filter tokens, and the SQL condition
// for the tone range (" AND ..." or "").
struct CompiledQuery {
  std::string text;   // the text part alone, FTS5 syntax
  std::string match;  // text and filters
  std::string and_tone;
};

Result<CompiledQuery> compile(sqlite::Database& db, const SearchQuery& query) {
  auto text = to_fts_query(query.text);
  if (!text) return text.status();
  auto filter = store::filter_expression(db, query.filters);
  if (!filter) return filter.status();
  auto tone = store::tone_condition(query.filters);
  if (!tone) return tone.status();
  CompiledQuery c;
  c.text = *text;
  // Filters are index tokens: counting and ranking never leave the index (no join per match).
  c.match = store::combine(*text, *filter);
  c.and_tone = tone->empty() ? "" : " AND " + *tone;
  return c;
}

std::vector<FacetCount> most_first(const std::map<std::string, int64_t>& counts) {
  std::vector<FacetCount> out;
  out.reserve(counts.size());
  for (const auto& [value, n] : counts) out.push_back({value, n});
  // The map gives value order; a stable sort keeps it among equal counts.
  std::stable_sort(out.begin(), out.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.sentences > b.sentences; });
  return out;
}

}  // namespace

Result<SearchFacets> search_facets(Archive& archive, const SearchQuery& query) {
  auto& db = archive.db();
  auto compiled = compile(db, query);
  if (!compiled) return compiled.status();
  // Matches are first counted per document, so that each document's fields are read once.
  auto q = db.prepare(
      "SELECT d.country, d.source, substr(d.date, 1, 4), sum(m.n) FROM "
      "(SELECT s.document_key AS key, count(*) AS n FROM sentence_fts JOIN sentence s ON s.id = sentence_fts.rowid "
      "WHERE sentence_fts MATCH ?1" + compiled->and_tone + " GROUP BY s.document_key) m "
      "JOIN document d ON d.key = m.key GROUP BY 1, 2, 3");
  if (!q) return q.status();
  q->bind(1, compiled->match);
  std::map<std::string, int64_t> countries, sources, years;
  SearchFacets facets;
  Status st;
  while (q->step(&st)) {
    const int64_t n = q->int64(3);
    countries[q->is_null(0) || q->text(0).empty() ? "unknown" : q->str(0)] += n;
    sources[q->is_null(1) || q->text(1).empty() ? "unknown" : q->str(1)] += n;
    years[q->is_null(2) || q->text(2).empty() ? "undated" : q->str(2)] += n;
    facets.total += n;
  }
  if (!st) return query_error(query.text, st);
  facets.by_country = most_first(countries);
  facets.by_source = most_first(sources);
  facets.by_year = most_first(years);
  return facets;
}

Result<SearchResults> search(Archive& archive, const SearchQuery& query) {
  if (query.limit < 0 || query.offset < 0) return Status::invalid("--limit and --offset must not be negative");
  auto& db = archive.db();
  auto compiled = compile(db, query);
  if (!compiled) return compiled.status();
  const std::string& match = compiled->match;
  const std::string& and_tone = compiled->and_tone;

  SearchResults res;
  {
    auto q = db.prepare("SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH ?1" + and_tone);
    if (!q) return q.status();
    q->bind(1, match);
    Status st;
    if (q->step(&st)) res.total = q->int64(0);
    if (!st) return query_error(query.text, st);
  }
  res.ranked = res.total;
  if (res.total == 0 || query.limit == 0) return res;

  // Too many matches to score them all in time: rank the newest rank_window of them. FTS5 walks
  // its doclists in descending rowid order cheaply, so finding the cut costs little.
  int64_t cutoff = 0;
  if (query.rank_window > 0 && res.total > query.rank_window) {
    auto q = db.prepare("SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ?1" + and_tone +
                        " ORDER BY rowid DESC LIMIT 1 OFFSET ?2");
    if (!q) return q.status();
    q->bind(1, match).bind(2, query.rank_window - 1);
    Status st;
    if (q->step(&st)) cutoff = q->int64(0);
    if (!st) return query_error(query.text, st);
    res.ranked = query.rank_window;
  }

  // BM25 over the text column alone (rank_function.h); snippets and the document's fields are
  // fetched for the hits only.
  auto q = db.prepare(
      "SELECT h.rowid, -h.score, d.id, d.date, d.country, d.source, d.title FROM "
      "(SELECT rowid, fissure_bm25(sentence_fts) AS score FROM sentence_fts WHERE sentence_fts MATCH ?1 "
      "AND rowid >= ?2" + and_tone + " ORDER BY score LIMIT ?3 OFFSET ?4) h JOIN sentence s ON s.id = h.rowid "
      "JOIN document d ON d.key = s.document_key ORDER BY h.score, h.rowid");
  if (!q) return q.status();
  q->bind(1, match).bind(2, cutoff).bind(3, query.limit).bind(4, query.offset);
  Status st;
  while (q->step(&st)) {
    SearchHit h;
    h.sentence_id = q->int64(0);
    h.score = q->real(1);
    h.document_id = q->str(2);
    h.date = q->opt_str(3);
    h.country = q->opt_str(4);
    h.source = q->opt_str(5);
    h.title = q->opt_str(6);
    res.hits.push_back(std::move(h));
  }
  if (!st) return query_error(query.text, st);

  auto snippet = db.prepare(
      "SELECT text, snippet(sentence_fts, 0, '[', ']', '…', 24) FROM sentence_fts WHERE sentence_fts MATCH ?1 "
      "AND rowid = ?2");
  if (!snippet) return snippet.status();
  // The snippet needs the text's phrases only: without the filter tokens FTS5 positions fewer
  // doclists on each hit.
  const std::string text_match = store::combine(compiled->text, "");
  for (auto& h : res.hits) {
    snippet->bind(1, text_match).bind(2, h.sentence_id);
    if (snippet->step(&st)) {
      h.sentence = snippet->str(0);
      h.snippet = snippet->str(1);
    }
    snippet->reset();
    if (!st) return query_error(query.text, st);
    auto coding = store::coding_summary(db, h.sentence_id);
    if (!coding) return coding.status();
    h.coding = std::move(*coding);
  }
  return res;
}

}  // namespace fissure
