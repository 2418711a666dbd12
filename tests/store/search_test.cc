// Search, the query language and keyword-in-context through the library API.
#include "fissure/store/search.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/store/ingest.h"
#include "fissure/text/words.h"
#include "store_support.h"
#include "test_support.h"

namespace fissure {
namespace {

SearchFilters filters(std::string country, std::string source, std::string from, std::string to, bool collapse) {
  SearchFilters f;
  f.country = std::move(country);
  f.source = std::move(source);
  f.from = std::move(from);
  f.to = std::move(to);
  f.collapse_duplicates = collapse;
  return f;
}


using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

using fissure::testing::Doc;
using fissure::testing::jsonl;


// An archive holding the given documents, opened read-write.
class ArchiveFixture : public ::testing::Test {
 protected:
  void load(const std::vector<Doc>& docs) {
    auto a = Archive::open(dir_.file("archive.db"), Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    archive_ = std::move(*a);
    write_file(dir_.file("in.jsonl"), jsonl(docs));
    testing::NoSkipsExpected observer;
    auto r = ingest(*archive_, {dir_.file("in.jsonl")}, IngestOptions{}, observer);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    ASSERT_EQ(r->documents_new, static_cast<int64_t>(docs.size()));
  }

  Result<SearchResults> run(const std::string& text, SearchFilters filters = {}, int limit = 100,
                            int offset = 0) {
    SearchQuery q;
    q.text = text;
    q.filters = filters;
    q.limit = limit;
    q.offset = offset;
    return search(*archive_, q);
  }

  // The ids of the documents whose sentences match, sorted.
  std::vector<std::string> ids(const std::string& text, SearchFilters filters = {}) {
    auto r = run(text, filters);
    EXPECT_TRUE(r.is_ok()) << text << ": " << r.status().message();
    if (!r.is_ok()) return {};
    std::vector<std::string> out;
    for (const auto& h : r->hits) out.push_back(h.document_id);
    std::sort(out.begin(), out.end());
    EXPECT_EQ(r->total, static_cast<int64_t>(out.size())) << text;
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Archive> archive_;
};

using V = std::vector<std::string>;

// One sentence per document, so that a hit names its document.
const std::vector<Doc> kQueryDocs = {
    {"d1", "Iran signed the nuclear deal in Vienna."},
    {"d2", "Korea rejected the nuclear deal outright."},
    {"d3", "The deal on nuclear weapons was rejected by Iran."},
    {"d4", "Sanctions against Iran were condemned in Pyongyang."},
    {"d5", "Pyongyang hosted a sanctioned delegation from Tehran."},
    {"d6", "U.S. officials met Kim's envoy in Panmunjom."},
    {"d7", "Les négociations à Genève ont échoué."},
};

class SearchTest : public ArchiveFixture {
 protected:
  void SetUp() override { load(kQueryDocs); }
};

TEST_F(SearchTest, WordFindsItsSentences) { EXPECT_EQ(ids("Pyongyang"), (V{"d4", "d5"})); }

TEST_F(SearchTest, WordsAreCaseInsensitive) { EXPECT_EQ(ids("PYONGYANG"), (V{"d4", "d5"})); }

TEST_F(SearchTest, DiacriticsAreFolded) { EXPECT_EQ(ids("geneve"), (V{"d7"})); }

TEST_F(SearchTest, BareWordsAreAnded) { EXPECT_EQ(ids("nuclear deal"), (V{"d1", "d2", "d3"})); }

TEST_F(SearchTest, ExplicitAnd) { EXPECT_EQ(ids("Iran AND deal"), (V{"d1", "d3"})); }

TEST_F(SearchTest, Phrase) { EXPECT_EQ(ids("\"nuclear deal\""), (V{"d1", "d2"})); }

TEST_F(SearchTest, Or) { EXPECT_EQ(ids("Korea OR Tehran"), (V{"d2", "d5"})); }

TEST_F(SearchTest, Not) { EXPECT_EQ(ids("deal NOT Iran"), (V{"d2"})); }

TEST_F(SearchTest, Prefix) { EXPECT_EQ(ids("sanction*"), (V{"d4", "d5"})); }

TEST_F(SearchTest, NearWithDistance) {
  // d1: "Iran signed the nuclear deal": three words between; d3: six words between.
  EXPECT_EQ(ids("Iran NEAR/3 deal"), (V{"d1"}));
  EXPECT_EQ(ids("Iran NEAR/2 deal"), (V{}));
  EXPECT_EQ(ids("Iran NEAR/6 deal"), (V{"d1", "d3"}));
}

TEST_F(SearchTest, NearDefaultDistance) { EXPECT_EQ(ids("Iran NEAR deal"), (V{"d1", "d3"})); }

TEST_F(SearchTest, Parentheses) {
  EXPECT_EQ(ids("(Vienna OR Pyongyang) Iran"), (V{"d1", "d4"}));
  EXPECT_EQ(ids("(Iran OR Korea) NOT nuclear"), (V{"d4"}));
  EXPECT_EQ(ids("rejected AND (Korea OR (Iran NOT Vienna))"), (V{"d2", "d3"}));
}

TEST_F(SearchTest, PunctuationInsideWordsIsSafe) {
  EXPECT_EQ(ids("U.S."), (V{"d6"}));
  EXPECT_EQ(ids("Kim's"), (V{"d6"}));
  EXPECT_EQ(ids("\"U.S. officials\""), (V{"d6"}));
}

TEST_F(SearchTest, FtsSyntaxInWordsIsLiteral) {
  // Characters that mean something to FTS5 but not to fissure's language cannot inject syntax.
  EXPECT_TRUE(run("col:Iran").is_ok());
  EXPECT_TRUE(run("Iran^").is_ok());
  EXPECT_TRUE(run("Iran + deal").is_ok());
  EXPECT_TRUE(run("{text}: Iran").is_ok());
}

TEST_F(SearchTest, NoMatchIsEmptyNotAnError) {
  auto r = run("zeppelin");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->total, 0);
  EXPECT_TRUE(r->hits.empty());
}

struct BadQuery {
  const char* name;
  const char* query;
};

class QueryErrorTest : public SearchTest, public ::testing::WithParamInterface<BadQuery> {};

TEST_P(QueryErrorTest, IsInvalidInputForToFtsQueryAndSearch) {
  auto t = to_fts_query(GetParam().query);
  ASSERT_FALSE(t.is_ok()) << GetParam().query << " -> " << *t;
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidInput);
  EXPECT_FALSE(t.status().message().empty());
  auto r = run(GetParam().query);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
}

INSTANTIATE_TEST_SUITE_P(
    SearchTest, QueryErrorTest,
    ::testing::Values(BadQuery{"UnbalancedQuote", "\"nuclear deal"},
                      BadQuery{"UnbalancedOpenParen", "(Iran OR Korea"},
                      BadQuery{"UnbalancedCloseParen", "Iran OR Korea)"},
                      BadQuery{"LeadingNot", "NOT Iran"}, BadQuery{"LeadingOr", "OR Iran"},
                      BadQuery{"TrailingOperator", "Iran AND"}, BadQuery{"EmptyQuery", ""},
                      BadQuery{"BlankQuery", "   "}, BadQuery{"PunctuationOnly", "... !"},
                      BadQuery{"EmptyGroup", "Iran ()"},
                      BadQuery{"NearWithoutRightSide", "Iran NEAR"},
                      BadQuery{"NearBadDistance", "Iran NEAR/x deal"}),
    [](const ::testing::TestParamInfo<BadQuery>& i) { return std::string(i.param.name); });

TEST_F(SearchTest, ErrorMessagesNameTheProblem) {
  auto quote = to_fts_query("\"nuclear deal");
  ASSERT_FALSE(quote.is_ok());
  EXPECT_NE(quote.status().message().find("quote"), std::string::npos) << quote.status().message();
  auto paren = to_fts_query("(Iran");
  ASSERT_FALSE(paren.is_ok());
  EXPECT_NE(paren.status().message().find("("), std::string::npos) << paren.status().message();
  auto empty = to_fts_query("");
  ASSERT_FALSE(empty.is_ok());
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos) << empty.status().message();
}

// to_fts_query on its own: its output, run against a plain FTS5 table with the archive's
// tokenizer, matches what the query means.
class ToFtsQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(
            db_,
            "CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')",
            nullptr, nullptr, nullptr),
        SQLITE_OK);
    for (size_t i = 0; i < kQueryDocs.size(); ++i) {
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(db_, "INSERT INTO t(rowid, text) VALUES (?, ?)", -1, &st, nullptr);
      sqlite3_bind_int64(st, 1, static_cast<int64_t>(i + 1));
      sqlite3_bind_text(st, 2, kQueryDocs[i].text.c_str(), -1, SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
      sqlite3_finalize(st);
    }
  }
  void TearDown() override { sqlite3_close(db_); }

  // "d<rowid>" of the matching rows, or {"error: ..."} when FTS5 rejects the expression.
  V matches(const std::string& query) {
    auto fts = to_fts_query(query);
    EXPECT_TRUE(fts.is_ok()) << query << ": " << fts.status().message();
    if (!fts.is_ok()) return {"error"};
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, fts->c_str(), -1, SQLITE_TRANSIENT);
    V out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::string id = "d";
      id += std::to_string(sqlite3_column_int64(st, 0));
      out.push_back(id);
    }
    if (rc != SQLITE_DONE) out = {std::string("error: ") + sqlite3_errmsg(db_) + " in " + *fts};
    sqlite3_finalize(st);
    return out;
  }

  sqlite3* db_ = nullptr;
};

