#include <string>

#include "filter_sql.h"
#include "fissure/store/search.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

Status query_error(const std::string& text, const Status& st) {
  return Status::invalid("query \"" + text + "\": " + st.message());
}

}  // namespace

Result<SearchResults> search(Archive& archive, const SearchQuery& query) {
  if (query.limit < 0 || query.offset < 0) return Status::invalid("--limit and --offset must not be negative");
  auto fts = to_fts_query(query.text);
  if (!fts) return fts.status();
  auto filters = store::filter_sql(query.filters);
  if (!filters) return filters.status();
  auto& db = archive.db();
  const bool filtered = !filters->where.empty();
  const int first_free = static_cast<int>(2 + filters->values.size());  // next parameter index
  const std::string from =
      " FROM sentence_fts f JOIN sentence s ON s.id = f.rowid JOIN document d ON d.key = s.document_key"
      " WHERE sentence_fts MATCH ?1" + filters->where;

  SearchResults res;
  {
    auto q = filtered ? db.prepare("SELECT count(*)" + from)
                      : db.prepare("SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH ?1");
    if (!q) return q.status();
    q->bind(1, *fts);
    store::bind_filters(*q, *filters, 2);
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
    auto q = db.prepare("SELECT f.rowid" + from + " ORDER BY f.rowid DESC LIMIT 1 OFFSET ?" +
                        std::to_string(first_free));
    if (!q) return q.status();
    q->bind(1, *fts);
    store::bind_filters(*q, *filters, 2);
    q->bind(first_free, query.rank_window - 1);
    Status st;
    if (q->step(&st)) cutoff = q->int64(0);
    if (!st) return query_error(query.text, st);
    res.ranked = query.rank_window;
  }

  // bm25() as a result expression is evaluated only for rows that pass the filters (f.rank in an
  // ORDER BY across a join is computed for every match); snippets are made afterwards, for the
  // hits alone.
  const std::string lim = std::to_string(first_free + 1);
  auto q = db.prepare("SELECT d.id, s.id, d.date, d.country, d.source, d.title, -bm25(sentence_fts) AS score" + from +
                      " AND f.rowid >= ?" + std::to_string(first_free) + " ORDER BY score DESC LIMIT ?" + lim +
                      " OFFSET ?" + std::to_string(first_free + 2));
  if (!q) return q.status();
  q->bind(1, *fts);
  store::bind_filters(*q, *filters, 2);
  q->bind(first_free, cutoff).bind(first_free + 1, query.limit).bind(first_free + 2, query.offset);
  Status st;
  while (q->step(&st)) {
    SearchHit h;
    h.document_id = q->str(0);
    h.sentence_id = q->int64(1);
    h.date = q->opt_str(2);
    h.country = q->opt_str(3);
    h.source = q->opt_str(4);
    h.title = q->opt_str(5);
    h.score = q->real(6);
    res.hits.push_back(std::move(h));
  }
  if (!st) return query_error(query.text, st);

  auto text = db.prepare(
      "SELECT text, snippet(sentence_fts, 0, '[', ']', '…', 24) FROM sentence_fts WHERE sentence_fts MATCH ?1 "
      "AND rowid = ?2");
  if (!text) return text.status();
  for (auto& h : res.hits) {
    text->bind(1, *fts).bind(2, h.sentence_id);
    if (text->step(&st)) {
      h.sentence = text->str(0);
      h.snippet = text->str(1);
    }
    text->reset();
    if (!st) return query_error(query.text, st);
  }
  return res;
}

}  // namespace fissure
