// Word spans and case folding, as the full-text index sees words.
#include "fissure/text/words.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fissure {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (const Span& s : word_spans(text)) out.emplace_back(text.substr(s.start, s.end - s.start));
  return out;
}

TEST(WordsTest, AsciiWordSpans) {
  auto spans = word_spans("Hello, world! 42");
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (Span{0, 5}));
  EXPECT_EQ(spans[1], (Span{7, 12}));
  EXPECT_EQ(spans[2], (Span{14, 16}));
}

TEST(WordsTest, EmptyAndPunctuationOnlyTextHaveNoWords) {
  EXPECT_TRUE(word_spans("").empty());
  EXPECT_TRUE(word_spans(" ... -- !? ").empty());
}

TEST(WordsTest, MultiByteWords) {
  EXPECT_EQ(words("Пхеньян и Тегеран, 김정은 café"),
            (std::vector<std::string>{"Пхеньян", "и", "Тегеран", "김정은", "café"}));
}

TEST(WordsTest, CombiningMarksStayInTheWord) {
  // "e" + COMBINING ACUTE ACCENT.
  EXPECT_EQ(words("caf\u0065\u0301 noir"), (std::vector<std::string>{"caf\u0065\u0301", "noir"}));
}

TEST(WordsTest, ApostropheAndPunctuationSplitWords) {
  EXPECT_EQ(words("Iran’s U.S.-led anti-imperialist"),
            (std::vector<std::string>{"Iran", "s", "U", "S", "led", "anti", "imperialist"}));
}

TEST(WordsTest, WordAtTheEndOfText) {
  auto spans = word_spans("to Iran");
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1], (Span{3, 7}));
}

TEST(WordsTest, FoldCaseAscii) {
  EXPECT_EQ(fold_case("IRAN"), "iran");
  EXPECT_EQ(fold_case("Iran"), "iran");
  EXPECT_EQ(fold_case("iran"), "iran");
}

TEST(WordsTest, FoldCaseDottedCapitalI) {
  // The header's contract: "İran" and "IRAN" fold like "iran".
  EXPECT_EQ(fold_case("İRAN"), "iran");
  EXPECT_EQ(fold_case("İran"), fold_case("IRAN"));
}

TEST(WordsTest, FoldCaseKeepsTheApostrophe) {
  EXPECT_EQ(fold_case("Iran’s"), "iran’s");
  EXPECT_EQ(fold_case("IRAN’S"), "iran’s");
}

TEST(WordsTest, FoldCaseNonLatin) {
  EXPECT_EQ(fold_case("ПХЕНЬЯН"), "пхеньян");
  EXPECT_EQ(fold_case("Straße"), fold_case("straße"));
  EXPECT_EQ(fold_case("ΣΟΦΙΑ"), fold_case("σοφια"));
}

TEST(WordsTest, FoldCaseOfInvalidUtf8DropsBadBytes) {
  // Invalid bytes never crash folding and never produce invalid output.
  std::string out =
      fold_case(std::string("AB\xff\xfe"
                            "C",
                            5));
  EXPECT_EQ(out, "abc");
}

}  // namespace
}  // namespace fissure