TEST_F(ToFtsQueryTest, Word) { EXPECT_EQ(matches("Tehran"), (V{"d5"})); }
TEST_F(ToFtsQueryTest, Phrase) { EXPECT_EQ(matches("\"nuclear deal\""), (V{"d1", "d2"})); }
TEST_F(ToFtsQueryTest, Or) { EXPECT_EQ(matches("Korea OR Tehran"), (V{"d2", "d5"})); }
TEST_F(ToFtsQueryTest, Not) { EXPECT_EQ(matches("deal NOT Iran"), (V{"d2"})); }
TEST_F(ToFtsQueryTest, Prefix) { EXPECT_EQ(matches("sanction*"), (V{"d4", "d5"})); }
TEST_F(ToFtsQueryTest, PhrasePrefix) { EXPECT_EQ(matches("\"nuclear de\"*"), (V{"d1", "d2"})); }
TEST_F(ToFtsQueryTest, Near) {
  EXPECT_EQ(matches("Iran NEAR/3 deal"), (V{"d1"}));
  EXPECT_EQ(matches("Iran NEAR/2 deal"), (V{}));
}
TEST_F(ToFtsQueryTest, NearChainIsOneGroup) {
  // All three within one clump: d3 has six words between "deal" and "Iran".
  EXPECT_EQ(matches("Iran NEAR/5 nuclear NEAR/5 deal"), (V{"d1"}));
  EXPECT_EQ(matches("Iran NEAR/6 nuclear NEAR/6 deal"), (V{"d1", "d3"}));
}
TEST_F(ToFtsQueryTest, Parentheses) {
  EXPECT_EQ(matches("(Vienna OR Pyongyang) AND Iran"), (V{"d1", "d4"}));
}
TEST_F(ToFtsQueryTest, LowercaseOperatorsAreWords) {
  // "or" and "not" in lower case are plain words, so nothing here has all three.
  EXPECT_EQ(matches("Korea or Tehran"), (V{}));
}
TEST_F(ToFtsQueryTest, PunctuatedWords) {
  EXPECT_EQ(matches("U.S."), (V{"d6"}));
  EXPECT_EQ(matches("anti-imperialist OR Kim's"), (V{"d6"}));
}
TEST_F(ToFtsQueryTest, QuotesInsideWordsAreEscaped) { EXPECT_EQ(matches("Kim\"s\""), (V{"d6"})); }

