// SentenceSplitter: ICU sentence boundaries as byte offsets into the original text.
#include "fissure/text/sentence_splitter.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace fissure {
namespace {

std::unique_ptr<SentenceSplitter> make_splitter() {
  auto s = SentenceSplitter::create();
  EXPECT_TRUE(s.is_ok()) << s.status().message();
  return std::move(*s);
}

std::vector<std::string> sentences(std::string_view text) {
  auto splitter = make_splitter();
  std::vector<std::string> out;
  for (const Span& s : splitter->split(text))
    out.emplace_back(text.substr(s.start, s.end - s.start));
  return out;
}

// Length of the white-space character at s[i] (ASCII or the Unicode spaces the generator below
// uses, and the other common ones), or 0.
size_t space_len(std::string_view s, size_t i) {
  auto u = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  unsigned char c = u(i);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && (u(i + 1) == 0xA0 || u(i + 1) == 0x85)) return 2;  // NBSP, NEL
  if (c == 0xE2 && u(i + 1) == 0x80 &&
      ((u(i + 2) >= 0x80 && u(i + 2) <= 0x8A) ||  // U+2000..U+200A
       u(i + 2) == 0xA8 || u(i + 2) == 0xA9 ||    // LS, PS
       u(i + 2) == 0xAF))                         // NNBSP
    return 3;
  if (c == 0xE3 && u(i + 1) == 0x80 && u(i + 2) == 0x80) return 3;  // ideographic space
  return 0;
}

bool starts_with_space(std::string_view s) { return !s.empty() && space_len(s, 0) > 0; }

bool ends_with_space(std::string_view s) {
  if (s.empty()) return false;
  // Find the start of the last UTF-8 character.
  size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return space_len(s, i) == s.size() - i;
}

// True when s holds no letter: nothing but white space, ASCII digits, punctuation and symbols.
// The splitter may leave exactly that out (comma runs, fragments without letters such as a lone
// "(", "-0-" or a paragraph number "48."), never a letter or other non-ASCII character.
bool no_letters(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = space_len(s, i);
    if (n == 0) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80 || std::isalpha(c)) return false;
      n = 1;
    }
    i += n;
  }
  return true;
}

TEST(SentenceSplitterTest, EmptyTextHasNoSentences) {
  auto splitter = make_splitter();
  EXPECT_TRUE(splitter->split("").empty());
  EXPECT_TRUE(splitter->split("   \n\t  ").empty());
}

TEST(SentenceSplitterTest, SplitsPlainSentences) {
  EXPECT_EQ(sentences("The sun rose. It was cold! Was it? Yes."),
            (std::vector<std::string>{"The sun rose.", "It was cold!", "Was it?", "Yes."}));
}

TEST(SentenceSplitterTest, AbbreviationsDoNotEndSentences) {
  EXPECT_EQ(sentences("Mr. Kim met U.S. officials."),
            (std::vector<std::string>{"Mr. Kim met U.S. officials."}));
}

TEST(SentenceSplitterTest, AbbreviationsInsideLongerText) {
  EXPECT_EQ(sentences("Mr. Kim met U.S. officials. They talked for an hour."),
            (std::vector<std::string>{"Mr. Kim met U.S. officials.", "They talked for an hour."}));
}

TEST(SentenceSplitterTest, LineBreaksEndSentences) {
  EXPECT_EQ(sentences("A headline without a stop\nThe body begins here. It goes on\r\nand on"),
            (std::vector<std::string>{"A headline without a stop", "The body begins here.",
                                      "It goes on", "and on"}));
}

TEST(SentenceSplitterTest, LineBreakAfterAbbreviationEndsSentence) {
  EXPECT_EQ(sentences("They chose plan B.\nIt failed."),
            (std::vector<std::string>{"They chose plan B.", "It failed."}));
  EXPECT_EQ(sentences("Talks with Mr.\nKim began."),
            (std::vector<std::string>{"Talks with Mr.", "Kim began."}));
}

TEST(SentenceSplitterTest, LineBreaksEndSentencesInAListOfShortLines) {
  // A list of headlines without full stops: every line is its own sentence.
  const std::vector<std::string> lines = {
      "Kim Jong Un Inspects Fish Farm", "Delegation Leaves for Iran",
      "Floral Basket to Statues",       "Greetings to Lao President",
      "Meeting Marks Anniversary",      "Art Troupe Performs in Tehran"};
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  EXPECT_EQ(sentences(text), lines);
}

