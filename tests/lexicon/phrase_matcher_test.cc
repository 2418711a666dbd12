#include "fissure/lexicon/phrase_matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "fissure/text/words.h"
#include "test_support.h"

namespace fissure {
namespace {

const char* const kFixture =
    "[PRK] state North Korea\n"
    "North Korea\n"
    "DPRK\n"
    "Democratic People's Republic of Korea\n"
    "[KOR] state South Korea\n"
    "South Korea\n"
    "[KOR] state Korea\n"  // a separate entry, so that the longest-match rule is visible
    "Korea\n"
    "[PRK] leader Kim Jong Un from=2011-12-17\n"
    "Kim Jong-un\n"
    "[USA] state United States\n"
    "=US\n"
    "United States\n"
    "[MEX] state Mexico\n"
    "Mexico\n"
    "[-] discard\n"
    "New Mexico\n"
    "[IRN] state Iran\n"
    "Iran\n"
    "=İran\n"
    "[ECO] org Economy\n"
    "sanction*\n"
    "[SUI] state Switzerland\n"
    "Zürich\n"
    "[DOT] org U.S. Government\n"
    "U.S.\n";

std::shared_ptr<const PhraseMatcher> fixture_matcher() {
  auto d = PhraseDictionary::parse(kFixture, "fixture.txt");
  EXPECT_TRUE(d.problems().empty()) << d.problems().front().to_string();
  auto m = PhraseMatcher::compile({std::move(d)});
  EXPECT_TRUE(m.is_ok()) << m.status().message();
  return *m;
}

// (matched text, entry code) pairs of the winning matches.
std::vector<std::pair<std::string, std::string>> coded(const PhraseMatcher& m,
                                                       std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& x : m.find(text)) {
    out.emplace_back(std::string(text.substr(x.begin, x.end - x.begin)), m.entry(x).code);
  }
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(PhraseMatcherTest, MatchesOnlyOnTokenBoundaries) {
  auto m = fixture_matcher();
  EXPECT_EQ(coded(*m, "Iran and Iranian ties; Irangate; (Iran)"),
            (Pairs{{"Iran", "IRN"}, {"Iran", "IRN"}}));
  EXPECT_EQ(coded(*m, "xDPRK DPRKx 1DPRK DPRK1 DPRK."), (Pairs{{"DPRK", "PRK"}}));
  EXPECT_EQ(coded(*m, "anti-Iran"), (Pairs{{"Iran", "IRN"}}));
  EXPECT_EQ(coded(*m, "Irané"), Pairs{});  // a non-ASCII letter continues the word
}

TEST(PhraseMatcherTest, CaseRules) {
  auto m = fixture_matcher();
  EXPECT_EQ(coded(*m, "NORTH KOREA and north korea"),
            (Pairs{{"NORTH KOREA", "PRK"}, {"north korea", "PRK"}}));
  EXPECT_EQ(coded(*m, "the US and us"), (Pairs{{"US", "USA"}}));
  EXPECT_EQ(coded(*m, "Us"), Pairs{});
  EXPECT_EQ(coded(*m, "ZÜRICH zürich"), (Pairs{{"ZÜRICH", "SUI"}, {"zürich", "SUI"}}));
  EXPECT_EQ(coded(*m, "İran"), (Pairs{{"İran", "IRN"}}));
}

TEST(PhraseMatcherTest, HyphensAndSpacesAreInterchangeable) {
  auto m = fixture_matcher();
  EXPECT_EQ(coded(*m, "Kim Jong Un, Kim Jong-un, Kim-Jong-Un, Kim Jong\u2010un, Kim  Jong\nun"),
            (Pairs{{"Kim Jong Un", "PRK"},
                   {"Kim Jong-un", "PRK"},
                   {"Kim-Jong-Un", "PRK"},
                   {"Kim Jong\u2010un", "PRK"},
                   {"Kim  Jong\nun", "PRK"}}));
  EXPECT_EQ(coded(*m, "North-Korea"), (Pairs{{"North-Korea", "PRK"}}));
  EXPECT_EQ(coded(*m, "KimJongUn"), Pairs{});
}

TEST(PhraseMatcherTest, PossessivesAndTypographicApostrophes) {
  auto m = fixture_matcher();
  EXPECT_EQ(coded(*m, "Iran's nuclear programme and Iran\u2019s allies"),
            (Pairs{{"Iran", "IRN"}, {"Iran", "IRN"}}));
  EXPECT_EQ(coded(*m, "the Democratic People\u2019s Republic of Korea's army"),
            (Pairs{{"Democratic People\u2019s Republic of Korea", "PRK"}}));
}

TEST(PhraseMatcherTest, LongestMatchWinsAndDiscardsSuppress) {
  auto m = fixture_matcher();
  EXPECT_EQ(coded(*m, "North Korea and South Korea, not Korea"),
            (Pairs{{"North Korea", "PRK"}, {"South Korea", "KOR"}, {"Korea", "KOR"}}));
  EXPECT_EQ(coded(*m, "New Mexico is not Mexico"), (Pairs{{"Mexico", "MEX"}}));
  EXPECT_EQ(coded(*m, "U.S. officials"), (Pairs{{"U.S.", "DOT"}}));
  // The candidates still show what lost.
  auto all = m->candidates("North Korea");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].begin, 0u);
  EXPECT_EQ(all[1].begin, 6u);
}

