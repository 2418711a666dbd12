#include "fissure/lexicon/lexicoder.h"

#include <gtest/gtest.h>

#include "fissure/lexicon/phrase_matcher.h"
#include "test_support.h"

namespace fissure {
namespace {

TEST(LexicoderTest, ParsesCategoriesWildcardsAndMultiWordEntries) {
  auto d = parse_lexicoder(
      "+negative#FF0000\r\n a lie\r\n abandon*\r\n heckl**\r\n+positive#00BB00\r\n abid*\r\n",
      "mini.lc3");
  EXPECT_TRUE(d.problems().empty());
  ASSERT_EQ(d.entries().size(), 2u);
  EXPECT_EQ(d.entries()[0].code, "negative");
  EXPECT_EQ(d.entries()[0].kind, "category");
  ASSERT_EQ(d.entries()[0].patterns.size(), 3u);
  EXPECT_EQ(d.entries()[0].patterns[0].text, "a lie");
  EXPECT_FALSE(d.entries()[0].patterns[0].prefix);
  EXPECT_EQ(d.entries()[0].patterns[1].text, "abandon");
  EXPECT_TRUE(d.entries()[0].patterns[1].prefix);
  EXPECT_EQ(d.entries()[0].patterns[2].text, "heckl");
  EXPECT_EQ(d.entries()[1].patterns[0].line, 6);
}

TEST(LexicoderTest, ReportsMalformedLines) {
  auto d = parse_lexicoder(" orphan\n+bad name#00\n skipped\n+neg\n *\n ab*c\n \xFF\n ok\n+empty\n",
                           "bad.lc3");
  std::vector<int> lines;
  for (const auto& p : d.problems()) lines.push_back(p.line);
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 5, 6, 7, 9}));
  ASSERT_EQ(d.entries().size(), 2u);
  EXPECT_EQ(d.entries()[0].patterns.size(), 1u);
}

TEST(LexicoderTest, DetectsTheFormat) {
  EXPECT_TRUE(looks_like_lexicoder("\n+negative#FF0000\r\n a\r\n"));
  EXPECT_FALSE(looks_like_lexicoder("[PRK] state North Korea\n"));
  EXPECT_FALSE(looks_like_lexicoder(""));
}

TEST(LexicoderTest, MatchesThroughThePhraseMatcher) {
  auto d = parse_lexicoder("+negative\n a lie\n abandon*\n lie\n+positive\n benefit*\n", "m.lc3");
  auto m = PhraseMatcher::compile({d});
  ASSERT_TRUE(m.is_ok());
  std::string text = "They abandoned the plan: a lie, Abandonment, benefits.";
  std::vector<std::string> got;
  for (const auto& x : (*m)->find(text)) {
    got.push_back((*m)->entry(x).code + ":" + text.substr(x.begin, x.end - x.begin));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"negative:abandoned", "negative:a lie",
                                           "negative:Abandonment", "positive:benefits"}));
}

// The LSD2015 file is under a restricted licence: read from ../shared, never copied.
TEST(LexicoderTest, LoadsTheLexicoderSentimentDictionary) {
  if (!testing::shared_available()) GTEST_SKIP() << "shared data missing";
  auto d = load_lexicoder_file(testing::shared_path("reference/lsd2015/LSD2015.lc3"));
  ASSERT_TRUE(d.is_ok()) << d.status().message();
  ASSERT_EQ(d->entries().size(), 2u);
  EXPECT_EQ(d->entries()[0].code, "negative");
  EXPECT_EQ(d->entries()[0].patterns.size(), 2858u);
  EXPECT_EQ(d->entries()[1].patterns.size(), 1709u);
  EXPECT_TRUE(d->problems().empty()) << d->problems().front().to_string();
  auto m = PhraseMatcher::compile({std::move(*d)});
  ASSERT_TRUE(m.is_ok());
  EXPECT_EQ((*m)->pattern_count(), 4567u);
  auto found = (*m)->find("The imperialists' vicious sanctions are a crime, a lie and a disgrace.");
  EXPECT_GE(found.size(), 3u);
}

}  // namespace
}  // namespace fissure
