// The pair commands end to end through the binary on a small archive with a planted asymmetry:
// Iran's outlet speaks warmly of North Korea, North Korea's coldly of Iran. dyad and cracks find
// it, export writes tables R and pandas read, and bad input gets a clear message.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "pair_archive.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::pair_documents;
using fissure::testing::jsonl;
using fissure::testing::run_fissure;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

class DyadCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::vector<Doc> docs = pair_documents();
    write_file(dir_->file("in.jsonl"), jsonl(docs));
    db_ = dir_->file("pair.db");
    auto r = run_fissure({"ingest", "--quiet", "--db", db_, dir_->file("in.jsonl")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    uncoded_ = dir_->file("uncoded.db");
    r = run_fissure({"ingest", "--quiet", "--no-code", "--db", uncoded_, dir_->file("in.jsonl")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static json run_json(std::vector<std::string> args) {
    args.push_back("--format");
    args.push_back("json");
    auto r = run_fissure(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out;
    return j;
  }

  static TempDir* dir_;
  static std::string db_, uncoded_;
};

TempDir* DyadCliTest::dir_ = nullptr;
std::string DyadCliTest::db_, DyadCliTest::uncoded_;

TEST_F(DyadCliTest, SeriesShowsBothDirectionsWithIntervals) {
  json j = run_json({"dyad", "--db", db_, "irn", "prk", "--by", "quarter"});
  ASSERT_EQ(j["series"].size(), 8u);  // 4 quarters × 2 directions
  for (const json& row : j["series"]) {
    for (const char* key : {"speaker", "target", "period", "sentences", "attention", "tone",
                            "tone_ci_low", "tone_ci_high", "events", "goldstein_mean", "domains"})
      EXPECT_TRUE(row.contains(key)) << key;
    ASSERT_TRUE(row["enough_text"].get<bool>()) << row.dump();
    const double tone = row["tone"], low = row["tone_ci_low"], high = row["tone_ci_high"];
    EXPECT_LE(low, tone);
    EXPECT_GE(high, tone);
    EXPECT_GT(row["attention"].get<double>(), 0.5);
    EXPECT_LT(row["attention"].get<double>(), 1.0);
    if (row["speaker"] == "IRN")
      EXPECT_GT(tone, 0.2) << row.dump();
    else
      EXPECT_LT(tone, -0.2) << row.dump();
  }
  EXPECT_EQ(j["series"][0]["period"], "2019-Q1");
}

TEST_F(DyadCliTest, TooLittleTextIsSaid) {
  json j = run_json({"dyad", "--db", db_, "IRN", "PRK", "--by", "month", "--min-sentences", "100"});
  for (const json& row : j["series"]) {
    EXPECT_FALSE(row["enough_text"].get<bool>());
    EXPECT_TRUE(row["tone"].is_null());
  }
  auto table = run_fissure({"dyad", "--db", db_, "IRN", "PRK", "--min-sentences", "1000"});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("too little text"), std::string::npos) << table.out;
}

TEST_F(DyadCliTest, CracksFindTheReciprocityGapWithQuotes) {
  json j = run_json({"cracks", "--db", db_, "IRN", "PRK", "--by", "quarter"});
  ASSERT_FALSE(j["findings"].empty()) << j.dump(2);
  bool gap = false;
  for (const json& f : j["findings"]) {
    for (const char* key :
         {"kind", "period", "magnitude", "ci_low", "ci_high", "evidence", "summary"})
      EXPECT_TRUE(f.contains(key)) << key;
    EXPECT_TRUE(f["ci_low"].get<double>() > 0 || f["ci_high"].get<double>() < 0) << f.dump();
    if (f["kind"] != "reciprocity_gap") continue;
    gap = true;
    EXPECT_GT(f["magnitude"].get<double>(), 0.3);
    ASSERT_GE(f["evidence"].size(), 3u);
    for (const json& e : f["evidence"]) {
      for (const char* key : {"document_id", "date", "source", "quote"})
        EXPECT_TRUE(e.contains(key)) << key;
      EXPECT_NE(e["quote_marked"].get<std::string>().find("**"), std::string::npos) << e.dump();
    }
  }
  EXPECT_TRUE(gap) << j.dump(2);
}

TEST_F(DyadCliTest, ExportWritesTidyTables) {
  auto csv = run_fissure({"export", "--db", db_, "--what", "series", "IRN", "PRK"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("speaker,target,period,sentences", 0), 0u) << header;
  const auto columns = std::count(header.begin(), header.end(), ',');
  int rows = 0;
  while (std::getline(lines, line)) {
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), columns)
        << line;  // no text column to quote
    ++rows;
  }
  EXPECT_EQ(rows, 2);

  auto codings = run_fissure({"export", "--db", db_, "--what", "codings", "--speaker", "PRK",
                              "--actor", "IRN", "--format", "json"});
  ASSERT_EQ(codings.exit_code, 0) << codings.err;
  json records = json::parse(codings.out);
  ASSERT_GT(records.size(), 100u);
  for (const json& r : records) {
    EXPECT_EQ(r["speaker"], "PRK");
    EXPECT_EQ(r["actor"], "IRN");
    EXPECT_EQ(r["dictionary"], "actors.fissure.txt");
  }
  auto sentences = run_fissure(
      {"export", "--db", db_, "--what", "sentences", "--source", "KCNA", "--format", "json"});
  ASSERT_EQ(sentences.exit_code, 0);
  EXPECT_EQ(json::parse(sentences.out).size(), 48u * 4);
  auto evidence =
      run_fissure({"export", "--db", db_, "--what", "evidence", "IRN", "PRK", "--by", "quarter"});
  ASSERT_EQ(evidence.exit_code, 0) << evidence.err;
  EXPECT_EQ(evidence.out.rfind("rank,kind,document_id", 0), 0u);
}

TEST_F(DyadCliTest, BadInputGetsAClearMessage) {
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"dyad", "--db", db_, "IRN", "IRN"}, 2, "two different actors"},
      {{"dyad", "--db", db_, "IR-N", "PRK"}, 2, "not an actor code"},
      {{"dyad", "--db", db_, "IRN", "ZZZ"}, 2, "ZZZ speaks in no coded English sentence"},
      {{"dyad", "--db", db_, "IRN", "PRK", "--by", "week"}, 2, "expected year, quarter or month"},
      {{"dyad", "--db", db_, "IRN", "PRK", "--from", "2019-13"}, 2, "--from 2019-13"},
      {{"dyad", "--db", db_, "IRN", "PRK", "--from", "2030"},
       2,
       "in the dates and domain asked for"},
      {{"dyad", "--db", uncoded_, "IRN", "PRK"}, 2, "no coded sentences"},
      {{"dyad", "--db", dir_->file("missing.db"), "IRN", "PRK"}, 2, "missing.db"},
      {{"cracks", "--db", db_, "IRN", "PRK", "--kind", "mood"}, 2, "unknown finding kind"},
      {{"cracks", "--db", db_, "IRN", "PRK", "--alpha", "2"}, 2, "--alpha"},
      {{"export", "--db", db_, "--what", "series"}, 2, "needs the pair"},
      {{"export", "--db", db_, "--what", "everything"}, 2, "--what everything"},
  };
  for (const Case& c : cases) {
    auto r = run_fissure(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.args[0] << " " << c.args.back() << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;  // no chart of nothing
  }
}

}  // namespace
}  // namespace fissure
