#include "fissure/store/search.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "coding_reader.h"
#include "meta_tokens.h"
#include "rank_function.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

Status query_error(const std::string& text, const Status& st) {
  if (st.code() == StatusCode::kTimedOut) return st;  // not the query's fault
  return Status::invalid("query \"" + text + "\": " + st.message());
}

// A query translated for FTS5: the MATCH expression with the filter tokens, and the SQL condition
// for the tone range (" AND ..." or "").
struct CompiledQuery {
  std::string text;    // the text part alone, FTS5 syntax
  std::string match;   // text and filters
  std::string filter;  // the filters alone, FTS5 syntax ("" without)
  std::string and_tone;
  bool has_filter_tokens = false;
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
  c.has_filter_tokens = !filter->empty();
  c.filter = *filter;
  return c;
}

// Whether an FTS5 expression from to_fts_query is one phrase ("word", "a phrase", "pre"*).
bool is_single_phrase(const std::string& fts) {
  const std::vector<std::string> phrases = store::expression_phrases(fts);
  return phrases.size() == 1 && phrases[0] == fts;
}

// All statements of one search read the same snapshot of the archive, so that the total, the
// hits and the cached figures agree even while an ingest commits. Nested in a caller's
// transaction, it uses that one.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(sqlite::Database& db) : db_(db) {
    if (sqlite3_get_autocommit(db_.raw())) owned_ = static_cast<bool>(db_.exec("BEGIN"));
  }
  ~ReadSnapshot() {
    if (owned_ && !db_.exec("COMMIT")) (void)db_.exec("ROLLBACK");
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  sqlite::Database& db_;
  bool owned_ = false;
};

// The full-text index's version: its structure record (rewritten, with a growing write counter,
// by every commit that changes the index) and its averages record (row and token counts).
Result<std::string> index_version(sqlite::Database& db) {
  auto q = db.prepare("SELECT block FROM sentence_fts_data WHERE id IN (1, 10) ORDER BY id");
  if (!q) return q.status();
  std::string version;
  Status st;
  while (q->step(&st)) {
    std::string_view block = q->blob(0);
    version += std::to_string(block.size());
    version += ':';
    version += block;
  }
  if (!st) return st;
  return version;
}

// The connection's cache, checked against the index this snapshot reads; nullptr when there is
// none (the figures are then computed every time).
Result<store::SearchStatsCache*> checked_cache(sqlite::Database& db) {
  store::SearchStatsCache* cache = store::search_stats_cache(db.raw());
  if (!cache) return cache;
  auto version = index_version(db);
  if (!version) return version.status();
  cache->validate(*version);
  if (!cache->vocabulary_prepared) {
    FISSURE_RETURN_IF_ERROR(store::prepare_vocabulary(db.raw()));
    cache->vocabulary_prepared = true;
  }
  return cache;
}

std::vector<FacetCount> most_first(const std::map<std::string, int64_t>& counts) {
  std::vector<FacetCount> out;
  out.reserve(counts.size());
  for (const auto& [value, n] : counts) out.push_back({value, n});
  // The map gives value order; a stable sort keeps it among equal counts.
  std::stable_sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.sentences > b.sentences;
  });
  return out;
}

// One integer from a statement over sentence_fts (the tone condition may add a join per match).
Result<int64_t> first_integer(sqlite::Database& db, const std::string& sql,
                              const std::string& match,
                              std::optional<int64_t> second = std::nullopt) {
  auto q = db.prepare(sql);
  if (!q) return q.status();
  q->bind(1, match);
  if (second) q->bind(2, *second);
  Status st;
  int64_t value = 0;
  if (q->step(&st)) value = q->int64(0);
  if (!st) return st;
  return value;
}

// Keeps a query's total for the next search of the same snapshot; without filters, a one-phrase
// query's total is also its phrase's row count (BM25's IDF needs no walk of its own).
void record_total(store::SearchStatsCache* cache, bool cacheable, bool one_phrase_alone,
                  const std::string& count_key, const std::string& text, int64_t total) {
  if (cacheable) cache->set_count(count_key, total);
  if (cache && one_phrase_alone) cache->set_phrase_rows(text, 0, total);
}

// Where a hit's sentence lies: bytes [start, end) of a revision's text.
struct TextSlice {
  int64_t revision_id;
  int64_t start;
  int64_t end;
};