TEST_F(SearchTest, HitCarriesDocumentFieldsAndSnippet) {
  auto r = run("Vienna");
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const SearchHit& h = r->hits[0];
  EXPECT_EQ(h.document_id, "d1");
  EXPECT_EQ(h.sentence, "Iran signed the nuclear deal in Vienna.");
  EXPECT_NE(h.snippet.find("[Vienna]"), std::string::npos) << h.snippet;
  EXPECT_EQ(h.date, std::optional<std::string>("2012-05-01"));
  EXPECT_EQ(h.country, std::optional<std::string>("PRK"));
  EXPECT_EQ(h.source, std::optional<std::string>("KCNA"));
  EXPECT_FALSE(h.title.has_value());
  EXPECT_GT(h.sentence_id, 0);
  EXPECT_GT(h.score, 0.0);
}

TEST_F(SearchTest, HitsAreRankedBestFirst) {
  auto r = run("Iran OR nuclear OR deal");
  ASSERT_TRUE(r.is_ok());
  ASSERT_GE(r->hits.size(), 2u);
  for (size_t i = 1; i < r->hits.size(); ++i) EXPECT_GE(r->hits[i - 1].score, r->hits[i].score);
  // d1 has all three words in a short sentence.
  EXPECT_EQ(r->hits[0].document_id, "d1");
}

