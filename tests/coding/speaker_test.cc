#include "fissure/coding/speaker.h"

#include <gtest/gtest.h>

#include "actor_fixture.h"
#include "fissure/coding/actor_coder.h"
#include "test_support.h"

namespace fissure {
namespace {

class SpeakerTest : public ::testing::Test {
 protected:
  SpeakerAttribution speaker(const std::string& sentence, const char* outlet,
                             Date date = Date{2018, 6, 1}) {
    return attribute_speaker(sentence, coder_.find(sentence, date), outlet);
  }
  ActorCoder coder_ =
      *ActorCoder::create(PhraseDictionary::parse(testing::kActorFixture, "actors.test"));
};

TEST_F(SpeakerTest, TheOutletSpeaksWhenNothingIsAttributed) {
  auto s = speaker(
      "The U.S. imperialists and their puppets should not forget the lessons of history.", "PRK");
  EXPECT_EQ(s.code, "PRK");
  EXPECT_FALSE(s.attributed);
  EXPECT_EQ(s.why.rule, "speaker:outlet");
  EXPECT_EQ(speaker("", "IRN").code, "IRN");
  // Actors named without a reporting cue do not speak.
  EXPECT_EQ(
      speaker("The DPRK will bolster its nuclear deterrent against the United States.", "PRK").code,
      "PRK");
}

TEST_F(SpeakerTest, ReportingVerbWithTheSubjectBeforeIt) {
  auto s = speaker("The US State Department said on Monday that talks with Pyongyang would resume.",
                   "IRN");
  EXPECT_EQ(s.code, "USA");
  EXPECT_TRUE(s.attributed);
  EXPECT_EQ(s.why.rule, "speaker:reporting-verb");
  EXPECT_EQ(s.why.dictionary, "actors.test");
  EXPECT_EQ(s.why.line, 34);
  EXPECT_EQ(
      speaker("Iran's foreign ministry spokesman warned Washington against new sanctions.", "KOR")
          .code,
      "IRN");
  EXPECT_EQ(speaker("Zarif told reporters in Tehran that the deal was dead.", "USA").code, "IRN");
  EXPECT_EQ(
      speaker("Kim Jong Un stressed that the country would never give up its deterrent.", "USA")
          .code,
      "PRK");
}

TEST_F(SpeakerTest, AccordingTo) {
  auto s = speaker("According to Yonhap, the North fired two missiles into the East Sea.", "PRK");
  EXPECT_EQ(s.code, "KOR");
  EXPECT_EQ(s.why.rule, "speaker:according-to");
  EXPECT_EQ(speaker("According to the agreement, Iran will limit enrichment.", "USA").code, "USA");
}

TEST_F(SpeakerTest, QuotedAsSaying) {
  auto s = speaker(
      "Yonhap quoted a spokesman for the DPRK Foreign Ministry as saying the talks "
      "were over.",
      "IRN");
  EXPECT_EQ(s.code, "PRK");
  EXPECT_EQ(s.why.rule, "speaker:quoted-as-saying");
  EXPECT_EQ(speaker("Yonhap quoted an unnamed official as saying the talks were over.", "IRN").code,
            "KOR");
}

TEST_F(SpeakerTest, SpokespersonFor) {
  auto s = speaker(
      "A spokesman for the Foreign Ministry of the DPRK, in a statement, denounced "
      "the sanctions.",
      "IRN");
  EXPECT_EQ(s.code, "PRK");
  EXPECT_EQ(s.why.rule, "speaker:spokesperson-for");
}

TEST_F(SpeakerTest, QuotationsAttributedAfterTheQuote) {
  auto s = speaker("\u201CThe United States cannot be trusted,\u201D said Khamenei.", "USA");
  EXPECT_EQ(s.code, "IRN");
  EXPECT_EQ(s.why.rule, "speaker:reporting-verb-inverted");
  // The actor inside the quotation does not speak: the one after it does.
  EXPECT_EQ(speaker("\"Iran is a friend,\" the KCNA said.", "USA").code, "PRK");
  EXPECT_EQ(speaker("\"We will respond to the United States,\" he said.", "IRN").code, "IRN");
}

TEST_F(SpeakerTest, OrganisationsWithoutACountrySpeakForThemselves) {
  auto s = speaker("The IAEA said Iran had enriched uranium to 60 percent.", "IRN");
  EXPECT_EQ(s.code, "IAEA");
  EXPECT_EQ(speaker_code(coder_.find("IAEA", Date{}).at(0)), "IAEA");
}

TEST_F(SpeakerTest, SubjectsTooFarFromTheVerbDoNotSpeak) {
  EXPECT_EQ(speaker("Iran, which has long been under pressure from many sides of the world, "
                    "officials said.",
                    "PRK")
                .code,
            "PRK");
}

TEST_F(SpeakerTest, ClausesPronounsAndAddressees) {
  // An actor in an earlier clause is not the subject.
  EXPECT_EQ(
      speaker("As for the resumption of ties with Iran, Kharrazi said relations had improved.",
              "IRN")
          .why.rule,
      "speaker:outlet");
  EXPECT_EQ(
      speaker("Asked about electricity exports to South Korea, he said the talks went on.", "IRN")
          .code,
      "IRN");
  EXPECT_EQ(speaker("The summit was delayed at Iran's request, although officials said it would "
                    "take place.",
                    "PRK")
                .code,
            "PRK");
  // After an apposition the comma is crossed.
  EXPECT_EQ(
      speaker("Jacopof, deputy minister of transportation of Iran, said the route was open.", "PRK")
          .code,
      "IRN");
  // The one told is no speaker; a name the dictionary lacks speaks after "said".
  EXPECT_EQ(
      speaker("Sohrabi, head of the association, told KCNA that the feast began.", "IRN").code,
      "IRN");
  EXPECT_EQ(speaker("The party will develop its ties with the DPRK, said Aleka Papariga, general "
                    "secretary.",
                    "IRN")
                .code,
            "IRN");
}

TEST_F(SpeakerTest, HostileSentences) {
  std::string big;
  while (big.size() < 100000) big += "Iran said \xFF \"the US\" said, ";
  auto s = speaker(big, "PRK");
  EXPECT_TRUE(s.attributed);
  EXPECT_EQ(s.code, "IRN");
}

}  // namespace
}  // namespace fissure
