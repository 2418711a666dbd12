#include "fissure/coding/domain_coder.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace fissure {
namespace {

std::vector<std::string> domains(const std::vector<DomainHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.domain);
  return out;
}

using Names = std::vector<std::string>;

TEST(DomainCoderTest, FixtureTermsAreMultiLabelWithOffsetsAndLines) {
  auto coder = DomainCoder::create(
      PhraseDictionary::parse("[military] domain Military\nweapons\narmy\n"
                              "[nuclear] domain Nuclear\nnuclear weapons\nmissile*\n"
                              "[economic] domain Economic\nsanction*\n",
                              "d.test"));
  ASSERT_TRUE(coder.is_ok());
  std::string s = "The army tested missiles and nuclear weapons despite sanctions.";
  auto hits = coder->find(s);
  ASSERT_EQ(domains(hits), (Names{"military", "nuclear", "economic"}));
  ASSERT_EQ(hits[1].terms.size(), 2u);
  EXPECT_EQ(s.substr(hits[1].terms[0].begin, hits[1].terms[0].end - hits[1].terms[0].begin),
            "missiles");
  EXPECT_EQ(hits[1].terms[0].why.line, 6);
  EXPECT_EQ(hits[1].terms[0].why.dictionary, "d.test");
  // "weapons" inside "nuclear weapons" lost to the longer term: the army alone is military.
  ASSERT_EQ(hits[0].terms.size(), 1u);
  EXPECT_EQ(hits[0].terms[0].begin, 4u);
  EXPECT_TRUE(coder->find("").empty());
  EXPECT_TRUE(coder->find("A quiet day.").empty());
}

class BuiltinDomainsTest : public ::testing::Test {
 protected:
  Names of(const std::string& sentence) { return domains(coder_.find(sentence)); }
  DomainCoder coder_ = *DomainCoder::builtin();
};

TEST_F(BuiltinDomainsTest, TypicalSentencesOfTheArchivedOutlets) {
  EXPECT_EQ(of("The KPA will launch a merciless retaliatory strike with its artillery."),
            (Names{"military"}));
  EXPECT_EQ(of("The DPRK successfully launched the Hwasong-17 intercontinental ballistic "
               "missile."),
            (Names{"nuclear"}));
  EXPECT_EQ(of("Iran will not negotiate over its uranium enrichment under maximum pressure."),
            (Names{"nuclear", "diplomatic"}));
  EXPECT_EQ(of("The minister met the ambassador of Syria to discuss bilateral ties."),
            (Names{"diplomatic"}));
  EXPECT_EQ(of("Non-oil exports rose 20 percent despite U.S. sanctions."), (Names{"economic"}));
  EXPECT_EQ(of("The Juche idea is the banner of the revolution against imperialism."),
            (Names{"ideological"}));
  EXPECT_EQ(of("The global arrogance fears the Islamic Revolution."), (Names{"ideological"}));
  EXPECT_EQ(of("An art troupe gave performances for students and teachers."),
            (Names{"humanitarian"}));
}

TEST_F(BuiltinDomainsTest, SetNamesDoNotCount) {
  EXPECT_EQ(of("The Islamic Republic of Iran and the Democratic People's Republic of Korea."),
            Names{});
  EXPECT_EQ(of("He taught at Kim Il Sung University."), Names{});
}

}  // namespace
}  // namespace fissure