TEST_F(SearchTest, LimitAndOffsetPage) {
  auto all = run("Iran OR Korea OR Pyongyang", {}, 100);
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->total, 5);
  auto first = run("Iran OR Korea OR Pyongyang", {}, 2, 0);
  auto second = run("Iran OR Korea OR Pyongyang", {}, 2, 2);
  auto past = run("Iran OR Korea OR Pyongyang", {}, 2, 10);
  ASSERT_TRUE(first.is_ok() && second.is_ok() && past.is_ok());
  EXPECT_EQ(first->total, 5);
  EXPECT_EQ(second->total, 5);
  ASSERT_EQ(first->hits.size(), 2u);
  ASSERT_EQ(second->hits.size(), 2u);
  EXPECT_TRUE(past->hits.empty());
  EXPECT_EQ(first->hits[0].sentence_id, all->hits[0].sentence_id);
  EXPECT_EQ(second->hits[0].sentence_id, all->hits[2].sentence_id);
  EXPECT_EQ(second->hits[1].sentence_id, all->hits[3].sentence_id);
}

TEST_F(SearchTest, NegativeLimitIsAnError) {
  EXPECT_FALSE(run("Iran", {}, -1).is_ok());
  EXPECT_FALSE(run("Iran", {}, 10, -1).is_ok());
}

// Filters: the same word in documents of different countries, sources and dates.
const std::vector<Doc> kFilterDocs = {
    {"year-2011", "Alpha delegation visited the farm.", "2011", "KCNA", "PRK"},
    {"day-2012", "Alpha delegation visited the factory.", "2012-03-15", "KCNA", "PRK"},
    {"month-2012", "Alpha delegation visited the port.", "2012-07", "Tehran Times", "IRN"},
    {"day-2013", "Alpha delegation visited the assembly.", "2013-01-01", "UNGDC", "IRN"},
    {"undated", "Alpha delegation visited the museum.", "", "Tehran Times", "IRN"},
};

