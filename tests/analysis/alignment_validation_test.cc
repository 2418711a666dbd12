// UN votes: reading the unvotes CSVs, years by session or date, agreement of identical votes.
#include "fissure/analysis/alignment_validation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::gzip;
using fissure::testing::TempDir;
using fissure::testing::write_file;

void write_votes(const TempDir& dir) {
  write_file(
      dir.file("un_roll_calls.csv.gz"),
      gzip("rcid,session,importantvote,date,unres,amend,para,short,descr\n"
           "1,74,0,2019-12-10,R/74/1,0,0,\"ISRAEL, SETTLEMENTS\",\"A \"\"quoted\"\", long text\"\n"
           "2,74,0,2020-01-14,R/74/2,0,0,X,Y\n"
           "3,74,1,2019-11-01,R/74/3,0,0,X,Y\n"
           "4,73,0,2018-12-01,R/73/4,0,0,X,Y\n"
           "x,73,0,2018-12-01,R/73/5,0,0,X,Y\n"));
  write_file(
      dir.file("un_votes.csv.gz"),
      gzip("rcid,country,country_code,iso3,vote\n"
           "1,United States,US,USA,yes\n2,United States,US,USA,yes\n3,United States,US,USA,no\n"
           "1,United Kingdom,GB,GBR,yes\n2,United Kingdom,GB,GBR,no\n3,United Kingdom,GB,GBR,no\n"
           "1,Cuba,CU,CUB,no\n2,Cuba,CU,CUB,no\n3,Cuba,CU,CUB,abstain\n"
           "4,Cuba,CU,CUB,yes\n4,United States,US,USA,yes\n"
           "1,Zanzibar,,,yes\n"
           "2,Cuba,CU,CUB,maybe\n"
           "9,Cuba,CU,CUB,yes\n"));
}

TEST(UnVotesTest, AgreementIsTheShareOfIdenticalVotes) {
  TempDir dir;
  write_votes(dir);
  std::vector<std::string> problems;
  auto v = UnVotes::load(dir.path(), VoteYear::kSession, &problems);
  ASSERT_TRUE(v.is_ok()) << v.status().message();
  ASSERT_EQ(problems.size(), 2u);  // the bad rcid and the bad vote
  EXPECT_NE(problems[0].find("un_roll_calls.csv.gz:6:"), std::string::npos) << problems[0];
  EXPECT_EQ(v->years(), (std::vector<int>{2018, 2019}));
  EXPECT_EQ(v->roll_calls(2019), 3);
  auto a = v->agreement(2019, 1);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].a, "CUB");
  EXPECT_EQ(a[0].b, "GBR");
  EXPECT_NEAR(a[0].agreement, 1.0 / 3, 1e-12);
  EXPECT_EQ(a[1].b, "USA");
  EXPECT_EQ(a[1].agreement, 0.0);  // abstain against no is a disagreement
  EXPECT_EQ(a[2].a, "GBR");
  EXPECT_NEAR(a[2].agreement, 2.0 / 3, 1e-12);
  EXPECT_EQ(a[2].common, 3);
  EXPECT_TRUE(v->agreement(2019, 4).empty());
  auto y2018 = v->agreement(2018, 1);
  ASSERT_EQ(y2018.size(), 1u);
  EXPECT_EQ(y2018[0].agreement, 1.0);
}

TEST(UnVotesTest, YearOfDateMovesJanuaryVotes) {
  TempDir dir;
  write_votes(dir);
  std::vector<std::string> problems;
  auto v = UnVotes::load(dir.path(), VoteYear::kDate, &problems);
  ASSERT_TRUE(v.is_ok()) << v.status().message();
  EXPECT_EQ(v->years(), (std::vector<int>{2018, 2019, 2020}));
  EXPECT_EQ(v->roll_calls(2019), 2);
  EXPECT_EQ(v->roll_calls(2020), 1);
}

TEST(UnVotesTest, MissingFilesAndWrongColumnsAreErrors) {
  TempDir dir;
  std::vector<std::string> problems;
  auto missing = UnVotes::load(dir.path(), VoteYear::kSession, &problems);
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  write_file(dir.file("un_roll_calls.csv.gz"), gzip("a,b,c\n1,2,3\n"));
  write_file(dir.file("un_votes.csv.gz"), gzip("rcid,country,country_code,iso3,vote\n"));
  auto wrong = UnVotes::load(dir.path(), VoteYear::kSession, &problems);
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_NE(wrong.status().message().find("rcid"), std::string::npos);
}

}  // namespace
}  // namespace fissure

namespace fissure {
namespace {

// The figures the unvotes README gives for IRN–PRK by calendar year (identical votes), to two
// digits (2017 comes out 36/49 = 0.735 here against its 0.74).
TEST(UnVotesTest, ReproducesThePublishedIranNorthKoreaAgreement) {
  const std::string folder = fissure::testing::shared_path("reference/unvotes");
  std::vector<std::string> problems;
  auto v = UnVotes::load(folder, VoteYear::kDate, &problems);
  ASSERT_TRUE(v.is_ok()) << v.status().message();
  EXPECT_TRUE(problems.empty()) << problems.front();
  auto pair_agreement = [&](int year) {
    for (const auto& p : v->agreement(year, 1))
      if (p.a == "IRN" && p.b == "PRK") return p.agreement;
    ADD_FAILURE() << "no IRN-PRK in " << year;
    return -1.0;
  };
  EXPECT_NEAR(pair_agreement(2012), 0.79, 0.01);
  EXPECT_NEAR(pair_agreement(2017), 0.74, 0.01);
  EXPECT_NEAR(pair_agreement(2000), 0.96, 0.01);
  EXPECT_NEAR(pair_agreement(1995), 0.90, 0.01);
}

}  // namespace
}  // namespace fissure
