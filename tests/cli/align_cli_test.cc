// fissure align and fissure eval align through the binary: the three formats on a small coded
// archive with two planted blocs, and the bad inputs (period, empty period, uncoded archive).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::gzip;
using fissure::testing::jsonl;
using fissure::testing::run_fissure;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

// Speakers A (Cuba, Venezuela, Bolivia) praise Russia, China and Iran and condemn Israel,
// Ukraine and Japan; speakers B (Canada, France, Germany) say the opposite. Each speech has its
// own filler so that no two are linked as near duplicates.
std::vector<Doc> speeches() {
  const std::vector<std::pair<std::string, std::string>> a = {
      {"CUB", "Cuba"}, {"VEN", "Venezuela"}, {"BOL", "Bolivia"}};
  const std::vector<std::pair<std::string, std::string>> b = {
      {"CAN", "Canada"}, {"FRA", "France"}, {"DEU", "Germany"}};
  const std::vector<std::string> liked_by_a = {"Russia", "China", "Iran"},
                                 disliked_by_a = {"Israel", "Ukraine", "Japan"};
  const char* filler[] = {"harvest", "schools", "rivers",  "bridges", "farmers",
                          "clinics", "roads",   "markets", "forests"};
  std::vector<Doc> docs;
  int seed = 0;
  auto speech = [&](const std::string& code, bool side_a) {
    std::string text;
    for (int s = 0; s < 5; ++s) {
      text += "Our plan for the";
      for (int w = 0; w < 6; ++w)
        text += std::string(" ") + filler[(seed * 4 + s * 7 + w * (seed + 2)) % 9];
      text += " grew this year. ";
    }
    ++seed;
    for (const auto& n : side_a ? liked_by_a : disliked_by_a)
      text += "We praise " + n + " for its solidarity. ";
    for (const auto& n : side_a ? disliked_by_a : liked_by_a)
      text += "We denounce the aggression of " + n + ". ";
    docs.push_back(Doc("un-" + code + "-2019", text, "2019", "UNGDC", code));
  };
  for (const auto& [code, name] : a) speech(code, true);
  for (const auto& [code, name] : b) speech(code, false);
  return docs;
}

class AlignCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("a.db");
    write_file(dir_.file("in.jsonl"), jsonl(speeches()));
    auto r = run_fissure({"ingest", "--db", db_, dir_.file("in.jsonl")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(AlignCliTest, CsvIsTidyWithOneRowPerPair) {
  auto r = run_fissure({"align", "--db", db_, "--period", "2019", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "speaker_a,speaker_b,alignment,shared_targets");
  int rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    ASSERT_EQ(f.size(), 4u) << line;
    EXPECT_LT(f[0], f[1]);
    const bool same_side =
        (f[0] == "BOL" || f[0] == "CUB" || f[0] == "VEN") == (f[1] == "CUB" || f[1] == "VEN");
    const double v = std::stod(f[2]);
    if (same_side) {
      EXPECT_GT(v, 0.8) << line;
    } else {
      EXPECT_LT(v, -0.8) << line;
    }
    EXPECT_EQ(f[3], "6");
  }
  EXPECT_EQ(rows, 15);  // 6 speakers
}

TEST_F(AlignCliTest, JsonHasSpeakersPairsAndNullBelowTheMinimum) {
  auto r = run_fissure({"align", "--db", db_, "--period", "2019-01..2019-12", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["period"], "2019-01..2019-12");
  EXPECT_EQ(j["speakers"], json({"BOL", "CAN", "CUB", "DEU", "FRA", "VEN"}));
  ASSERT_EQ(j["pairs"].size(), 15u);
  EXPECT_EQ(j["pairs"][0]["a"], "BOL");
  EXPECT_EQ(j["pairs"][0]["b"], "CAN");
  EXPECT_LT(j["pairs"][0]["alignment"].get<double>(), -0.8);
  EXPECT_EQ(j["method"]["similarity"], "pearson");

  auto strict = run_fissure({"align", "--db", db_, "--period", "2019", "--format", "json",
                             "--min-targets", "6", "--min-speakers", "7"});
  EXPECT_EQ(strict.exit_code, 2) << strict.out;  // no target is named by 7 speakers
  EXPECT_NE(strict.err.find("nothing to compare"), std::string::npos) << strict.err;
}

TEST_F(AlignCliTest, TableNamesClosestAndFarthestPartners) {
  auto r = run_fissure({"align", "--db", db_, "--period", "2019"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("6 speakers, 6 third parties"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("closest"), std::string::npos);
  // Cuba's closest partner is on its side, its farthest on the other.
  const auto at = r.out.find("\nCUB ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string row = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
  EXPECT_TRUE(row.find("BOL (+") != std::string::npos || row.find("VEN (+") != std::string::npos)
      << row;
}

TEST_F(AlignCliTest, BadInputIsAClearMessageNotAMatrix) {
  auto bad = run_fissure({"align", "--db", db_, "--period", "last year"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("period \"last year\""), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty());

  auto empty = run_fissure({"align", "--db", db_, "--period", "2005", "--format", "csv"});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no coded English text"), std::string::npos) << empty.err;
  EXPECT_TRUE(empty.out.empty()) << empty.out;

  auto source = run_fissure({"align", "--db", db_, "--period", "2019", "--source", "KCNA"});
  EXPECT_EQ(source.exit_code, 2);
  EXPECT_NE(source.err.find("source \"KCNA\""), std::string::npos) << source.err;

  const std::string uncoded = dir_.file("uncoded.db");
  ASSERT_EQ(run_fissure({"ingest", "--no-code", "--db", uncoded, dir_.file("in.jsonl")}).exit_code,
            0);
  auto none = run_fissure({"align", "--db", uncoded, "--period", "2019"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no coded sentences"), std::string::npos) << none.err;

  auto missing = run_fissure({"align", "--db", dir_.file("nope.db"), "--period", "2019"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  auto flag = run_fissure({"align", "--db", db_, "--period", "2019", "--min-targets", "1"});
  EXPECT_EQ(flag.exit_code, 2);
}

TEST_F(AlignCliTest, EvalAlignCorrelatesWithVotes) {
  // Votes that follow the blocs: A always yes, B always no, on 30 roll calls of session 74.
  std::string calls = "rcid,session,importantvote,date,unres,amend,para,short,descr\n";
  std::string votes = "rcid,country,country_code,iso3,vote\n";
  for (int rc = 1; rc <= 30; ++rc) {
    calls += std::to_string(rc) + ",74,0,2019-12-01,R,0,0,X,Y\n";
    for (const char* c : {"CUB", "VEN", "BOL"})
      votes += std::to_string(rc) + ",x,xx," + c + ",yes\n";
    // Canada agrees with A on a third of the calls: agreement differs within B's pairs too.
    for (const char* c : {"FRA", "DEU"}) votes += std::to_string(rc) + ",x,xx," + c + ",no\n";
    votes += std::to_string(rc) + ",x,xx,CAN," + (rc % 3 ? "no" : "yes") + "\n";
  }
  std::filesystem::create_directories(dir_.file("votes"));
  write_file(dir_.file("votes/un_roll_calls.csv.gz"), gzip(calls));
  write_file(dir_.file("votes/un_votes.csv.gz"), gzip(votes));
  auto r = run_fissure(
      {"eval", "align", "--db", db_, "--votes", dir_.file("votes"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_EQ(j["years"].size(), 1u);
  EXPECT_EQ(j["years"][0]["year"], 2019);
  EXPECT_EQ(j["years"][0]["pairs"], 15);
  EXPECT_GT(j["pooled"]["pearson"].get<double>(), 0.9);
  EXPECT_GT(j["pooled"]["spearman"].get<double>(), 0.7);

  auto no_year =
      run_fissure({"eval", "align", "--db", db_, "--votes", dir_.file("votes"), "--year", "1990"});
  EXPECT_EQ(no_year.exit_code, 2);
  auto no_votes = run_fissure({"eval", "align", "--db", db_, "--votes", dir_.file("nothing")});
  EXPECT_EQ(no_votes.exit_code, 2);
  EXPECT_NE(no_votes.err.find("un_roll_calls.csv.gz"), std::string::npos) << no_votes.err;
}

}  // namespace
}  // namespace fissure