class FilterTest : public ArchiveFixture {
 protected:
  void SetUp() override { load(kFilterDocs); }
  static SearchFilters dates(std::string from, std::string to) {
    SearchFilters f;
    f.from = std::move(from);
    f.to = std::move(to);
    return f;
  }
};

TEST_F(FilterTest, NoFilterFindsAll) {
  EXPECT_EQ(ids("alpha"), (V{"day-2012", "day-2013", "month-2012", "undated", "year-2011"}));
}

TEST_F(FilterTest, Country) {
  SearchFilters f;
  f.country = "IRN";
  EXPECT_EQ(ids("alpha", f), (V{"day-2013", "month-2012", "undated"}));
}

TEST_F(FilterTest, Source) {
  SearchFilters f;
  f.source = "Tehran Times";
  EXPECT_EQ(ids("alpha", f), (V{"month-2012", "undated"}));
}

TEST_F(FilterTest, CountryAndSourceTogether) {
  SearchFilters f;
  f.country = "PRK";
  f.source = "Tehran Times";
  EXPECT_EQ(ids("alpha", f), (V{}));
}

TEST_F(FilterTest, YearPrecisionDateOverlapsMonthRange) {
  EXPECT_EQ(ids("alpha", dates("2011-06", "2011-08")), (V{"year-2011"}));
}

TEST_F(FilterTest, MonthPrecisionDateOverlapsDayRange) {
  EXPECT_EQ(ids("alpha", dates("2012-07-10", "2012-07-20")), (V{"month-2012"}));
}

TEST_F(FilterTest, FromOnlyLeavesOutEarlierAndUndated) {
  EXPECT_EQ(ids("alpha", dates("2012", "")), (V{"day-2012", "day-2013", "month-2012"}));
}

TEST_F(FilterTest, ToOnly) { EXPECT_EQ(ids("alpha", dates("", "2011-12-31")), (V{"year-2011"})); }

TEST_F(FilterTest, RangeBoundariesAreInclusive) {
  EXPECT_EQ(ids("alpha", dates("2012-03-15", "2012-03-15")), (V{"day-2012"}));
  EXPECT_EQ(ids("alpha", dates("2012-07-31", "2013-01-01")), (V{"day-2013", "month-2012"}));
}

TEST_F(FilterTest, GapMatchesNothing) {
  EXPECT_EQ(ids("alpha", dates("2012-04", "2012-06")), (V{}));
}

TEST_F(FilterTest, BadDateIsInvalidInput) {
  for (const char* bad : {"2012-13", "12-2012", "yesterday", "2012-02-30"}) {
    auto r = run("alpha", dates(bad, ""));
    ASSERT_FALSE(r.is_ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput) << bad;
    auto k = kwic(*archive_, KwicQuery{"alpha", dates("", bad), 5, 100});
    EXPECT_FALSE(k.is_ok()) << bad;
  }
}

TEST_F(FilterTest, FromAfterToIsInvalidInput) {
  auto r = run("alpha", dates("2013", "2012"));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
}

class CollapseTest : public ArchiveFixture {
 protected:
  void SetUp() override {
    load({{"orig", "The delegation toured the Mansudae Assembly Hall."},
          {"copy", "The delegation toured the Mansudae Assembly Hall."},
          {"other", "Another delegation toured the Mansudae Art Studio."}});
  }
};

TEST_F(CollapseTest, CollapseDuplicatesLeavesOutTheCopy) {
  EXPECT_EQ(ids("Mansudae"), (V{"copy", "orig", "other"}));
  SearchFilters f;
  f.collapse_duplicates = true;
  EXPECT_EQ(ids("Mansudae", f), (V{"orig", "other"}));
}

