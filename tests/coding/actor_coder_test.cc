#include "fissure/coding/actor_coder.h"

#include <gtest/gtest.h>

#include "actor_fixture.h"
#include "test_support.h"

namespace fissure {
namespace {

ActorCoder fixture_coder() {
  auto coder = ActorCoder::create(PhraseDictionary::parse(testing::kActorFixture, "actors.test"));
  EXPECT_TRUE(coder.is_ok());
  return std::move(*coder);
}

std::vector<std::string> codes(const std::vector<ActorMention>& v) {
  std::vector<std::string> out;
  for (const auto& m : v) out.push_back(m.code);
  return out;
}

using Codes = std::vector<std::string>;

TEST(ActorCoderTest, FindsActorsWithOffsetsKindsAndProvenance) {
  auto coder = fixture_coder();
  std::string s = "Kim Jong Un met the Iranian delegation in Pyongyang and denounced the US.";
  auto found = coder.find(s, Date{2018, 5, 2});
  ASSERT_EQ(codes(found), (Codes{"PRK", "IRN", "PRK", "USA"}));
  EXPECT_EQ(s.substr(found[0].begin, found[0].end - found[0].begin), "Kim Jong Un");
  EXPECT_EQ(found[0].kind, "leader");
  EXPECT_EQ(found[0].country, "PRK");
  EXPECT_EQ(found[0].name, "Kim Jong Un");
  EXPECT_EQ(found[0].why.dictionary, "actors.test");
  EXPECT_EQ(found[0].why.line, 23);
  EXPECT_EQ(found[1].kind, "state");
  EXPECT_EQ(found[1].country, "IRN");
  EXPECT_EQ(s.substr(found[3].begin, found[3].end - found[3].begin), "US");
}

TEST(ActorCoderTest, DatedEntriesApplyOnlyInTheirPeriod) {
  auto coder = fixture_coder();
  EXPECT_EQ(codes(coder.find("Kim Jong Un spoke.", Date{2010, 3, 1})), Codes{});
  EXPECT_EQ(codes(coder.find("Kim Jong Un spoke.", Date{2011, 12, 17})), Codes{"PRK"});
  // A month-precise date covers the whole month: both leaders were in office in Dec 2011.
  EXPECT_EQ(codes(coder.find("Kim Jong Il spoke.", Date{2011, 12, 0})), Codes{"PRK"});
  EXPECT_EQ(codes(coder.find("Kim Jong Un spoke.", Date{2011, 12, 0})), Codes{"PRK"});
  EXPECT_EQ(codes(coder.find("Kim Jong Il spoke.", Date{2012, 1, 5})), Codes{});
  EXPECT_EQ(codes(coder.find("Zarif said.", Date{2015, 0, 0})), Codes{"IRN"});
  EXPECT_EQ(codes(coder.find("Zarif said.", Date{2022, 1, 1})), Codes{});
  EXPECT_EQ(codes(coder.find("the Soviet Union and Russia", Date{1985, 0, 0})), Codes{"SUN"});
  EXPECT_EQ(codes(coder.find("the Soviet Union and Russia", Date{1991, 12, 25})),
            (Codes{"SUN", "RUS"}));
  EXPECT_EQ(codes(coder.find("the Soviet Union and Russia", Date{2001, 0, 0})), Codes{"RUS"});
}

TEST(ActorCoderTest, AnUndatedSentenceMatchesEveryEntry) {
  auto coder = fixture_coder();
  EXPECT_EQ(codes(coder.find("Kim Jong Il, Kim Jong Un, the Soviet Union and Russia", Date{})),
            (Codes{"PRK", "PRK", "SUN", "RUS"}));
}

TEST(ActorCoderTest, DiscardsAndLongestMatches) {
  auto coder = fixture_coder();
  EXPECT_EQ(codes(coder.find("Students of Kim Il Sung University visited New Mexico.", Date{})),
            Codes{});
  auto found = coder.find("The US State Department said so.", Date{});
  ASSERT_EQ(codes(found), Codes{"USAGOV"});
  EXPECT_EQ(found[0].country, "USA");
}

TEST(ActorCoderTest, StatesCountsStatesLeadersAndOfficialsButNotOrganisations) {
  auto coder = fixture_coder();
  auto found = coder.find(
      "Khamenei, the IAEA, Yonhap and the Soviet Union discussed Kim Jong Un's DPRK.", Date{});
  EXPECT_EQ(states(found), (std::set<std::string>{"IRN", "SUN", "PRK"}));
  EXPECT_TRUE(states({}).empty());
}

TEST(ActorCoderTest, SharesOneScanWithAnotherDictionary) {
  auto actors = PhraseDictionary::parse(testing::kActorFixture, "actors.test");
  auto domains = PhraseDictionary::parse("[nuclear] domain Nuclear\nnuclear\n", "domains.test");
  auto matcher = PhraseMatcher::compile({std::move(domains), std::move(actors)});
  ASSERT_TRUE(matcher.is_ok());
  ActorCoder coder(*matcher, 1);
  std::string s = "Iran's nuclear programme";
  auto candidates = (*matcher)->candidates(s);
  EXPECT_EQ(candidates.size(), 2u);
  EXPECT_EQ(codes(coder.from_candidates(candidates, Date{})), Codes{"IRN"});
  EXPECT_EQ(codes(coder.find(s, Date{})), Codes{"IRN"});
}

TEST(ActorCoderTest, HostileSentences) {
  auto coder = fixture_coder();
  EXPECT_TRUE(coder.find("", Date{}).empty());
  EXPECT_EQ(codes(coder.find("\xC0\xFF Iran \xE2\x82", Date{})), Codes{"IRN"});
  std::string big;
  while (big.size() < 100000) big += "Iran and the DPRK \xFF ";
  EXPECT_GT(coder.find(big, Date{}).size(), 9000u);
}

TEST(ActorCoderTest, BuiltinDictionaryWhenPresent) {
  auto coder = ActorCoder::builtin();
  if (!coder.is_ok()) {
    EXPECT_EQ(coder.status().code(), StatusCode::kNotFound);
    GTEST_SKIP() << "actors.fissure.txt is not built in";
  }
  auto found = coder->find("North Korea and Iran", Date{2012, 1, 1});
  EXPECT_EQ(states(found), (std::set<std::string>{"IRN", "PRK"}));
}

}  // namespace
}  // namespace fissure