TEST(SentenceSplitterTest, SpansAreTrimmedByteOffsets) {
  std::string text = "   Hello world.   Second one.  \n";
  auto splitter = make_splitter();
  auto spans = splitter->split(text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (Span{3, 15}));
  EXPECT_EQ(spans[1], (Span{18, 29}));
}

TEST(SentenceSplitterTest, OffsetsAreBytesInMultiByteText) {
  std::string text = "Пхеньян заявил. 김정은 위원장이 말했다.";
  auto splitter = make_splitter();
  auto spans = splitter->split(text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(text.substr(spans[0].start, spans[0].end - spans[0].start), "Пхеньян заявил.");
  EXPECT_EQ(text.substr(spans[1].start, spans[1].end - spans[1].start), "김정은 위원장이 말했다.");
  EXPECT_EQ(spans[1].end, text.size());
}

TEST(SentenceSplitterTest, UnicodeSpacesAreTrimmed) {
  // NBSP after the full stop, ideographic space before the second sentence.
  std::string text = "First sentence.\u00A0 \u3000Second sentence.\u00A0";
  auto got = sentences(text);
  EXPECT_EQ(got, (std::vector<std::string>{"First sentence.", "Second sentence."}));
}

TEST(SentenceSplitterTest, CommaRunsAreParagraphBreaks) {
  auto got = sentences("of the Republic., ,  The message said:, ,  I extend greetings.");
  ASSERT_EQ(got.size(), 3u) << ::testing::PrintToString(got);
  for (const auto& s : got) EXPECT_EQ(s.find(", ,"), std::string::npos) << s;
  EXPECT_EQ(got[0], "of the Republic.");
  EXPECT_EQ(got[1], "The message said:");
  EXPECT_EQ(got[2], "I extend greetings.");
}

TEST(SentenceSplitterTest, TrailingCommaRunIsDropped) {
  // The shape of the KCNA 2011-2012 stories: text, then a run of commas.
  auto got = sentences(
      "Kim Yong Nam will soon pay an official goodwill visit to Tanzania. , , ,  , , , , ,");
  EXPECT_EQ(got, (std::vector<std::string>{
                     "Kim Yong Nam will soon pay an official goodwill visit to Tanzania."}));
}

TEST(SentenceSplitterTest, SingleCommaIsProse) {
  EXPECT_EQ(sentences("Iran, Syria and Cuba, among others, attended."),
            (std::vector<std::string>{"Iran, Syria and Cuba, among others, attended."}));
}

TEST(SentenceSplitterTest, OverlongSentenceIsCutAtWordBoundaries) {
  std::string text;
  while (text.size() < 3 * SentenceSplitter::kMaxSentenceBytes)
    text += "word" + std::to_string(text.size() % 97) + " ";
  text += "end.";
  auto splitter = make_splitter();
  auto spans = splitter->split(text);
  ASSERT_GE(spans.size(), 3u);
  for (size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    EXPECT_LE(s.end - s.start, SentenceSplitter::kMaxSentenceBytes);
    // Cut before a space (or at the end): never inside a word.
    EXPECT_TRUE(s.end == text.size() || text[s.end] == ' ')
        << "span " << i << " ends inside a word";
    EXPECT_NE(text[s.start], ' ');
    if (i > 0) {
      EXPECT_GE(s.start, spans[i - 1].end);
    }
  }
  EXPECT_EQ(spans.front().start, 0u);
  EXPECT_EQ(spans.back().end, text.size());
}

TEST(SentenceSplitterTest, OverlongRunWithoutSpacesIsCutAtCharacterBoundaries) {
  std::string text;
  while (text.size() < 2 * SentenceSplitter::kMaxSentenceBytes + 100) text += "가";  // 3 bytes each
  auto splitter = make_splitter();
  auto spans = splitter->split(text);
  ASSERT_GE(spans.size(), 3u);
  size_t covered = 0;
  for (const Span& s : spans) {
    EXPECT_LE(s.end - s.start, SentenceSplitter::kMaxSentenceBytes);
    EXPECT_EQ((s.end - s.start) % 3, 0u) << "cut inside a character";
    EXPECT_EQ(s.start, covered);
    covered = s.end;
  }
  EXPECT_EQ(covered, text.size());
}

// Random texts from fragments that stress the splitter: ASCII and multi-byte words, white space,
// sentence punctuation, line breaks and comma runs. With unicode_spaces, also NBSP, ideographic
// space, em space and LINE SEPARATOR.
rc::Gen<std::string> gen_text(bool unicode_spaces) {
  static const std::vector<std::string> kFragments = {
      "Kim",      "met",  "U.S.", "Mr.",    "officials", "Iran", "Пхеньян", "김정은", "café",
      "Tehran’s", "—",    "\"",   "(",      ")",         ".",    ". ",      "!",      "?",
      "...",      ",",    ", ,",  ", , , ", ":",         ";",    " ",       "  ",     "\t",
      "\n",       "\r\n", "\n\n", "a",      "1990",      "No.",  "e.g.",    "-0-"};
  static const std::vector<std::string> kUnicodeSpaces = {"\u00A0", "\u3000", "\u2003", "\u2028"};
  const size_t choices = kFragments.size() + (unicode_spaces ? kUnicodeSpaces.size() : 0);
  return rc::gen::map(rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, choices)),
                      [](const std::vector<size_t>& picks) {
                        std::string s;
                        for (size_t i : picks)
                          s += i < kFragments.size() ? kFragments[i]
                                                     : kUnicodeSpaces[i - kFragments.size()];
                        return s;
                      });
}

