// What a connection keeps between searches (match counts, the rank window's cut, IDFs, facets)
// must never change an answer: every figure equals a fresh computation, also after the archive
// changes under the connection. Snippets, cut from a small table of the hits, equal FTS5's own.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/store/ingest.h"
#include "fissure/store/search.h"
#include "test_support.h"
// The store's private modules: the shared figures' switch, and raw access to a connection.
#include "../../src/store/meta_tokens.h"
#include "../../src/store/rank_function.h"
#include "../../src/store/sqlite_db.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::TempDir;
using fissure::testing::write_file;

class QuietObserver : public IngestObserver {
 public:
  void on_skip(const std::string& message) override {
    ADD_FAILURE() << "unexpected skip: " << message;
  }
};

std::vector<Doc> corpus() {
  std::vector<Doc> docs = {
      {"a1", "Iran and Korea signed a nuclear deal. The deal was praised in Pyongyang.",
       "2012-03-15", "KCNA", "PRK"},
      {"a2", "Sanctions on Iran were condemned. Nuclear weapons are not the aim.", "2012-07",
       "KCNA", "PRK"},
      {"a3", "Korea sent a delegation to Tehran. Iran welcomed the Korean delegation.", "2013",
       "Tehran Times", "IRN"},
      {"a4", "The nuclear programme of Iran is peaceful, said the minister.", "2013-09-20", "UNGDC",
       "IRN"},
      {"a5", "Nuclear talks in Vienna; the sanctioned states disagree.", "", "Tehran Times", "IRN"},
  };
  for (int i = 0; i < 40; ++i) {
    std::string id = "n";
    id += std::to_string(i);
    std::string text = "Iran was named in sentence number ";
    text += std::to_string(i);
    text += i % 3 == 0 ? " about nuclear sanctions." : " about something else entirely.";
    docs.push_back({id, text, i % 2 ? "2014-01-02" : "2015", i % 2 ? "KCNA" : "Tehran Times",
                    i % 2 ? "PRK" : "IRN"});
  }
  return docs;
}

// The answer as a comparable string: total, ranked, and each hit's id, score and snippet.
std::string answer(Archive& archive, const std::string& text, const SearchFilters& filters,
                   int64_t window) {
  SearchQuery q;
  q.text = text;
  q.filters = filters;
  q.limit = 15;
  q.rank_window = window;
  auto r = search(archive, q);
  std::string out;
  if (!r.is_ok()) {
    out = "error: ";
    out += r.status().message();
    return out;
  }
  out += std::to_string(r->total);
  out += '/';
  out += std::to_string(r->ranked);
  out += ':';
  char score[40];
  for (const auto& h : r->hits) {
    std::snprintf(score, sizeof score, "%.12g", h.score);
    out += ' ';
    out += std::to_string(h.sentence_id);
    out += '=';
    out += score;
    out += '[';
    out += h.snippet;
    out += ']';
  }
  return out;
}

int64_t brute_force_count(const std::string& path, const std::string& text,
                          const std::string& country) {
  // Every indexed sentence checked on its own against the text query, and the filter by a join.
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db,
                         "CREATE VIRTUAL TABLE temp.one USING fts5(text, tokenize = 'unicode61 "
                         "remove_diacritics 2')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto fts = to_fts_query(text);
  EXPECT_TRUE(fts.is_ok());
  sqlite3_stmt* all = nullptr;
  sqlite3_prepare_v2(
      db,
      "SELECT i.text, d.country FROM sentence_indexed i JOIN sentence s ON s.id = i.id "
      "JOIN document d ON d.key = s.document_key",
      -1, &all, nullptr);
  sqlite3_stmt* put = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO temp.one(rowid, text) VALUES (1, ?1)", -1, &put, nullptr);
  sqlite3_stmt* test = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM temp.one WHERE one MATCH ?1", -1, &test, nullptr);
  int64_t n = 0;
  while (sqlite3_step(all) == SQLITE_ROW) {
    const char* c = reinterpret_cast<const char*>(sqlite3_column_text(all, 1));
    if (!country.empty() && (!c || country != c)) continue;
    sqlite3_exec(db, "DELETE FROM temp.one", nullptr, nullptr, nullptr);
    sqlite3_bind_text(put, 1, reinterpret_cast<const char*>(sqlite3_column_text(all, 0)), -1,
                      SQLITE_TRANSIENT);
    sqlite3_step(put);
    sqlite3_reset(put);
    sqlite3_bind_text(test, 1, fts->c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(test) == SQLITE_ROW) n += sqlite3_column_int64(test, 0);
    sqlite3_reset(test);
  }
  sqlite3_finalize(all);
  sqlite3_finalize(put);
  sqlite3_finalize(test);
  sqlite3_close(db);
  return n;
}

class SearchCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("archive.db");
    auto a = Archive::open(path_, Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    archive_ = std::move(*a);
    add(corpus());
  }
  void add(const std::vector<Doc>& docs) {
    static int batch = 0;
    std::string name = "in";
    name += std::to_string(batch++);
    name += ".jsonl";
    const std::string file = dir_.file(name);
    write_file(file, jsonl(docs));
    QuietObserver observer;
    auto r = ingest(*archive_, {file}, IngestOptions{}, observer);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
  }
  // A connection that shares no figure with the others: everything computed anew.
  std::string fresh_answer(const std::string& text, const SearchFilters& filters, int64_t window) {
    store::share_search_stats(false);
    auto fresh = Archive::open(path_, Archive::Mode::kReadOnly);
    store::share_search_stats(true);
    EXPECT_TRUE(fresh.is_ok());
    return fresh.is_ok() ? answer(**fresh, text, filters, window) : "";
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Archive> archive_;
};

const char* const kQueries[] = {"Iran",
                                "nuclear",
                                "nucl*",
                                "\"sentence number\"",
                                "\"nuclear deal\"",
                                "Iran OR Korea",
                                "nuclear NOT Iran",
                                "sanction*",
                                "Iran NEAR/3 Korea",
                                "(Iran OR Tehran) AND delegation"};

SearchFilters country(std::string c) {
  SearchFilters f;
  f.country = std::move(c);
  return f;
}

TEST_F(SearchCacheTest, RepeatedSearchesEqualAFreshConnection) {
  for (const char* text : kQueries)
    for (const SearchFilters& f : {SearchFilters{}, country("PRK")})
      for (int64_t window : {0, 5}) {
        const std::string first = answer(*archive_, text, f, window);
        EXPECT_EQ(answer(*archive_, text, f, window), first) << text;
        EXPECT_EQ(fresh_answer(text, f, window), first) << text;
      }
}

TEST_F(SearchCacheTest, TotalsEqualABruteForceCount) {
  for (const char* text : kQueries)
    for (const std::string c : {"", "PRK", "IRN"}) {
      SearchQuery q;
      q.text = text;
      q.filters = country(c);
      const int64_t expected = brute_force_count(path_, text, c);
      for (int pass = 0; pass < 2; ++pass) {
        auto r = search(*archive_, q);
        ASSERT_TRUE(r.is_ok()) << r.status().message();
        EXPECT_EQ(r->total, expected) << text << " " << c << " pass " << pass;
        auto f = search_facets(*archive_, q);
        ASSERT_TRUE(f.is_ok());
        EXPECT_EQ(f->total, r->total) << text;
      }
      // The ranking walk counts the window's rows and only the older ones are counted apart:
      // every window, also one the matches fill, and a page of none, on connections that know
      // no figure yet.
      for (int64_t window : {0, 1, 3, 7, 2000})
        for (int limit : {0, 2, 20}) {
          store::share_search_stats(false);
          auto fresh = Archive::open(path_, Archive::Mode::kReadOnly);
          store::share_search_stats(true);
          ASSERT_TRUE(fresh.is_ok());
          q.rank_window = window;
          q.limit = limit;
          auto r = search(**fresh, q);
          ASSERT_TRUE(r.is_ok()) << r.status().message();
          EXPECT_EQ(r->total, expected) << text << " " << c << " window " << window;
          EXPECT_EQ(r->ranked, window > 0 ? std::min(expected, window) : expected) << text;
          EXPECT_EQ(static_cast<int64_t>(r->hits.size()), std::min<int64_t>(limit, r->ranked));
        }
    }
}