// Keyword in context.
class KwicTest : public ArchiveFixture {
 protected:
  void SetUp() override {
    load({{"k1", "Iran signed the nuclear deal in Vienna on Monday.", "2012-01-01"},
          {"k2", "The deal was a deal of the century, said IRAN’s envoy.", "2012-02-01"},
          {"k3", "Sanctions and more sanctioned goods.", "2012-03-01", "Tehran Times", "IRN"},
          {"k4", "İRAN and Korea signed a trade protocol.", "2012-04-01"}});
  }
  KwicResults run_kwic(const std::string& term, int window = 5, SearchFilters filters = {},
                       int limit = 100) {
    KwicQuery q;
    q.term = term;
    q.window = window;
    q.filters = filters;
    q.limit = limit;
    auto r = kwic(*archive_, q);
    EXPECT_TRUE(r.is_ok()) << term << ": " << r.status().message();
    return r.is_ok() ? *r : KwicResults{};
  }
};

TEST_F(KwicTest, LeftKeywordRightWithWindow) {
  KwicResults r = run_kwic("Vienna", 2);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.total, 1);
  EXPECT_EQ(r.lines[0].document_id, "k1");
  EXPECT_EQ(r.lines[0].left, "deal in");
  EXPECT_EQ(r.lines[0].keyword, "Vienna");
  EXPECT_EQ(r.lines[0].right, "on Monday");
  EXPECT_EQ(r.lines[0].date, std::optional<std::string>("2012-01-01"));
  EXPECT_EQ(r.lines[0].country, std::optional<std::string>("PRK"));
}

TEST_F(KwicTest, WindowIsCutAtSentenceEdges) {
  KwicResults r = run_kwic("signed", 5);
  ASSERT_GE(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].document_id, "k1");
  EXPECT_EQ(r.lines[0].left, "Iran");
  EXPECT_EQ(r.lines[0].keyword, "signed");
  EXPECT_EQ(r.lines[0].right, "the nuclear deal in Vienna");
}

TEST_F(KwicTest, WindowZeroIsKeywordOnly) {
  KwicResults r = run_kwic("nuclear", 0);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].left, "");
  EXPECT_EQ(r.lines[0].keyword, "nuclear");
  EXPECT_EQ(r.lines[0].right, "");
}

TEST_F(KwicTest, EveryOccurrenceIsALine) {
  KwicResults r = run_kwic("deal", 1);
  EXPECT_EQ(r.total, 3);
  ASSERT_EQ(r.lines.size(), 3u);
  // In archive order: k1 (January) before k2 (February), and in sentence order within k2.
  EXPECT_EQ(r.lines[0].document_id, "k1");
  EXPECT_EQ(r.lines[1].document_id, "k2");
  EXPECT_EQ(r.lines[1].left, "The");
  EXPECT_EQ(r.lines[1].right, "was");
  EXPECT_EQ(r.lines[2].left, "a");
  EXPECT_EQ(r.lines[2].right, "of");
}

TEST_F(KwicTest, KeywordKeepsTheTextsCase) {
  KwicResults r = run_kwic("iran", 2);
  std::set<std::string> keywords;
  for (const auto& l : r.lines) {
    keywords.insert(l.keyword);
    EXPECT_EQ(fold_case(l.keyword), "iran") << l.keyword;
  }
  EXPECT_TRUE(keywords.count("Iran"));
  EXPECT_TRUE(keywords.count("IRAN"));
}

TEST_F(KwicTest, FindsEveryOccurrenceSearchFinds) {
  // Search (FTS5, diacritics removed) finds "İRAN" in k4; KWIC must show it too.
  EXPECT_EQ(ids("iran"), (V{"k1", "k2", "k4"}));
  KwicResults r = run_kwic("iran", 2);
  std::set<std::string> docs;
  for (const auto& l : r.lines) docs.insert(l.document_id);
  EXPECT_EQ(docs, (std::set<std::string>{"k1", "k2", "k4"}));
  EXPECT_EQ(r.total, 3);
}

TEST_F(KwicTest, Phrase) {
  KwicResults r = run_kwic("\"nuclear deal\"", 1);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].left, "the");
  EXPECT_EQ(r.lines[0].keyword, "nuclear deal");
  EXPECT_EQ(r.lines[0].right, "in");
}

