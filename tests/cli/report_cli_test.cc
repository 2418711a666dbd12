// fissure report and digest end to end through the binary, on a small synthetic archive in which
// KCNA speaks warmly of Iran and the Tehran Times coldly of North Korea.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::read_file;
using fissure::testing::run_fissure;
using fissure::testing::shared_path;
using fissure::testing::TempDir;
using fissure::testing::write_file;

std::vector<Doc> fixture() {
  std::vector<Doc> docs;
  for (int year = 2016; year <= 2019; ++year) {
    for (int i = 0; i < 6; ++i) {
      std::string day = std::to_string(year) + "-0" + std::to_string(i + 1) + "-15";
      std::string n = std::to_string(year) + "-" + std::to_string(i);
      // Sentences of their own, so that no story is a (near) duplicate of another.
      std::string own = " Delegation " + n + " arrived on flight " + std::to_string(year * 7 + i) +
                        " with " + std::to_string(i + 3) + " members and " +
                        std::to_string(year - 1990 + i) + " crates of books number " + n +
                        ". Meeting " + n + " lasted " + std::to_string(i + 2) + " hours in hall " +
                        std::to_string(year % 100 + i) + ".";
      docs.emplace_back(
          "kcna-" + n,
          "The DPRK warmly welcomed the friendly Iranian delegation. Kim Jong Un praised "
          "Iran's great achievements and the excellent friendship with Iran. The harvest "
          "in South Hwanghae Province was good this year. Workers of the Kim Chaek "
          "Iron and Steel Complex raised production." +
              own,
          day, "KCNA", "PRK", "Friendship " + n);
      docs.emplace_back(
          "tt-" + n,
          "Iran condemned North Korea's reckless nuclear test as a dangerous and "
          "terrible provocation. Tehran warned that North Korea's hostile missile "
          "launches threaten peace. The Tehran stock exchange rose on Sunday. Rain is "
          "expected in the north of the country." +
              own,
          day, "Tehran Times", "IRN", "Tehran on Pyongyang " + n);
      docs.emplace_back(
          "granma-" + n,
          "The sugar harvest in Cuba reached its target. Havana hosted a book fair." + own, day,
          "Granma", "CUB");
    }
  }
  docs.emplace_back("kcna-2020-script",
                    "KCNA said Iran <script>alert('x')</script> is a good friend of the DPRK.",
                    "2020-02-01", "KCNA", "PRK", "<b>Script</b> test");
  return docs;
}

