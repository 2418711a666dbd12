// Archive::optimize: the full-text indexes end in one segment, and nothing a search or check
// sees changes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/store/ingest.h"
#include "fissure/store/search.h"
#include "store_support.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::TempDir;
using fissure::testing::write_file;

const char* kWords[] = {"missile",     "friendship", "sanctions", "delegation", "imperialists",
                        "cooperation", "embassy",    "nuclear",   "Pyongyang",  "Tehran"};

// Documents whose sentences mix the words above, so that queries match in many rows.
std::vector<Doc> documents(int first, int count) {
  std::vector<Doc> docs;
  for (int i = first; i < first + count; ++i) {
    std::string text;
    for (int s = 0; s < 4; ++s) {
      text += "The ";
      text += kWords[(i + s) % 10];
      text += " talks named the ";
      text += kWords[(i * 3 + s) % 10];
      text += " again in sentence ";
      text += std::to_string(s);
      text += " of ";
      text += std::to_string(i);
      text += ". ";
    }
    // Appends, not "literal" + to_string chains: GCC 12 warns falsely on those (-Wrestrict).
    std::string date = std::to_string(2010 + i % 10);
    date += "-0";
    date += std::to_string(1 + i % 9);
    date += "-11";
    std::string id = "doc-";
    id += std::to_string(i);
    std::string title = "Title ";
    title += std::to_string(i);
    title += ' ';
    title += kWords[i % 10];
    docs.emplace_back(id, text, date, i % 2 ? "KCNA" : "Tehran Times", i % 2 ? "PRK" : "IRN",
                      title);
  }
  return docs;
}

int64_t segments(Archive& archive, const std::string& index) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(archive.path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  const std::string sql = "SELECT count(DISTINCT segid) FROM " + index + "_idx";
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr), SQLITE_OK);
  int64_t n = -1;
  if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return n;
}

// Everything a page of hits says, as one string per query.
std::vector<std::string> answers(Archive& archive) {
  std::vector<SearchQuery> queries(6);
  queries[0].text = "missile";
  queries[1].text = "imperial*";
  queries[2].text = "sanctions OR embassy";
  queries[3].text = "\"the nuclear talks\"";
  queries[4].text = "friendship NOT Tehran";
  queries[5].text = "delegation";
  queries[5].filters.country = "PRK";
  queries[5].filters.from = "2012";
  std::vector<std::string> out;
  for (auto& q : queries) {
    q.limit = 7;
    auto r = search(archive, q);
    EXPECT_TRUE(r.is_ok()) << q.text << ": " << r.status().message();
    if (!r) continue;
    char line[64];
    std::snprintf(line, sizeof line, " total %lld:", static_cast<long long>(r->total));
    std::string s = q.text + line;
    for (const auto& h : r->hits) {
      std::snprintf(line, sizeof line, " %lld/%.12g/", static_cast<long long>(h.sentence_id),
                    h.score);
      s += line;
      s += h.snippet;
    }
    out.push_back(s);
  }
  return out;
}

class OptimizeTest : public ::testing::Test {
 protected:
  void ingest_documents(int first, int count, size_t batch) {
    std::string name = "in";
    name += std::to_string(first);
    name += ".jsonl";
    const std::string input = dir_.file(name);
    write_file(input, jsonl(documents(first, count)));
    IngestOptions options;
    options.batch_documents = batch;  // one commit, one new segment, per batch
    testing::NoSkipsExpected observer;
    auto r = ingest(*archive_, {input}, options, observer);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    ASSERT_EQ(r->documents_new, count);
  }
  void SetUp() override {
    auto a = Archive::open(dir_.file("archive.db"), Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    archive_ = std::move(*a);
  }
  TempDir dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(OptimizeTest, MergesEveryIndexIntoOneSegmentAndSearchesAnswerAsBefore) {
  ingest_documents(0, 60, 4);
  const int64_t before = segments(*archive_, "sentence_fts");
  ASSERT_GT(before, 2) << "the batches should have left several segments";
  const std::vector<std::string> expected = answers(*archive_);

  auto r = archive_->optimize();
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->indexes.size(), 2u);
  EXPECT_EQ(r->indexes[0].index, "sentence_fts");
  EXPECT_EQ(r->indexes[0].before, before);
  EXPECT_EQ(r->indexes[0].after, 1);
  EXPECT_EQ(r->indexes[1].index, "title_fts");
  EXPECT_GT(r->indexes[1].before, 1);
  EXPECT_EQ(r->indexes[1].after, 1);
  EXPECT_GE(r->seconds, 0);
  EXPECT_EQ(segments(*archive_, "sentence_fts"), 1);
  EXPECT_EQ(segments(*archive_, "title_fts"), 1);

  EXPECT_EQ(answers(*archive_), expected);
  auto check = archive_->check();
  ASSERT_TRUE(check.is_ok()) << check.status().message();
  EXPECT_TRUE(check->consistent) << (check->problems.empty() ? "" : check->problems[0]);

  // Again: nothing left to merge.
  auto again = archive_->optimize();
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  EXPECT_EQ(again->indexes[0].before, 1);
  EXPECT_EQ(again->indexes[0].after, 1);
  EXPECT_EQ(answers(*archive_), expected);
}

TEST_F(OptimizeTest, LaterIngestsAddSegmentsAndFindTheirDocuments) {
  ingest_documents(0, 20, 5);
  ASSERT_TRUE(archive_->optimize().is_ok());
  ingest_documents(20, 20, 5);
  EXPECT_GT(segments(*archive_, "sentence_fts"), 1);
  SearchQuery q;
  q.text = "\"sentence 3 of 37\"";
  auto r = search(*archive_, q);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->total, 1);
  ASSERT_TRUE(archive_->optimize().is_ok());
  auto after = search(*archive_, q);
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->total, 1);
  EXPECT_EQ(segments(*archive_, "sentence_fts"), 1);
}

TEST_F(OptimizeTest, AReadOnlyArchiveIsRefusedAndLeftAsItWas) {
  ingest_documents(0, 12, 3);
  const int64_t before = segments(*archive_, "sentence_fts");
  auto reader = Archive::open(dir_.file("archive.db"), Archive::Mode::kReadOnly);
  ASSERT_TRUE(reader.is_ok());
  auto r = (*reader)->optimize();
  EXPECT_FALSE(r.is_ok());
  EXPECT_EQ(segments(*archive_, "sentence_fts"), before);
}

}  // namespace
}  // namespace fissure