// The splitter's contract on one text, as RapidCheck assertions.
void check_spans(const std::string& text) {
  static auto splitter = make_splitter();
  auto spans = splitter->split(text);
  uint32_t prev_end = 0;
  for (const Span& s : spans) {
    RC_ASSERT(s.start < s.end);
    RC_ASSERT(s.end <= text.size());
    RC_ASSERT(s.start >= prev_end);  // increasing, not overlapping
    std::string_view sentence = std::string_view(text).substr(s.start, s.end - s.start);
    RC_ASSERT(!sentence.empty());
    RC_ASSERT(!starts_with_space(sentence));
    RC_ASSERT(!ends_with_space(sentence));
    // What lies between sentences has no letters: no text is lost.
    RC_ASSERT(no_letters(std::string_view(text).substr(prev_end, s.start - prev_end)));
    prev_end = s.end;
  }
  RC_ASSERT(no_letters(std::string_view(text).substr(prev_end)));
}

RC_GTEST_PROP(SentenceSplitterTest, SpansCutTheOriginalTextExactly, ()) {
  check_spans(*gen_text(false));
}

RC_GTEST_PROP(SentenceSplitterTest, SpansCutTheOriginalTextExactlyWithUnicodeSpaces, ()) {
  check_spans(*gen_text(true));
}

// Outside hard-wrapped text (short lines that often go on in lower case: there a lone line break
// is a space), every line break ends a sentence. Lines here start in upper case.
RC_GTEST_PROP(SentenceSplitterTest, LineBreaksEndSentencesOutsideWrappedText, ()) {
  std::string text = *gen_text(false);
  for (size_t i = 0; i < text.size(); ++i)
    if ((i == 0 || text[i - 1] == '\n') && text[i] >= 'a' && text[i] <= 'z') text[i] = static_cast<char>(text[i] - 32);
  static auto splitter = make_splitter();
  for (const Span& s : splitter->split(text))
    RC_ASSERT(std::string_view(text).substr(s.start, s.end - s.start).find('\n') ==
              std::string_view::npos);
}

RC_GTEST_PROP(SentenceSplitterTest, NoSentenceContainsACommaRun, ()) {
  const std::string text = *gen_text(true);
  static auto splitter = make_splitter();
  for (const Span& s : splitter->split(text)) {
    std::string_view sentence = std::string_view(text).substr(s.start, s.end - s.start);
    // Two commas separated only by spaces/tabs never survive inside a sentence.
    for (size_t i = 0; i < sentence.size(); ++i) {
      if (sentence[i] != ',') continue;
      size_t j = i + 1;
      while (j < sentence.size() && (sentence[j] == ' ' || sentence[j] == '\t')) ++j;
      RC_ASSERT(!(j < sentence.size() && sentence[j] == ','));
    }
  }
}

}  // namespace
TEST(SentenceSplitterTest, HardWrappedLinesAreJoined) {
  auto splitter = make_splitter();
  const std::string text =
      "Please accept my\ncongratulations, Sir, on your election to the presidency,\nand my assurances that "
      "Kiribati will support you during\nyour term of office. I would also like to take this\nopportunity to "
      "thank the outgoing President, Mr. Jean\nPing, for his able and effective leadership during the\n"
      "fifty-ninth session.\n";
  auto spans = splitter->split(text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(text.substr(spans[1].start, spans[1].end - spans[1].start).rfind("I would also", 0), 0u);
}

}  // namespace fissure