TEST_F(KwicTest, Prefix) {
  KwicResults r = run_kwic("sanction*", 1);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].keyword, "Sanctions");
  EXPECT_EQ(r.lines[1].keyword, "sanctioned");
  EXPECT_EQ(r.lines[1].right, "goods");
}

TEST_F(KwicTest, Filters) {
  SearchFilters f;
  f.country = "IRN";
  EXPECT_EQ(run_kwic("sanction*", 1, f).lines.size(), 2u);
  f.country = "PRK";
  EXPECT_EQ(run_kwic("sanction*", 1, f).lines.size(), 0u);
  SearchFilters d;
  d.from = "2012-02";
  EXPECT_EQ(run_kwic("deal", 1, d).total, 2);
}

TEST_F(KwicTest, LimitCapsLinesNotTotal) {
  KwicResults r = run_kwic("deal", 1, {}, 1);
  EXPECT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.total, 3);
}

TEST_F(KwicTest, BadArgumentsAreErrors) {
  for (int w : {-1, 101}) {
    auto r = kwic(*archive_, KwicQuery{"deal", {}, w, 100});
    ASSERT_FALSE(r.is_ok()) << w;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  }
  for (const char* term : {"", "  ", "\"...\""}) {
    auto r = kwic(*archive_, KwicQuery{term, {}, 5, 100});
    ASSERT_FALSE(r.is_ok()) << term;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  }
}


// fissure_bm25 is FTS5's bm25() of the text alone: it equals bm25() on a table that holds only
// the sentences' text (FTS5's own bm25 on sentence_fts would count the filter tokens in each
// sentence's length), with or without filters.
TEST_F(SearchTest, ScoresEqualFts5Bm25OfTheText) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("archive.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE VIRTUAL TABLE temp.plain USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');"
                         "INSERT INTO temp.plain(rowid, text) SELECT id, text FROM sentence_indexed;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT -bm25(plain) FROM temp.plain WHERE plain MATCH ?1 AND rowid = ?2", -1, &st,
                               nullptr),
            SQLITE_OK);
  for (const char* query : {"Iran", "nuclear deal", "\"nuclear deal\"", "Pyongyang OR Iran", "sanction*"}) {
    for (SearchFilters f : {SearchFilters{}, filters("PRK", "", "", "", false)}) {
      auto r = run(query, f);
      ASSERT_TRUE(r.is_ok()) << r.status().message();
      ASSERT_FALSE(r->hits.empty()) << query;
      auto fts = to_fts_query(query);
      ASSERT_TRUE(fts.is_ok());
      for (const auto& h : r->hits) {
        sqlite3_bind_text(st, 1, fts->c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, h.sentence_id);
        ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
        EXPECT_NEAR(h.score, sqlite3_column_double(st, 0), 1e-9) << query << " " << h.document_id;
        sqlite3_reset(st);
      }
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
}

// Many matches: only the newest rank_window are ranked, and the result says so.
class RankWindowTest : public ArchiveFixture {
 protected:
  void SetUp() override {
    std::vector<Doc> docs;
    // d00 is the best BM25 hit (the shortest sentence) and the oldest stored.
    docs.push_back({"d00", "Iran."});
    for (int i = 1; i < 30; ++i) {
      char id[8];
      std::snprintf(id, sizeof id, "d%02d", i);
      std::string text = "Iran was mentioned in a longer sentence about many other things number ";
      text += std::to_string(i);
      text += ".";
      docs.push_back({id, text});
    }
    load(docs);
  }
  SearchResults rank(int64_t window) {
    SearchQuery q;
    q.text = "Iran";
    q.limit = 50;
    q.rank_window = window;
    auto r = search(*archive_, q);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r.is_ok() ? *r : SearchResults{};
  }
};

TEST_F(RankWindowTest, AllMatchesRankedWhenUnderTheWindow) {
  SearchResults r = rank(100);
  EXPECT_EQ(r.total, 30);
  EXPECT_EQ(r.ranked, 30);
  ASSERT_EQ(r.hits.size(), 30u);
  EXPECT_EQ(r.hits[0].document_id, "d00");
}

TEST_F(RankWindowTest, WindowRanksTheNewestMatchesOnly) {
  SearchResults r = rank(10);
  EXPECT_EQ(r.total, 30) << "the total still counts every match";
  EXPECT_EQ(r.ranked, 10);
  ASSERT_EQ(r.hits.size(), 10u);
  for (const auto& h : r.hits) EXPECT_GE(h.document_id, "d20") << h.document_id;
}

TEST_F(RankWindowTest, ZeroWindowRanksEverything) {
  SearchResults r = rank(0);
  EXPECT_EQ(r.ranked, 30);
  EXPECT_EQ(r.hits[0].document_id, "d00");
}

// total counts sentences, not occurrences.
TEST(SearchCountTest, WordTwiceInASentenceCountsOnce) {
  TempDir dir;
  auto a = Archive::open(dir.file("a.db"), Archive::Mode::kReadWrite);
  ASSERT_TRUE(a.is_ok());
  write_file(dir.file("in.jsonl"), jsonl({{"x1", "Iran and Iran again."}, {"x2", "Only Iran."}}));
  testing::NoSkipsExpected observer;
  ASSERT_TRUE(ingest(**a, {dir.file("in.jsonl")}, IngestOptions{}, observer).is_ok());
  SearchQuery q;
  q.text = "iran";
  auto r = search(**a, q);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->total, 2);
}

