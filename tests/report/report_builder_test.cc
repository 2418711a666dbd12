// gather_report on small archives: what it refuses, and that every quoted document comes along.
#include <gtest/gtest.h>

#include <set>

#include "fissure/analysis/period.h"
#include "fissure/report/html_report.h"
#include "test_support.h"

namespace fissure::report {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::run_fissure;
using fissure::testing::shared_path;
using fissure::testing::TempDir;
using fissure::testing::write_file;

std::vector<Doc> documents() {
  std::vector<Doc> docs;
  for (int year = 2016; year <= 2019; ++year)
    for (int i = 0; i < 5; ++i) {
      std::string n = std::to_string(year) + "-" + std::to_string(i);
      std::string day = std::to_string(year) + "-0" + std::to_string(i + 1) + "-10";
      std::string own = " Session " + n + " of committee " + std::to_string(year * 3 + i) +
                        " took " + std::to_string(i + 4) + " hours and approved plan " + n + ".";
      docs.emplace_back("k-" + n,
                        "The DPRK warmly praised its great friend Iran. Iran and the DPRK share "
                        "excellent relations." +
                            own,
                        day, "KCNA", "PRK");
      docs.emplace_back("t-" + n,
                        "Iran strongly condemned North Korea's dangerous missile provocation. "
                        "North Korea's reckless threats are terrible." +
                            own,
                        day, "Tehran Times", "IRN");
      docs.emplace_back("g-" + n, "Cuba celebrated a good harvest." + own, day, "Granma", "CUB");
    }
  return docs;
}

class ReportBuilderTest : public ::testing::Test {
 protected:
  void ingest(const std::string& db, bool code) {
    write_file(dir_.file("in.jsonl"), jsonl(documents()));
    std::vector<std::string> args = {"ingest", "--quiet", "--db", db};
    if (code) {
      args.push_back("--reference");
      args.push_back(shared_path("reference"));
    } else {
      args.push_back("--no-code");
    }
    args.push_back(dir_.file("in.jsonl"));
    auto r = run_fissure(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static ReportOptions pair(const std::string& a, const std::string& b) {
    ReportOptions o;
    o.dyad.a = a;
    o.dyad.b = b;
    return o;
  }
  TempDir dir_;
};

TEST_F(ReportBuilderTest, EveryQuotedDocumentOnceAndBothSidesCovered) {
  ingest(dir_.file("a.db"), true);
  auto archive = Archive::open(dir_.file("a.db"), Archive::Mode::kReadOnly);
  ASSERT_TRUE(archive) << archive.status().message();
  auto data = gather_report(**archive, pair("IRN", "PRK"));
  ASSERT_TRUE(data) << data.status().message();
  std::set<std::string> quoted, included;
  for (const auto& f : data->cracks.findings)
    for (const auto& e : f.evidence) quoted.insert(e.quote.document_id);
  for (const auto& d : data->documents) EXPECT_TRUE(included.insert(d.id).second) << d.id;
  EXPECT_EQ(quoted, included);
  EXPECT_FALSE(data->cracks.findings.empty());  // warm one way, hostile the other
  EXPECT_EQ(data->coverage[0].speaker, "IRN");
  EXPECT_EQ(data->coverage[0].documents, 20);
  ASSERT_EQ(data->coverage[0].outlets.size(), 1u);
  EXPECT_EQ(data->coverage[0].outlets[0].source, "Tehran Times");
  EXPECT_TRUE(data->coverage[1].gaps.empty());
  EXPECT_FALSE(data->coding.dictionaries.empty());
}

TEST_F(ReportBuilderTest, NoSharedTextUnknownSpeakerAndNoCodingAreRefused) {
  ingest(dir_.file("a.db"), true);
  auto archive = Archive::open(dir_.file("a.db"), Archive::Mode::kReadOnly);
  ASSERT_TRUE(archive);
  auto no_shared = gather_report(**archive, pair("IRN", "CUB"));
  ASSERT_FALSE(no_shared);
  // The user's to fix (exit 2): invalid input or not found.
  EXPECT_NE(no_shared.status().code(), StatusCode::kIoError);
  EXPECT_NE(no_shared.status().code(), StatusCode::kInternal);
  EXPECT_NE(no_shared.status().message().find("no shared text"), std::string::npos);
  auto unknown = gather_report(**archive, pair("IRN", "ZZZ"));
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.status().message().find("ZZZ never speaks"), std::string::npos);
  EXPECT_FALSE(gather_report(**archive, pair("IRN", "i r n")));

  ingest(dir_.file("plain.db"), false);
  auto plain = Archive::open(dir_.file("plain.db"), Archive::Mode::kReadOnly);
  ASSERT_TRUE(plain);
  auto uncoded = gather_report(**plain, pair("IRN", "PRK"));
  ASSERT_FALSE(uncoded);
  EXPECT_EQ(uncoded.status().code(), StatusCode::kNotFound);
}

TEST(GapRuns, RunsOfEmptyPeriodsBetweenFirstAndLast) {
  auto row = [](const char* day, int64_t n) {
    VolumeRow r;
    r.date = {day, 'd'};
    r.sentences = n;
    return r;
  };
  int64_t empty = 0;
  auto gaps = gap_runs({row("2010-05-01", 3), row("2011-01-01", 0), row("2012-02-01", 4),
                        row("2016-07-01", 1), row("2017-01-01", 2)},
                       analysis::Resolution::kYear, &empty);
  EXPECT_EQ(gaps, (std::vector<std::string>{"2011", "2013..2015"}));
  EXPECT_EQ(empty, 4);
  EXPECT_TRUE(gap_runs({}, analysis::Resolution::kMonth, &empty).empty());
  EXPECT_EQ(empty, 0);
}

}  // namespace
}  // namespace fissure::report
