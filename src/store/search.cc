#include <string>

#include "fissure/store/search.h"
#include "coding_reader.h"
#include "meta_tokens.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

Status query_error(const std::string& text, const Status& st) {
  if (st.code() == StatusCode::kTimedOut) return st;  // not the query's fault
  return Status::invalid("query \"" + text + "\": " + st.message());
}

}  // namespace

Result<SearchResults> search(Archive& archive, const SearchQuery& query) {
  if (query.limit < 0 || query.offset < 0) return Status::invalid("--limit and --offset must not be negative");
  auto text = to_fts_query(query.text);
  if (!text) return text.status();
  auto& db = archive.db();
  auto filter = store::filter_expression(db, query.filters);
  if (!filter) return filter.status();
  // Filters are index tokens: counting and ranking never leave the index (no join per match).
  const std::string match = store::combine(*text, *filter);
  auto tone = store::tone_condition(query.filters);
  if (!tone) return tone.status();
  const std::string and_tone = tone->empty() ? "" : " AND " + *tone;

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
  const std::string text_match = store::combine(*text, "");
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