// A sentence is a slice of its revision's text. Reading the column would load the whole text
// (documents run to tens of KB, over overflow pages) for every hit; an incremental blob handle,
// moved from row to row, reads only the slice's bytes. A slice past the text's end is cut there,
// as substr() would.
Status read_sentences(sqlite::Database& db, const std::vector<TextSlice>& slices,
                      std::vector<SearchHit>& hits) {
  sqlite3_blob* blob = nullptr;
  Status status;
  for (size_t i = 0; i < slices.size() && status; ++i) {
    const TextSlice& slice = slices[i];
    const int rc =
        blob ? sqlite3_blob_reopen(blob, slice.revision_id)
             : sqlite3_blob_open(db.raw(), "main", "revision", "text", slice.revision_id, 0, &blob);
    if (rc != SQLITE_OK) {
      status = Status::io_error(std::string("sqlite: reading a hit's sentence: ") +
                                sqlite3_errmsg(db.raw()));
      break;
    }
    const int64_t size = sqlite3_blob_bytes(blob);
    const int64_t start = std::clamp<int64_t>(slice.start, 0, size);
    const int64_t end = std::clamp<int64_t>(slice.end, start, size);
    std::string& text = hits[i].sentence;
    text.resize(static_cast<size_t>(end - start));
    if (!text.empty() && sqlite3_blob_read(blob, text.data(), static_cast<int>(text.size()),
                                           static_cast<int>(start)) != SQLITE_OK)
      status = Status::io_error(std::string("sqlite: reading a hit's sentence: ") +
                                sqlite3_errmsg(db.raw()));
  }
  sqlite3_blob_close(blob);
  return status;
}

// The rows of the filter expression, when they are worth a set (SearchStatsCache::filter_rows);
// nullptr otherwise.
Result<std::shared_ptr<const store::RowSet>> filter_row_set(sqlite::Database& db,
                                                            store::SearchStatsCache& cache,
                                                            const std::string& filter) {
  bool build = false;
  std::shared_ptr<const store::RowSet> known = cache.filter_rows(filter, &build);
  if (known || !build) return known;
  auto rows = std::make_shared<store::RowSet>();
  Status st;
  {
    auto q = db.prepare(
        "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH ?1 AND fissure_mark(rowid, "
        "?2)");
    if (!q) {
      st = q.status();
    } else {
      q->bind(1, filter);
      sqlite3_bind_pointer(q->raw(), 2, rows.get(), store::kRowSetType, nullptr);
      while (q->step(&st)) {
      }
    }
  }
  if (!st) {
    cache.set_filter_rows(filter, nullptr);
    return st;
  }
  if (rows->out_of_range()) {
    cache.set_filter_rows(filter, nullptr);
    return std::shared_ptr<const store::RowSet>();
  }
  cache.set_filter_rows(filter, rows);
  return std::shared_ptr<const store::RowSet>(std::move(rows));
}

// The hits' document fields and where their sentences lie, one pooled statement per hit.
Status fill_documents(sqlite::Database& db, std::vector<SearchHit>& hits,
                      std::vector<TextSlice>& slices) {
  auto q = db.prepare(
      "SELECT d.id, d.date, d.country, d.source, d.title, r.id, s.start, s.end FROM sentence s "
      "JOIN document d ON d.key = s.document_key "
      "JOIN revision r ON r.document_key = s.document_key AND r.n = s.revision WHERE s.id = ?1");
  if (!q) return q.status();
  slices.clear();
  for (auto& h : hits) {
    q->bind(1, h.sentence_id);
    Status st;
    if (!q->step(&st)) {
      if (!st) return st;
      return Status::internal("sentence " + std::to_string(h.sentence_id) + " has no document");
    }
    h.document_id = q->str(0);
    h.date = q->opt_str(1);
    h.country = q->opt_str(2);
    h.source = q->opt_str(3);
    h.title = q->opt_str(4);
    slices.push_back({q->int64(5), q->int64(6), q->int64(7)});
    q->reset();
  }
  return Status::ok();
}