class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = dir_->file("a.db");
    write_file(dir_->file("in.jsonl"), jsonl(fixture()));
    auto r = run_fissure({"ingest", "--quiet", "--db", db_, "--reference", shared_path("reference"),
                          dir_->file("in.jsonl")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static TempDir* dir_;
  static std::string db_;
  TempDir out_;
};
TempDir* ReportCliTest::dir_ = nullptr;
std::string ReportCliTest::db_;

TEST_F(ReportCliTest, WritesOneSelfContainedPage) {
  std::string file = out_.file("r.html");
  auto r = run_fissure({"report", "--db", db_, "IRN", "PRK", "-o", file, "--title", "A <test>"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote " + file), std::string::npos) << r.out;
  std::string html = read_file(file);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<title>A &lt;test&gt;</title>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  const auto links = fissure::testing::attribute_values(html, "href");
  EXPECT_FALSE(links.empty());
  for (const std::string& target : links) EXPECT_EQ(target.substr(0, 1), "#") << target;
  // Attention and warmth for both directions.
  EXPECT_NE(html.find("<path class=\"line s0 faint\""), std::string::npos);
  EXPECT_NE(html.find("<path class=\"line s1 faint\""), std::string::npos);
  EXPECT_NE(html.find("<path class=\"line s0\""), std::string::npos);
  EXPECT_NE(html.find("<path class=\"line s1\""), std::string::npos);
  EXPECT_NE(html.find("IRN \xE2\x86\x92 PRK"), std::string::npos);
  EXPECT_NE(html.find("PRK \xE2\x86\x92 IRN"), std::string::npos);
  EXPECT_NE(html.find("Tehran Times"), std::string::npos);        // coverage: Iran's outlet
  EXPECT_NE(html.find("actors.fissure.txt"), std::string::npos);  // dictionary versions
  EXPECT_FALSE(std::filesystem::exists(file + ".tmp"));
}

TEST_F(ReportCliTest, ByQuarterAndWindow) {
  std::string file = out_.file("q.html");
  auto r = run_fissure({"report", "--db", db_, "PRK", "IRN", "--by", "quarter", "--from", "2017",
                        "--to", "2018", "-o", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string html = read_file(file);
  EXPECT_NE(html.find("2017-Q1"), std::string::npos);
  EXPECT_EQ(html.find("2019-Q1"), std::string::npos);
}

TEST_F(ReportCliTest, BadInputIsAClearMessage) {
  std::string file = out_.file("bad.html");
  auto unknown = run_fissure({"report", "--db", db_, "IRN", "XYZ", "-o", file});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("XYZ never speaks"), std::string::npos) << unknown.err;
  auto lower = run_fissure({"report", "--db", db_, "irn", "PRK", "-o", file});
  EXPECT_EQ(lower.exit_code, 2);
  EXPECT_NE(lower.err.find("not an actor code"), std::string::npos) << lower.err;
  auto same = run_fissure({"report", "--db", db_, "IRN", "IRN", "-o", file});
  EXPECT_EQ(same.exit_code, 2);
  auto no_shared = run_fissure({"report", "--db", db_, "IRN", "CUB", "-o", file});
  EXPECT_EQ(no_shared.exit_code, 2);
  EXPECT_NE(no_shared.err.find("no shared text"), std::string::npos) << no_shared.err;
  auto empty_window =
      run_fissure({"report", "--db", db_, "IRN", "PRK", "--from", "2030", "-o", file});
  EXPECT_EQ(empty_window.exit_code, 2);
  EXPECT_NE(empty_window.err.find("fissure: "), std::string::npos) << empty_window.err;
  auto no_output = run_fissure({"report", "--db", db_, "IRN", "PRK"});
  EXPECT_EQ(no_output.exit_code, 2);
  auto no_db = run_fissure({"report", "--db", out_.file("none.db"), "IRN", "PRK", "-o", file});
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST_F(ReportCliTest, ArchiveWithoutCodingSaysSo) {
  std::string plain = out_.file("plain.db");
  auto r = run_fissure({"ingest", "--quiet", "--no-code", "--db", plain, dir_->file("in.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto report = run_fissure({"report", "--db", plain, "IRN", "PRK", "-o", out_.file("p.html")});
  EXPECT_EQ(report.exit_code, 2);
  EXPECT_NE(report.err.find("no coding"), std::string::npos) << report.err;
  auto digest = run_fissure({"digest", "--db", plain, "--since", "2019-01-01"});
  EXPECT_NE(digest.exit_code, 0);
  EXPECT_FALSE(digest.err.empty());
}

TEST_F(ReportCliTest, DigestListsNewDocumentsWithInertQuotes) {
  std::string file = out_.file("d.html");
  auto r = run_fissure({"digest", "--db", db_, "--since", "2020-01-01", "--html", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("since 2020-01-01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 document in which PRK names IRN"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 documents in which IRN names PRK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kcna-2020-script"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Findings:"), std::string::npos) << r.out;
  std::string html = read_file(file);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<mark>Iran</mark>"), std::string::npos);
}

TEST_F(ReportCliTest, DigestPairsAndDates) {
  auto earlier = run_fissure({"digest", "--db", db_, "--since", "2019-01-01", "PRK-IRN"});
  ASSERT_EQ(earlier.exit_code, 0) << earlier.err;
  EXPECT_NE(earlier.out.find("7 documents in which PRK names IRN"), std::string::npos)
      << earlier.out;
  EXPECT_NE(earlier.out.find("6 documents in which IRN names PRK"), std::string::npos)
      << earlier.out;
  auto bad_pair = run_fissure({"digest", "--db", db_, "--since", "2019-01-01", "IRNPRK"});
  EXPECT_EQ(bad_pair.exit_code, 2);
  EXPECT_NE(bad_pair.err.find("A-B"), std::string::npos) << bad_pair.err;
  auto bad_date = run_fissure({"digest", "--db", db_, "--since", "yesterday"});
  EXPECT_EQ(bad_date.exit_code, 2);
  auto unknown = run_fissure({"digest", "--db", db_, "--since", "2019-01-01", "IRN-XYZ"});
  EXPECT_EQ(unknown.exit_code, 2);
}

TEST_F(ReportCliTest, DigestWithoutIranAndDprkNamesTheSpeakers) {
  std::vector<Doc> docs;
  for (const Doc& d : fixture())
    if (d.source != "KCNA") docs.push_back(d);
  write_file(out_.file("no-kcna.jsonl"), jsonl(docs));
  std::string db = out_.file("no-kcna.db");
  auto r = run_fissure({"ingest", "--quiet", "--db", db, "--reference", shared_path("reference"),
                        out_.file("no-kcna.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto digest = run_fissure({"digest", "--db", db, "--since", "2019-01-01"});
  EXPECT_EQ(digest.exit_code, 2);
  EXPECT_NE(digest.err.find("IRN and PRK are not both speakers"), std::string::npos) << digest.err;
  EXPECT_NE(digest.err.find("CUB"), std::string::npos) << digest.err;
  auto given = run_fissure({"digest", "--db", db, "--since", "2019-01-01", "IRN-CUB"});
  EXPECT_NE(given.exit_code, 0);
  EXPECT_NE(given.err.find("no shared text"), std::string::npos) << given.err;
}

TEST_F(ReportCliTest, DemoEndsWithTheIranDprkReport) {
  std::string corpora = out_.file("corpora");
  std::filesystem::create_directories(corpora);
  std::filesystem::copy_file(dir_->file("in.jsonl"), corpora + "/in.jsonl");
  std::string db = out_.file("demo.db");
  auto r = run_fissure(
      {"demo", "--corpora", corpora, "--db", db, "--reference", shared_path("reference")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string report = out_.file("iran-dprk-report.html");
  EXPECT_NE(r.out.find("report: " + report), std::string::npos) << r.out;
  std::string html = read_file(report);
  EXPECT_NE(html.find("Iran (IRN) and North Korea (PRK)"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace fissure
