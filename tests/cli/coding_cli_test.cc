// The coding commands end to end through the binary: ingest codes, search and kwic filter on the
// coding, explain shows provenance, code recodes after a dictionary change, eval actors scores.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::run_fissure;
using fissure::testing::shared_path;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

class CodingCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("a.db");
    write_file(dir_.file("in.jsonl"),
               jsonl({Doc("k1",
                          "The DPRK expressed full support for Iran's just stand. The U.S. imperialists must stop "
                          "their reckless provocations against the DPRK. The Foreign Ministry spokesman said so."),
                      Doc("t1", "Iran praised the DPRK but condemned the United States. Zarif met Ri Yong Ho in Tehran.",
                          "2017-03-01", "Tehran Times", "IRN")}));
    auto r = run_fissure({"ingest", "--quiet", "--db", db_, "--reference", shared_path("reference"), dir_.file("in.jsonl")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  json run_json(std::vector<std::string> args) {
    args.push_back("--format");
    args.push_back("json");
    auto r = run_fissure(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out;
    return j;
  }

  TempDir dir_;
  std::string db_;
};

TEST_F(CodingCliTest, SearchFiltersOnCodingAndShowsIt) {
  json all = run_json({"search", "--db", db_, "DPRK"});
  EXPECT_EQ(all["total"], 3);
  json from_iran = run_json({"search", "--db", db_, "--speaker", "IRN", "--actor", "PRK", "DPRK"});
  ASSERT_EQ(from_iran["total"], 1);
  const json& coding = from_iran["hits"][0]["coding"];
  EXPECT_EQ(coding["speaker"], "IRN");
  EXPECT_NE(std::find(coding["actors"].begin(), coding["actors"].end(), "USA"), coding["actors"].end());
  json hostile = run_json({"search", "--db", db_, "--actor", "USA", "--tone-max", "-0.2", "DPRK OR Iran"});
  EXPECT_EQ(hostile["total"], 2);  // both sentences are hostile toward the US, whatever else they say
  json warm_to_prk = run_json({"search", "--db", db_, "--actor", "PRK", "--tone-min", "0.2", "DPRK"});
  EXPECT_EQ(warm_to_prk["total"], 2);
  auto bad = run_fissure({"search", "--db", db_, "--domain", "sports", "DPRK"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("not a domain"), std::string::npos);
}

TEST_F(CodingCliTest, ExplainPrintsTheEntriesBehindTheCoding) {
  json hits = run_json({"search", "--db", db_, "\"praised the DPRK\""});
  ASSERT_EQ(hits["total"], 1);
  const std::string id = std::to_string(hits["hits"][0]["sentence_id"].get<int64_t>());
  json e = run_json({"explain", "--db", db_, id});
  ASSERT_TRUE(e["coded"].get<bool>());
  bool saw_prk = false;
  for (const auto& m : e["coding"]["mentions"]) {
    EXPECT_EQ(m["provenance"]["dictionary"], "actors.fissure.txt");
    EXPECT_FALSE(m["provenance"]["entry"].get<std::string>().empty());
    if (m["code"] == "PRK") {
      saw_prk = true;
      EXPECT_GT(m["tone"]["fissure"].get<double>(), 0);
    }
  }
  EXPECT_TRUE(saw_prk);
  auto table = run_fissure({"explain", "--db", db_, id});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("entry: "), std::string::npos) << table.out;
  EXPECT_EQ(run_fissure({"explain", "--db", db_, "999999"}).exit_code, 2);
}

TEST_F(CodingCliTest, CodeRecodesWhatAnActorDictionaryChangeAffects) {
  // A user dictionary that codes "Zarif" as an official of a made-up state: only the sentence
  // naming him can change.
  write_file(dir_.file("extra.fissure.txt"), "[XZZ] state Testland\nTestland\n[XZZ] official Zarif\nZarif\n");
  auto r = run_fissure({"code", "--quiet", "--db", db_, "--reference", shared_path("reference"), "--actors",
                        dir_.file("extra.fissure.txt")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 dictionary entries changed: recoded 1 sentences"), std::string::npos) << r.out;
  json zarif = run_json({"search", "--db", db_, "--actor", "XZZ", "Zarif"});
  EXPECT_EQ(zarif["total"], 1);
  r = run_fissure({"check", "--db", db_});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(CodingCliTest, IngestWithoutCodingThenCode) {
  const std::string plain = dir_.file("plain.db");
  ASSERT_EQ(run_fissure({"ingest", "--quiet", "--no-code", "--db", plain, dir_.file("in.jsonl")}).exit_code, 0);
  EXPECT_EQ(run_json({"search", "--db", plain, "--actor", "PRK", "DPRK"})["total"], 0);
  auto r = run_fissure({"code", "--quiet", "--db", plain});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_json({"search", "--db", plain, "--actor", "PRK", "DPRK"})["total"], 3);
}

TEST(CodingCli, EvalActorsOnTheGoldStandard) {
  auto r = run_fissure({"eval", "actors", "--gold", std::string(FISSURE_SOURCE_DIR) + "/tests/fixtures/actors/gold.jsonl",
                        "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_GE(j["sentences"].get<int>(), 300);
  EXPECT_GE(j["precision"].get<double>(), 0.95);
  EXPECT_GE(j["recall"].get<double>(), 0.95);
}

TEST(CodingCli, DictCheckNamesTheBadLines) {
  TempDir dir;
  write_file(dir.file("bad.fissure.txt"), "[PRK] state North Korea\nDPRK\n[prk] nonsense\nfoo\n");
  auto r = run_fissure({"dict", "check", dir.file("bad.fissure.txt")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE((r.out + r.err).find("bad.fissure.txt:3:"), std::string::npos) << r.out << r.err;
  write_file(dir.file("tone.txt"), "good\t1.5\nbad\tnot-a-number\n");
  r = run_fissure({"dict", "check", dir.file("tone.txt")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE((r.out + r.err).find("tone.txt:2:"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace fissure