// FTS5's snippet() on the archive's index repeats the query's set-up for every hit (a prefix*
// merges the doclists of every word it covers: 4 ms for nucle* on the full archive, 20 times). A
// snippet depends only on the row's text and the query's phrases, so the hits' sentences go into
// a small temporary FTS5 table with the index's tokenizer (schema.cc) and are cut there in one
// query.
Status fill_snippets(sqlite::Database& db, const std::string& text_match,
                     std::vector<SearchHit>& hits) {
  // The index reads the sentences from a plain table (external content): emptied with a
  // 'delete-all', which drops the index's segments, where deleting rows one by one would
  // tokenize each sentence again to remove its terms.
  constexpr std::string_view kInsertText =
      "INSERT INTO temp.fissure_hit_content(id, text) VALUES (?1, ?2)";
  // The connection's statement pool keeps the insert once the tables exist: created only then.
  auto insert_text = db.prepare(kInsertText);
  if (!insert_text) {
    FISSURE_RETURN_IF_ERROR(
        db.exec("CREATE TABLE IF NOT EXISTS temp.fissure_hit_content(id INTEGER PRIMARY KEY, "
                "text TEXT)"));
    FISSURE_RETURN_IF_ERROR(
        db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fissure_hit_text USING fts5(text, "
                "content = 'fissure_hit_content', content_rowid = 'id', "
                "tokenize = 'unicode61 remove_diacritics 2')"));
    insert_text = db.prepare(kInsertText);
    if (!insert_text) return insert_text.status();
  }
  // Emptied before use, not after: what the last search left costs nothing until then.
  FISSURE_RETURN_IF_ERROR(
      db.exec("INSERT INTO temp.fissure_hit_text(fissure_hit_text) VALUES ('delete-all')"));
  FISSURE_RETURN_IF_ERROR(db.exec("DELETE FROM temp.fissure_hit_content"));
  auto insert_index = db.prepare("INSERT INTO temp.fissure_hit_text(rowid, text) VALUES (?1, ?2)");
  if (!insert_index) return insert_index.status();
  std::vector<int64_t> inserted;  // a sentence listed twice is cut once
  for (const auto& h : hits) {
    if (std::find(inserted.begin(), inserted.end(), h.sentence_id) != inserted.end()) continue;
    inserted.push_back(h.sentence_id);
    insert_text->bind(1, h.sentence_id).bind(2, h.sentence);
    FISSURE_RETURN_IF_ERROR(insert_text->run());
    insert_index->bind(1, h.sentence_id).bind(2, h.sentence);
    FISSURE_RETURN_IF_ERROR(insert_index->run());
  }
  std::map<int64_t, std::string> snippets;
  {
    auto q = db.prepare(
        "SELECT rowid, snippet(fissure_hit_text, 0, '[', ']', '…', 24) FROM temp.fissure_hit_text "
        "WHERE fissure_hit_text MATCH ?1");
    if (!q) return q.status();
    q->bind(1, text_match);
    Status st;
    while (q->step(&st)) snippets[q->int64(0)] = q->str(1);
    if (!st) return st;
  }
  for (auto& h : hits) {
    auto it = snippets.find(h.sentence_id);
    h.snippet = it != snippets.end() ? it->second : h.sentence;
  }
  return Status::ok();
}

}  // namespace

