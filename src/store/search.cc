#include <string>

#include "filter_sql.h"
#include "fissure/store/search.h"
#include "sqlite_db.h"

namespace fissure {

Result<SearchResults> search(Archive& archive, const SearchQuery& query) {
  if (query.limit < 0 || query.offset < 0) return Status::invalid("--limit and --offset must not be negative");
  auto fts = to_fts_query(query.text);
  if (!fts) return fts.status();
  auto filters = store::filter_sql(query.filters);
  if (!filters) return filters.status();
  auto& db = archive.db();
  const bool filtered = !filters->where.empty();
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
    if (!st) return Status::invalid("query \"" + query.text + "\": " + st.message());
  }
  if (res.total == 0 || query.limit == 0) return res;

  const int lim = static_cast<int>(2 + filters->values.size());
  auto q = db.prepare(
      "SELECT d.id, s.id, d.date, d.country, d.source, d.title, f.text, "
      "snippet(sentence_fts, 0, '[', ']', '…', 24), -f.rank" + from +
      " ORDER BY f.rank LIMIT ?" + std::to_string(lim) + " OFFSET ?" + std::to_string(lim + 1));
  if (!q) return q.status();
  q->bind(1, *fts);
  store::bind_filters(*q, *filters, 2);
  q->bind(lim, query.limit).bind(lim + 1, query.offset);
  Status st;
  while (q->step(&st)) {
    SearchHit h;
    h.document_id = q->str(0);
    h.sentence_id = q->int64(1);
    h.date = q->opt_str(2);
    h.country = q->opt_str(3);
    h.source = q->opt_str(4);
    h.title = q->opt_str(5);
    h.sentence = q->str(6);
    h.snippet = q->str(7);
    h.score = q->real(8);
    res.hits.push_back(std::move(h));
  }
  if (!st) return Status::invalid("query \"" + query.text + "\": " + st.message());
  return res;
}

}  // namespace fissure
