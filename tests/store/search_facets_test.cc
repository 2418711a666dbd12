// search_facets: the matching sentences counted by country, source and year.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/store/ingest.h"
#include "fissure/store/search.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::TempDir;
using fissure::testing::write_file;

class FailOnSkip : public IngestObserver {
 public:
  void on_skip(const std::string& message) override {
    ADD_FAILURE() << "unexpected skip: " << message;
  }
};

// Documents of several sentences, so that counts are of sentences, not documents.
const std::vector<Doc> kDocs = {
    {"k1", "Iran sent a delegation. The delegation met Iran's envoy. Nothing else.", "2012-03-15",
     "KCNA", "PRK"},
    {"k2", "Iran was praised.", "2012-07", "KCNA", "PRK"},
    {"k3", "Iran again. And Iran once more. Iran thrice.", "2013", "KCNA", "PRK"},
    {"t1", "Iran and Korea signed a deal.", "2012-01-02", "Tehran Times", "IRN"},
    {"t2", "Korea was mentioned. Iran too.", "", "Tehran Times", "IRN"},
    {"u1", "Iran spoke at the assembly.", "2013-09-20", "UNGDC", "IRN"},
    {"x1", "Iran in a document without a country.", "2011", "Blog", ""},
    {"z1", "Unrelated sentence about weather.", "2012-01-01", "KCNA", "PRK"},
};

class SearchFacetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = Archive::open(dir_.file("archive.db"), Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    archive_ = std::move(*a);
    write_file(dir_.file("in.jsonl"), jsonl(kDocs));
    FailOnSkip observer;
    auto r = ingest(*archive_, {dir_.file("in.jsonl")}, IngestOptions{}, observer);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
  }

  SearchFacets facets(const std::string& text, SearchFilters filters = {}) {
    SearchQuery q;
    q.text = text;
    q.filters = std::move(filters);
    auto r = search_facets(*archive_, q);
    EXPECT_TRUE(r.is_ok()) << text << ": " << r.status().message();
    return r.is_ok() ? *r : SearchFacets{};
  }

  // The same counts from the hits of search() itself, every match ranked and returned.
  std::map<std::string, std::map<std::string, int64_t>> counted_from_hits(
      const std::string& text, SearchFilters filters = {}) {
    SearchQuery q;
    q.text = text;
    q.filters = std::move(filters);
    q.limit = 10000;
    q.rank_window = 0;
    auto r = search(*archive_, q);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    std::map<std::string, std::map<std::string, int64_t>> out;
    if (!r.is_ok()) return out;
    for (const auto& h : r->hits) {
      auto or_unknown = [](const std::optional<std::string>& v) {
        return v && !v->empty() ? *v : std::string("unknown");
      };
      ++out["country"][or_unknown(h.country)];
      ++out["source"][or_unknown(h.source)];
      ++out["year"][h.date && h.date->size() >= 4 ? h.date->substr(0, 4) : "undated"];
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Archive> archive_;
};

using Counts = std::vector<std::pair<std::string, int64_t>>;

Counts pairs(const std::vector<FacetCount>& v) {
  Counts out;
  for (const auto& f : v) out.emplace_back(f.value, f.sentences);
  return out;
}

std::map<std::string, int64_t> as_map(const std::vector<FacetCount>& v) {
  std::map<std::string, int64_t> out;
  for (const auto& f : v) out[f.value] += f.sentences;
  return out;
}

TEST_F(SearchFacetsTest, CountsSentencesByCountrySourceAndYear) {
  SearchFacets f = facets("Iran");
  // k1: 2 sentences, k2: 1, k3: 3, t1: 1, t2: 1, u1: 1, x1: 1.
  EXPECT_EQ(f.total, 10);
  EXPECT_EQ(pairs(f.by_country), (Counts{{"PRK", 6}, {"IRN", 3}, {"unknown", 1}}));
  EXPECT_EQ(pairs(f.by_source),
            (Counts{{"KCNA", 6}, {"Tehran Times", 2}, {"Blog", 1}, {"UNGDC", 1}}));
  EXPECT_EQ(pairs(f.by_year), (Counts{{"2012", 4}, {"2013", 4}, {"2011", 1}, {"undated", 1}}));
}

TEST_F(SearchFacetsTest, TotalEqualsSearchTotal) {
  for (const char* text : {"Iran", "Korea", "delegation", "Iran OR Korea", "Iran NOT Korea",
                           "\"Iran again\"", "weather"}) {
    for (SearchFilters filters : {SearchFilters{},
                                  [] {
                                    SearchFilters f;
                                    f.country = "PRK";
                                    return f;
                                  }(),
                                  [] {
                                    SearchFilters f;
                                    f.from = "2012";
                                    f.to = "2012-12";
                                    return f;
                                  }()}) {
      SearchQuery q;
      q.text = text;
      q.filters = filters;
      auto r = search(*archive_, q);
      ASSERT_TRUE(r.is_ok()) << r.status().message();
      SearchFacets f = facets(text, filters);
      EXPECT_EQ(f.total, r->total) << text;
      auto from_hits = counted_from_hits(text, filters);
      EXPECT_EQ(as_map(f.by_country), from_hits["country"]) << text;
      EXPECT_EQ(as_map(f.by_source), from_hits["source"]) << text;
      EXPECT_EQ(as_map(f.by_year), from_hits["year"]) << text;
    }
  }
}

TEST_F(SearchFacetsTest, FiltersNarrowTheCounts) {
  SearchFilters irn;
  irn.country = "IRN";
  SearchFacets f = facets("Iran", irn);
  EXPECT_EQ(f.total, 3);
  EXPECT_EQ(pairs(f.by_country), (Counts{{"IRN", 3}}));
  EXPECT_EQ(pairs(f.by_source), (Counts{{"Tehran Times", 2}, {"UNGDC", 1}}));
  EXPECT_EQ(pairs(f.by_year), (Counts{{"2012", 1}, {"2013", 1}, {"undated", 1}}));

  SearchFilters kcna;
  kcna.source = "KCNA";
  kcna.from = "2013";
  f = facets("Iran", kcna);
  EXPECT_EQ(f.total, 3);
  EXPECT_EQ(pairs(f.by_year), (Counts{{"2013", 3}}));
}

TEST_F(SearchFacetsTest, LimitAndOffsetAreIgnored) {
  SearchQuery q;
  q.text = "Iran";
  q.limit = 1;
  q.offset = 5;
  q.rank_window = 2;
  auto r = search_facets(*archive_, q);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->total, 10);
}

TEST_F(SearchFacetsTest, NoMatchIsEmpty) {
  SearchFacets f = facets("Panmunjom");
  EXPECT_EQ(f.total, 0);
  EXPECT_TRUE(f.by_country.empty());
  EXPECT_TRUE(f.by_source.empty());
  EXPECT_TRUE(f.by_year.empty());
}

TEST_F(SearchFacetsTest, BadQueryOrFilterIsInvalidInput) {
  SearchQuery q;
  q.text = "Iran AND";
  auto r = search_facets(*archive_, q);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("operator"), std::string::npos) << r.status().message();
  q.text = "Iran";
  q.filters.source = "Nowhere";
  r = search_facets(*archive_, q);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("Nowhere"), std::string::npos);
}

}  // namespace
}  // namespace fissure