Result<SearchFacets> search_facets(Archive& archive, const SearchQuery& query) {
  auto& db = archive.db();
  ReadSnapshot snapshot(db);
  auto compiled = compile(db, query);
  if (!compiled) return compiled.status();
  auto cache = checked_cache(db);
  if (!cache) return query_error(query.text, cache.status());
  // The tone condition reads the coding tables, which can change without the index changing.
  const bool cacheable = *cache && compiled->and_tone.empty();
  if (cacheable)
    if (auto known = (*cache)->facets(compiled->match)) return *std::move(known);
  // Matches are first counted per document, so that each document's fields are read once.
  auto q = db.prepare(
      "SELECT d.country, d.source, substr(d.date, 1, 4), sum(m.n) FROM "
      "(SELECT s.document_key AS key, count(*) AS n FROM sentence_fts JOIN sentence s ON s.id = "
      "sentence_fts.rowid "
      "WHERE sentence_fts MATCH ?1" +
      compiled->and_tone +
      " GROUP BY s.document_key) m "
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
  if (cacheable) {
    (*cache)->set_facets(compiled->match, facets);
    (*cache)->set_count("n\x1f" + compiled->match, facets.total);
  }
  return facets;
}

Result<SearchResults> search(Archive& archive, const SearchQuery& query) {
  if (query.limit < 0 || query.offset < 0)
    return Status::invalid("--limit and --offset must not be negative");
  auto& db = archive.db();
  ReadSnapshot snapshot(db);
  auto compiled = compile(db, query);
  if (!compiled) return compiled.status();
  const std::string& match = compiled->match;
  const std::string& and_tone = compiled->and_tone;
  auto checked = checked_cache(db);
  if (!checked) return query_error(query.text, checked.status());
  store::SearchStatsCache* cache = *checked;
  // The tone condition reads the coding tables, which can change without the index changing.
  const bool cacheable = cache && and_tone.empty();

  SearchResults res;
  const std::string count_key = "n\x1f" + match;
  // Without filters, a one-phrase query's matches are the rows whose text holds the phrase: a
  // count another query learnt for its IDF, or, for one word, the index's vocabulary.
  const bool one_phrase_alone =
      !compiled->has_filter_tokens && and_tone.empty() && is_single_phrase(compiled->text);
  std::optional<int64_t> known = cacheable ? cache->count(count_key) : std::nullopt;
  if (!known && one_phrase_alone && cache)
    known = store::known_phrase_rows(&db, *cache, compiled->text, 0);
  if (!known && query.limit == 0) {
    auto n = first_integer(
        db, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH ?1" + and_tone, match);
    if (!n) return query_error(query.text, n.status());
    known = *n;
  }
  if (known) {
    res.total = *known;
    res.ranked =
        query.rank_window > 0 ? std::min<int64_t>(res.total, query.rank_window) : res.total;
    if (res.total == 0 || query.limit == 0) {
      record_total(cache, cacheable, one_phrase_alone, count_key, compiled->text, res.total);
      return res;
    }
  }

  // One walk, in descending rowid order (which FTS5 walks as cheaply as ascending), scores the
  // newest rank_window matches (all of them with --rank-window 0: too many matches cannot be
  // scored in time) with fissure_rank, which keeps the best offset + limit (rank_function.h).
  // When the total is not known the walk goes on past the window and counts the older matches:
  // the expression is set up once (a prefix's doclists are merged once), not again for a count.
  // A filter asked for before in this snapshot's index is a set of rows: the walk is of the text
  // alone, each row tested against the set (rank_function.h, RowSet). A one-phrase query without
  // filters, or with them as a set, then also learns its phrase's row count, its IDF, from the
  // walk: its rows are ranked before the IDF is known and scored once it is.
  store::RankWalk walk;
  if (cache) walk.text_expression = compiled->text;
  walk.db = &db;
  walk.window = std::max<int64_t>(query.rank_window, 0);
  walk.keep = static_cast<int64_t>(query.limit) + query.offset;
  std::string walk_match = match;
  std::shared_ptr<const store::RowSet> filter_rows;
  if (cache && compiled->has_filter_tokens && and_tone.empty() &&
      compiled->filter.rfind("NOT ", 0) != 0) {
    auto rows = filter_row_set(db, *cache, compiled->filter);
    if (!rows) return query_error(query.text, rows.status());
    filter_rows = *rows;
  }
  if (filter_rows) {
    walk.filter = filter_rows.get();
    walk_match = store::combine(compiled->text, "");
  }
  if (cache && and_tone.empty() && (!compiled->has_filter_tokens || filter_rows) &&
      is_single_phrase(compiled->text) && !store::known_phrase_rows(&db, *cache, compiled->text, 0))
    walk.deferred_idf = true;
  {
    // The function stands in the WHERE clause, so that LIMIT counts the filter's rows only; with
    // a tone condition (which must hold before a row is ranked) in the result instead.
    auto q = db.prepare(
        and_tone.empty()
            ? "SELECT count(*) FROM (SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ?1 "
              "AND fissure_rank(sentence_fts, ?3) ORDER BY rowid DESC LIMIT ?2)"
            : "SELECT count(r) FROM (SELECT fissure_rank(sentence_fts, ?3) AS r FROM sentence_fts "
              "WHERE sentence_fts MATCH ?1" +
                  and_tone + " ORDER BY rowid DESC LIMIT ?2)");
    if (!q) return q.status();
    const bool walk_all = !known || walk.deferred_idf || walk.window == 0;
    q->bind(1, walk_match).bind(2, walk_all ? int64_t{-1} : walk.window);
    sqlite3_bind_pointer(q->raw(), 3, &walk, store::kRankWalkType, nullptr);
    Status st;
    while (q->step(&st)) {
    }
    if (!st) return query_error(query.text, st);
  }  // the walk is no longer bound past here
  if (!known) res.total = walk.rows;
  res.ranked = query.rank_window > 0 ? std::min<int64_t>(res.total, query.rank_window) : res.total;
  record_total(cache, cacheable, one_phrase_alone, count_key, compiled->text, res.total);
  if (walk.deferred_idf) cache->set_phrase_rows(compiled->text, 0, walk.text_rows);

  const std::vector<store::RankedRow> best = walk.finish(walk.text_rows);
  std::vector<int64_t> ids;
  for (size_t i = static_cast<size_t>(query.offset); i < best.size(); ++i) {
    SearchHit h;
    h.sentence_id = best[i].rowid;
    h.score = best[i].score;
    ids.push_back(h.sentence_id);
    res.hits.push_back(std::move(h));
  }
  if (res.hits.empty()) return res;
  std::vector<TextSlice> slices;
  Status st = fill_documents(db, res.hits, slices);
  if (!st) return query_error(query.text, st);
  st = read_sentences(db, slices, res.hits);
  if (!st) return query_error(query.text, st);

  // The snippet needs the text's phrases only.
  st = fill_snippets(db, store::combine(compiled->text, ""), res.hits);
  if (!st) return query_error(query.text, st);
  auto coding = store::coding_summaries(db, ids);
  if (!coding) return coding.status();
  for (size_t i = 0; i < res.hits.size(); ++i) res.hits[i].coding = std::move((*coding)[i]);
  return res;
}

}  // namespace fissure