// A revision that swaps one word for another keeps the index's row and token counts: only the
// index's structure tells that the cached figures are stale.
TEST_F(SearchCacheTest, ChangesToTheArchiveAreSeenByTheSameConnection) {
  const std::string iran_before = answer(*archive_, "Iran", {}, 5);
  const std::string korea_before = answer(*archive_, "Korea", {}, 0);
  SearchQuery q;
  q.text = "Korea";
  auto facets_before = search_facets(*archive_, q);
  ASSERT_TRUE(facets_before.is_ok());
  add({{"a4", "The nuclear programme of Korea is peaceful, said the minister.", "2013-09-20",
        "UNGDC", "IRN"}});
  const std::string iran_after = answer(*archive_, "Iran", {}, 5);
  EXPECT_NE(iran_after, iran_before);
  EXPECT_EQ(iran_after, fresh_answer("Iran", {}, 5));
  EXPECT_EQ(answer(*archive_, "Korea", {}, 0), fresh_answer("Korea", {}, 0));
  EXPECT_NE(answer(*archive_, "Korea", {}, 0), korea_before);
  auto facets_after = search_facets(*archive_, q);
  ASSERT_TRUE(facets_after.is_ok());
  EXPECT_EQ(facets_after->total, facets_before->total + 1);
}

TEST_F(SearchCacheTest, WritesThroughAnotherConnectionAreSeen) {
  auto reader = Archive::open(path_, Archive::Mode::kReadOnly);
  ASSERT_TRUE(reader.is_ok());
  const std::string before = answer(**reader, "Pyongyang", {}, 0);
  add({{"z9", "Pyongyang hosted talks. Pyongyang again.", "2016", "KCNA", "PRK"}});
  const std::string after = answer(**reader, "Pyongyang", {}, 0);
  EXPECT_NE(after, before);
  EXPECT_EQ(after, fresh_answer("Pyongyang", {}, 0));
}

// The snippets equal those FTS5 cuts on the archive's own index.
TEST_F(SearchCacheTest, SnippetsEqualFts5SnippetsOnTheIndex) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db,
                         "SELECT snippet(sentence_fts, 0, '[', ']', '…', 24) FROM sentence_fts "
                         "WHERE sentence_fts MATCH ?1 AND rowid = ?2",
                         -1, &st, nullptr),
      SQLITE_OK);
  int compared = 0;
  for (const char* text : kQueries) {
    SearchQuery q;
    q.text = text;
    q.limit = 50;
    auto r = search(*archive_, q);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    const std::string match = "{text} : (" + *to_fts_query(text) + ")";
    for (const auto& h : r->hits) {
      sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 2, h.sentence_id);
      ASSERT_EQ(sqlite3_step(st), SQLITE_ROW) << text;
      EXPECT_EQ(h.snippet, reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) << text;
      EXPECT_NE(h.snippet.find('['), std::string::npos) << text << ": " << h.snippet;
      sqlite3_reset(st);
      ++compared;
    }
  }
  EXPECT_GT(compared, 50);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