TEST(PhraseMatcherTest, PrefixPatternsExtendToTheEndOfTheWord) {
  auto m = fixture_matcher();
  EXPECT_EQ(coded(*m, "sanctions, sanctioned, sanction; unsanctioned"),
            (Pairs{{"sanctions", "ECO"}, {"sanctioned", "ECO"}, {"sanction", "ECO"}}));
}

TEST(PhraseMatcherTest, ReportsEntryAndPatternLine) {
  auto m = fixture_matcher();
  auto found = m->find("Kim Jong Un");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 10);
  EXPECT_EQ(m->entry(found[0]).name, "Kim Jong Un");
  EXPECT_EQ(m->dictionaries()[found[0].dictionary].name(), "fixture.txt");
}

TEST(PhraseMatcherTest, FilteredEntriesDoNotWin) {
  auto m = fixture_matcher();
  auto no_prk = [&](uint32_t d, uint32_t e) {
    return m->dictionaries()[d].entries()[e].code != "PRK";
  };
  auto found = m->find("North Korea", no_prk);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(m->entry(found[0]).code, "KOR");
}

TEST(PhraseMatcherTest, HostileInputsNeverCrash) {
  auto m = fixture_matcher();
  EXPECT_TRUE(m->find("").empty());
  EXPECT_EQ(coded(*m, "\xFF\xFE Iran \xC3 DPRK\xE2\x80"),
            (Pairs{{"Iran", "IRN"}, {"DPRK", "PRK"}}));
  std::string big;
  while (big.size() < 100000) big += "North Korea-Korea ---- sanctions \xF0\x9F\x98\x80 ";
  auto found = m->find(big);
  EXPECT_GT(found.size(), 5000u);
  std::string hyphens(100000, '-');
  EXPECT_TRUE(m->find(hyphens).empty());
  std::string nul("Iran\0Iran", 9);
  EXPECT_EQ(m->find(nul).size(), 2u);
}

TEST(PhraseMatcherTest, SeveralDictionariesResolveOverlapsSeparately) {
  auto actors = PhraseDictionary::parse(
      "[KPA] org Korean People's Army country=PRK\n"
      "Korean People's Army\n",
      "a");
  auto domains = PhraseDictionary::parse("[military] domain Military\narmy\n", "d");
  auto m = PhraseMatcher::compile({std::move(actors), std::move(domains)});
  ASSERT_TRUE(m.is_ok());
  auto found = (*m)->find("the Korean People's Army said");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].dictionary, 0u);
  EXPECT_EQ(found[1].dictionary, 1u);
  EXPECT_EQ(found[1].begin, 20u);
}

TEST(PhraseMatcherTest, EmptyDictionaryMatchesNothing) {
  auto m = PhraseMatcher::compile({PhraseDictionary::parse("", "empty")});
  ASSERT_TRUE(m.is_ok());
  EXPECT_EQ((*m)->pattern_count(), 0u);
  EXPECT_TRUE((*m)->find("anything").empty());
}

TEST(PhraseMatcherTest, ThreadsShareOneCompiledMatcher) {
  auto m = fixture_matcher();
  std::vector<size_t> counts(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) counts[t] += m->find("North Korea and Iran's US ties").size();
    });
  }
  for (auto& th : threads) th.join();
  for (size_t c : counts) EXPECT_EQ(c, 2000u * 3);
}

// A reference matcher written for clarity, not speed: tries every pattern at every character.
// It knows the small alphabet the property below draws from; the text comes as its characters
// (code points, or a lone invalid byte) so that no UTF-8 decoding is needed here.
bool ref_word(const std::string& c) {
  return c == "\u00e9" || c == "\u00c9" ||
         (c.size() == 1 && std::isalnum(static_cast<unsigned char>(c[0])));
}
bool ref_sep(const std::string& c) { return c == " " || c == "-" || c == "\n"; }
bool ref_apos(const std::string& c) { return c == "'" || c == "\u2019"; }

