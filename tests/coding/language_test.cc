#include "fissure/coding/language.h"

#include <gtest/gtest.h>

namespace fissure {
namespace {

TEST(SentenceLanguage, EnglishProseAndHeadlines) {
  EXPECT_EQ(sentence_language("The DPRK and Iran signed an agreement on cooperation in science and technology.", ""), "en");
  EXPECT_EQ(sentence_language("Kim Jong Un Visits Factory", ""), "en");
  EXPECT_EQ(sentence_language("", ""), "en");
}

TEST(SentenceLanguage, OtherScriptsAndLanguagesAreNotCoded) {
  EXPECT_EQ(sentence_language("김정은 동지께서 공장을 현지지도하시였다", ""), "und-script");
  EXPECT_EQ(sentence_language("رهبر انقلاب اسلامی در دیدار با مسئولان نظام", ""), "und-script");
  EXPECT_EQ(sentence_language("Le président de la République a reçu une délégation iranienne venue de Téhéran hier.", ""),
            "und");
  EXPECT_EQ(sentence_language("El gobierno de Irán firmó un acuerdo comercial con la delegación coreana ayer.", ""),
            "und");
}

TEST(SentenceLanguage, TheDocumentsTagWinsWhenNotEnglish) {
  EXPECT_EQ(sentence_language("The DPRK and Iran signed an agreement.", "fr"), "fr");
  EXPECT_EQ(sentence_language("The DPRK and Iran signed an agreement.", "en-GB"), "en");
}

TEST(SentenceLanguage, InvalidUtf8AndHugeInputDoNotCrash) {
  EXPECT_EQ(sentence_language("\xff\xfe the of and to in", ""), "en");
  std::string huge(100000, 'a');
  EXPECT_EQ(sentence_language(huge, ""), "en");  // one word: too short to judge
}

}  // namespace
}  // namespace fissure

namespace fissure {
namespace {

TEST(SentenceLanguage, NamesAndInitialsDoNotMakeEnglishLookForeign) {
  EXPECT_EQ(sentence_language("Zarif toured Africa last October, visiting South Africa, Uganda, and Niger.", ""), "en");
  EXPECT_EQ(sentence_language("U.S. piracy on DPRK trading cargo ship denounced", ""), "en");
  EXPECT_EQ(sentence_language("G.S. Kim Jong Il looks round programs", ""), "en");
}

}  // namespace
}  // namespace fissure