// Every sentence matching the text query, under the country filter, best first: FTS5's bm25() on
// a plain table of the indexed sentences' text (what fissure_bm25 equals, search_test.cc).
std::vector<std::pair<int64_t, double>> full_ranking(const std::string& path,
                                                     const std::string& text,
                                                     const std::string& country) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(
      sqlite3_exec(db,
                   "CREATE VIRTUAL TABLE temp.plain USING fts5(text, tokenize = 'unicode61 "
                   "remove_diacritics 2');"
                   "INSERT INTO temp.plain(rowid, text) SELECT id, text FROM sentence_indexed",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(
                db,
                "SELECT p.rowid, -bm25(plain) FROM temp.plain p JOIN sentence s ON s.id = p.rowid "
                "JOIN document d ON d.key = s.document_key WHERE plain MATCH ?1 AND (?2 = '' OR "
                "d.country = ?2) ORDER BY 2 DESC, 1",
                -1, &st, nullptr),
            SQLITE_OK);
  const std::string fts = *to_fts_query(text);
  sqlite3_bind_text(st, 1, fts.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, country.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::pair<int64_t, double>> out;
  while (sqlite3_step(st) == SQLITE_ROW)
    out.emplace_back(sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// The rank function skips the length of rows that cannot reach the page (rank_function.h): every
// page still holds the scores of a full ranking at its places, and the same sentences wherever
// the score is not tied. The corpus has many equally long sentences, so bounds meet ties.
TEST_F(SearchCacheTest, PagesEqualAFullRankingOfTheText) {
  int compared = 0;
  for (const char* text : kQueries)
    for (const std::string c : {"", "PRK"}) {
      const auto full = full_ranking(path_, text, c);
      for (auto [limit, offset] : {std::pair{1, 0}, {3, 0}, {3, 2}, {5, 4}, {2, 9}, {15, 0}}) {
        SearchQuery q;
        q.text = text;
        q.filters = country(c);
        q.limit = limit;
        q.offset = offset;
        q.rank_window = 0;
        auto r = search(*archive_, q);
        ASSERT_TRUE(r.is_ok()) << r.status().message();
        const size_t expected =
            std::min<size_t>(limit, full.size() > static_cast<size_t>(offset)
                                        ? full.size() - static_cast<size_t>(offset)
                                        : 0);
        ASSERT_EQ(r->hits.size(), expected) << text << " " << c << " " << limit << "/" << offset;
        for (size_t i = 0; i < r->hits.size(); ++i) {
          const auto& [id, score] = full[static_cast<size_t>(offset) + i];
          EXPECT_NEAR(r->hits[i].score, score, 1e-9) << text << " " << c << " place " << i;
          const bool tied = std::count_if(full.begin(), full.end(), [&](const auto& other) {
                              return std::abs(other.second - score) < 1e-9;
                            }) > 1;
          if (!tied) {
            EXPECT_EQ(r->hits[i].sentence_id, id) << text << " " << c << " place " << i;
          }
          ++compared;
        }
      }
    }
  EXPECT_GT(compared, 200);
}

// The figures are shared by the process's connections to the file, each under the version of
// the index its own snapshot reads: a connection still reading the old snapshot gets the old
// answer, one that has seen the commit the new one, in whatever order they ask.
TEST_F(SearchCacheTest, SharedFiguresFollowEachConnectionsSnapshot) {
  auto old_reader = Archive::open(path_, Archive::Mode::kReadOnly);
  ASSERT_TRUE(old_reader.is_ok());
  ASSERT_TRUE((*old_reader)->db().exec("BEGIN"));
  const std::string before = answer(**old_reader, "nuclear", {}, 4);
  const std::string before_filtered = answer(**old_reader, "nuclear", country("IRN"), 0);
  add({{"z1", "Nuclear. Nuclear talks, nuclear again.", "2016", "Tehran Times", "IRN"}});
  auto new_reader = Archive::open(path_, Archive::Mode::kReadOnly);
  ASSERT_TRUE(new_reader.is_ok());
  const std::string after = answer(**new_reader, "nuclear", {}, 4);
  EXPECT_NE(after, before);
  EXPECT_EQ(after, fresh_answer("nuclear", {}, 4));
  EXPECT_EQ(answer(**old_reader, "nuclear", {}, 4), before);
  EXPECT_EQ(answer(**old_reader, "nuclear", country("IRN"), 0), before_filtered);
  EXPECT_EQ(answer(**new_reader, "nuclear", {}, 4), after);
  EXPECT_EQ(answer(**new_reader, "nuclear", country("IRN"), 0),
            fresh_answer("nuclear", country("IRN"), 0));
  ASSERT_TRUE((*old_reader)->db().exec("COMMIT"));
  EXPECT_EQ(answer(**old_reader, "nuclear", {}, 4), after);
}

// A phrase's row count is kept by the phrase, whatever query it came in: a query that reuses
// counts learnt from other queries answers as a fresh connection does.
TEST_F(SearchCacheTest, PhraseCountsLearntInOtherQueriesGiveTheSameAnswers) {
  for (const char* warm : {"Iran OR Korea", "nuclear NOT Iran", "(Iran OR Tehran) AND delegation",
                           "\"nuclear deal\" OR sanction*"})
    (void)answer(*archive_, warm, country("PRK"), 0);
  for (const char* text : {"Iran", "Korea", "nuclear", "Tehran OR Iran", "delegation AND Korea",
                           "sanction*", "\"nuclear deal\"", "Korea NEAR/3 Iran"})
    for (const SearchFilters& f : {SearchFilters{}, country("PRK"), country("IRN")})
      EXPECT_EQ(answer(*archive_, text, f, 0), fresh_answer(text, f, 0)) << text;
}

// The ranking walk takes the newest rank_window matches: every hit lies at or above the
// window's cut, the rank_window-th match in descending rowid order.
TEST_F(SearchCacheTest, TheWindowHoldsTheNewestMatches) {
  sqlite3* db = archive_->db().raw();
  for (const char* text : {"Iran", "sanction*", "Iran OR Korea", "nuclear NOT Iran"})
    for (int64_t window : {1, 3, 7, 20}) {
      SearchQuery q;
      q.text = text;
      q.rank_window = window;
      q.limit = 50;
      store::share_search_stats(false);
      auto fresh = Archive::open(path_, Archive::Mode::kReadOnly);
      store::share_search_stats(true);
      ASSERT_TRUE(fresh.is_ok());
      auto r = search(**fresh, q);
      ASSERT_TRUE(r.is_ok());
      if (r->total <= window) continue;
      sqlite3_stmt* st = nullptr;
      ASSERT_EQ(sqlite3_prepare_v2(db,
                                   "SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ?1 "
                                   "ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
                                   -1, &st, nullptr),
                SQLITE_OK);
      const std::string match = "{text} : (" + *to_fts_query(text) + ")";
      sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 2, window - 1);
      ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
      const int64_t cut = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
      for (const auto& h : r->hits) EXPECT_GE(h.sentence_id, cut) << text << " " << window;
      EXPECT_EQ(r->ranked, window);
      EXPECT_EQ(static_cast<int64_t>(r->hits.size()), std::min<int64_t>(50, window)) << text;
    }
}

// A filter asked for a second time is a set of rows and the walk is of the text alone
// (RowSet): every answer equals the first, made with the filter in the MATCH, on a connection
// of its own, for one-phrase queries (whose IDF the walk then counts) and the others alike.
TEST_F(SearchCacheTest, FilterRowSetsGiveTheAnswersOfTheFilterInTheMatch) {
  SearchFilters dated;
  dated.from = "2013";
  dated.to = "2014-06";
  SearchFilters two = country("PRK");
  two.source = "KCNA";
  for (const SearchFilters& f : {country("PRK"), country("IRN"), dated, two})
    for (int64_t window : {0, 3}) {
      store::share_search_stats(false);
      auto own = Archive::open(path_, Archive::Mode::kReadOnly);
      store::share_search_stats(true);
      ASSERT_TRUE(own.is_ok());
      std::vector<std::string> first;
      for (const char* text : kQueries) first.push_back(answer(**own, text, f, window));
      auto compiled = store::filter_expression((*own)->db(), f);
      ASSERT_TRUE(compiled.is_ok());
      store::SearchStatsCache* cache = store::search_stats_cache((*own)->db().raw());
      ASSERT_NE(cache, nullptr);
      bool build = false;
      EXPECT_NE(cache->filter_rows(*compiled, &build), nullptr) << *compiled;
      for (size_t i = 0; i < std::size(kQueries); ++i) {
        EXPECT_EQ(answer(**own, kQueries[i], f, window), first[i]) << kQueries[i];
        EXPECT_EQ(fresh_answer(kQueries[i], f, window), first[i]) << kQueries[i];
      }
    }
}

// A set is built on the first version of the index a process reads, and after a commit only once
// the index has stood still for a while (an ingest would otherwise cost a set per commit): right
// after the commit the filter is in the MATCH again, and the answers follow the new index.
TEST_F(SearchCacheTest, AfterACommitFiltersStayInTheMatchUntilTheIndexSettles) {
  store::share_search_stats(false);
  auto own = Archive::open(path_, Archive::Mode::kReadOnly);
  store::share_search_stats(true);
  ASSERT_TRUE(own.is_ok());
  auto filter = store::filter_expression((*own)->db(), country("IRN"));
  ASSERT_TRUE(filter.is_ok());
  store::SearchStatsCache* cache = store::search_stats_cache((*own)->db().raw());
  ASSERT_NE(cache, nullptr);
  (void)answer(**own, "nuclear", country("IRN"), 0);
  (void)answer(**own, "Iran", country("IRN"), 0);
  bool build = false;
  EXPECT_NE(cache->filter_rows(*filter, &build), nullptr);
  add({{"z2", "Nuclear cooperation with Iran was discussed again.", "2016", "Tehran Times",
        "IRN"}});
  for (const char* text : {"nuclear", "Iran", "nucl*", "Iran OR Korea"}) {
    const std::string now = answer(**own, text, country("IRN"), 0);
    EXPECT_EQ(now, fresh_answer(text, country("IRN"), 0)) << text;
    EXPECT_NE(now.find(' '), std::string::npos) << text;
  }
  EXPECT_EQ(cache->filter_rows(*filter, &build), nullptr);
  EXPECT_FALSE(build);
}

TEST(RowSetTest, HoldsWhatWasAddedAndRefusesWhatItCannotHold) {
  store::RowSet rows;
  for (int64_t r : {int64_t{5}, int64_t{64}, int64_t{1} << 20, int64_t{63}}) rows.add(r);
  for (int64_t r : {int64_t{5}, int64_t{63}, int64_t{64}, int64_t{1} << 20})
    EXPECT_TRUE(rows.contains(r)) << r;
  for (int64_t r :
       {int64_t{0}, int64_t{4}, int64_t{65}, (int64_t{1} << 20) + 1, int64_t{-1}, int64_t{1} << 40})
    EXPECT_FALSE(rows.contains(r)) << r;
  EXPECT_FALSE(rows.out_of_range());
  rows.add(-3);
  EXPECT_TRUE(rows.out_of_range());
  store::RowSet huge;
  huge.add(store::RowSet::kLimit);
  EXPECT_TRUE(huge.out_of_range());
}

TEST(ExpressionPhrasesTest, FindsEachLiteralInOrder) {
  EXPECT_EQ(store::expression_phrases(R"(("iran" OR "kim""s") AND NEAR("a b" "pre"*, 5) NOT "x")"),
            (std::vector<std::string>{"\"iran\"", "\"kim\"\"s\"", "\"a b\"", "\"pre\"*", "\"x\""}));
  EXPECT_TRUE(store::expression_phrases("").empty());
  EXPECT_TRUE(store::expression_phrases("\"unterminated").empty());
}

}  // namespace
}  // namespace fissure