std::vector<std::string> pattern_chars(std::string_view p) {
  std::vector<std::string> out;
  for (size_t i = 0; i < p.size();) {
    auto c = static_cast<unsigned char>(p[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.emplace_back(p.substr(i, len));
    i += len;
  }
  return out;
}

// Characters of text[i...] the pattern covers, or -1.
long ref_match_at(const PhrasePattern& pat, const std::vector<std::string>& text, size_t i) {
  auto p = pattern_chars(pat.text);
  size_t a = 0, b = i;
  while (a < p.size()) {
    if (b >= text.size()) return -1;
    if (ref_sep(p[a])) {
      while (a < p.size() && ref_sep(p[a])) ++a;
      if (!ref_sep(text[b])) return -1;
      while (b < text.size() && ref_sep(text[b])) ++b;
      continue;
    }
    bool same = ref_apos(p[a])       ? ref_apos(text[b])
                : pat.case_sensitive ? p[a] == text[b]
                                     : fold_case(p[a]) == fold_case(text[b]);
    if (!same) return -1;
    ++a;
    ++b;
  }
  return static_cast<long>(b - i);
}

std::vector<PhraseMatch> ref_candidates(const PhraseDictionary& d,
                                        const std::vector<std::string>& text) {
  std::vector<uint32_t> offset = {0};
  for (const auto& c : text) offset.push_back(offset.back() + static_cast<uint32_t>(c.size()));
  std::vector<PhraseMatch> out;
  for (uint32_t e = 0; e < d.entries().size(); ++e) {
    for (const auto& pat : d.entries()[e].patterns) {
      for (size_t i = 0; i < text.size(); ++i) {
        if (i > 0 && ref_word(text[i - 1]) && ref_word(pattern_chars(pat.text).front())) continue;
        long len = ref_match_at(pat, text, i);
        if (len < 0) continue;
        size_t end = i + static_cast<size_t>(len);
        if (pat.prefix) {
          while (end < text.size() && ref_word(text[end])) ++end;
        } else if (end < text.size() && ref_word(text[end]) &&
                   ref_word(pattern_chars(pat.text).back())) {
          continue;
        }
        out.push_back({offset[i], offset[end], 0, e, pat.line, pat.case_sensitive});
      }
    }
  }
  return out;
}

std::vector<PhraseMatch> ref_find(const PhraseDictionary& d, const std::vector<std::string>& text) {
  auto left = ref_candidates(d, text);
  auto better = [](const PhraseMatch& a, const PhraseMatch& b) {
    uint32_t la = a.end - a.begin, lb = b.end - b.begin;
    if (la != lb) return la > lb;
    if (a.case_sensitive != b.case_sensitive) return a.case_sensitive;
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.entry != b.entry) return a.entry < b.entry;
    return a.line < b.line;
  };
  std::vector<PhraseMatch> won;
  while (!left.empty()) {
    auto best = std::min_element(left.begin(), left.end(), better);
    PhraseMatch w = *best;
    won.push_back(w);
    std::erase_if(left, [&](const PhraseMatch& m) { return m.begin < w.end && w.begin < m.end; });
  }
  std::erase_if(won, [&](const PhraseMatch& m) { return d.entries()[m.entry].is_discard(); });
  std::sort(won.begin(), won.end(),
            [](const PhraseMatch& a, const PhraseMatch& b) { return a.begin < b.begin; });
  return won;
}

std::vector<PhraseMatch> sorted(std::vector<PhraseMatch> v) {
  std::sort(v.begin(), v.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
    return std::tie(a.begin, a.end, a.entry, a.line) < std::tie(b.begin, b.end, b.entry, b.line);
  });
  return v;
}

TEST(PhraseMatcherTest, PropertyAgreesWithAReferenceMatcher) {
  testing::check_property([] {
    const std::vector<std::string> tokens = {"a", "ab", "ba", "B", "é", "Éa", "a1", "b's", "x.y"};
    const std::vector<std::string> seps = {" ", "-", " - "};
    const std::vector<std::string> text_pieces = {"a", "b", "A",  "B",    "é",      "É",
                                                  "1", " ", "-",  "'",    "\u2019", ".",
                                                  "x", "y", "\n", "\xFF", "s"};
    int entries = *rc::gen::inRange(1, 5);
    std::string dict;
    for (int e = 0; e < entries; ++e) {
      bool discard = *rc::gen::inRange(0, 5) == 0;
      dict += discard ? "[-] discard\n" : "[E" + std::to_string(e) + "] org E\n";
      int patterns = *rc::gen::inRange(1, 4);
      for (int p = 0; p < patterns; ++p) {
        std::string line = *rc::gen::inRange(0, 4) == 0 ? "=" : "";
        int n = *rc::gen::inRange(1, 4);
        for (int t = 0; t < n; ++t) {
          if (t) line += *rc::gen::elementOf(seps);
          line += *rc::gen::elementOf(tokens);
        }
        if (*rc::gen::inRange(0, 5) == 0) line += "*";
        dict += line + "\n";
      }
    }
    auto d = PhraseDictionary::parse(dict, "random");
    auto m = PhraseMatcher::compile({d});
    RC_ASSERT(m.is_ok());
    auto pieces = *rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(text_pieces));
    std::string text;
    for (const auto& p : pieces) text += p;
    RC_ASSERT(sorted((*m)->candidates(text)) == sorted(ref_candidates(d, pieces)));
    RC_ASSERT((*m)->find(text) == ref_find(d, pieces));
  });
}

}  // namespace
}  // namespace fissure