// The index stores no text: FTS5 rebuilds it from the sentence_indexed view. A rebuild must give
// the same results for filtered queries, so the view's filter tokens equal those ingest wrote.
TEST(SearchRebuildTest, RebuiltIndexAnswersFiltersAlike) {
  TempDir dir;
  std::string path = dir.file("a.db");
  {
    auto a = Archive::open(path, Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok());
    std::string words;
    for (int i = 0; i < 60; ++i) {
      words += "word";
      words += std::to_string(i);
      words += ' ';
    }
    write_file(dir.file("in.jsonl"),
               jsonl({{"a", "Iran day precision. " + words, "2012-05-03", "KCNA", "PRK"},
                      {"b", "Iran month precision.", "2012-05", "Tehran Times", "IRN"},
                      {"c", "Iran year precision.", "2012", "UNGDC", "IRN"},
                      {"d", "Iran no date.", "", "UNGDC", ""},
                      {"e", "Iran day precision. " + words, "2013-01-01", "KCNA", "PRK"}}));
    testing::NoSkipsExpected observer;
    ASSERT_TRUE(ingest(**a, {dir.file("in.jsonl")}, IngestOptions{}, observer).is_ok());
  }
  auto answers = [&] {
    auto a = Archive::open(path, Archive::Mode::kReadOnly);
    std::vector<int64_t> out;
    for (SearchFilters f : {filters("PRK", "", "", "", false), filters("", "KCNA", "", "", false),
                            filters("", "", "2012-05-02", "2012-05-10", false),
                            filters("", "", "2012-06", "2013", false), filters("", "", "", "", true),
                            filters("IRN", "", "2012", "2012", false)}) {
      SearchQuery q;
      q.text = "iran";
      q.filters = f;
      auto r = search(**a, q);
      EXPECT_TRUE(r.is_ok()) << r.status().message();
      out.push_back(r.is_ok() ? r->total : -1);
    }
    return out;
  };
  std::vector<int64_t> before = answers();
  EXPECT_EQ(before, (std::vector<int64_t>{2, 2, 3, 2, 4, 2}));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO sentence_fts(sentence_fts) VALUES('rebuild')", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(answers(), before);
}

}  // namespace
}  // namespace fissure
