#include "fissure/lexicon/phrase_dictionary.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace fissure {
namespace {

std::vector<std::string> problem_strings(const PhraseDictionary& d) {
  std::vector<std::string> out;
  for (const auto& p : d.problems()) out.push_back(p.to_string());
  return out;
}

TEST(PhraseDictionaryTest, ParsesTheDocumentedExample) {
  auto d = PhraseDictionary::parse(
      "# A comment line.\n"
      "[PRK] state North Korea\n"
      "DPRK\n"
      "Democratic People's Republic of Korea  # the official name\n"
      "north Korean\n"
      "\n"
      "[PRK] leader Kim Jong Un from=2011-12-17\n"
      "Kim Jong Un\n"
      "=Marshal Kim\n"
      "[IRGC] org Islamic Revolutionary Guard Corps country=IRN\n"
      "IRGC\n"
      "[-] discard\n"
      "New Mexico\n",
      "actors.txt");
  EXPECT_TRUE(d.problems().empty()) << ::testing::PrintToString(problem_strings(d));
  ASSERT_EQ(d.entries().size(), 4u);
  const auto& prk = d.entries()[0];
  EXPECT_EQ(prk.code, "PRK");
  EXPECT_EQ(prk.kind, "state");
  EXPECT_EQ(prk.name, "North Korea");
  EXPECT_EQ(prk.country, "PRK");
  EXPECT_EQ(prk.line, 2);
  ASSERT_EQ(prk.patterns.size(), 3u);
  EXPECT_EQ(prk.patterns[1].text, "Democratic People's Republic of Korea");
  EXPECT_EQ(prk.patterns[1].line, 4);
  const auto& kim = d.entries()[1];
  EXPECT_EQ(kim.kind, "leader");
  EXPECT_EQ(kim.country, "PRK");
  ASSERT_TRUE(kim.from.has_value());
  EXPECT_EQ(kim.from->to_string(), "2011-12-17");
  EXPECT_FALSE(kim.to.has_value());
  EXPECT_TRUE(kim.patterns[1].case_sensitive);
  EXPECT_EQ(kim.patterns[1].text, "Marshal Kim");
  EXPECT_EQ(d.entries()[2].country, "IRN");
  EXPECT_EQ(d.entries()[2].name, "Islamic Revolutionary Guard Corps");
  EXPECT_TRUE(d.entries()[3].is_discard());
  EXPECT_EQ(d.pattern_count(), 7u);
}

TEST(PhraseDictionaryTest, ReportsMalformedLinesAndGoesOn) {
  auto d = PhraseDictionary::parse(
      "orphan pattern\n"                      // 1: before any header
      "[prk] state North Korea\n"             // 2: lower-case state code
      "Pyongyang\n"                           // 3: skipped silently with its header
      "[PRK] empire North Korea\n"            // 4: unknown kind
      "[USA] state United States\n"           // 5: fine
      "United States\n"                       // 6
      "*\n"                                   // 7: no letter
      "Amer*ica\n"                            // 8: star inside
      "[-] state Nothing\n"                   // 9: '-' outside discard
      "[KIMJU] leader Kim\n"                  // 10: leader without a country
      "[IRN] state Iran from=2020-13\n"       // 11: bad date
      "[IRN] state Iran colour=green\n"       // 12: unknown attribute
      "[IRN] state Iran from=2020 to=2019\n"  // 13: from after to
      "[XYZ state Broken\n"                   // 14: no ']'
      "[AB] org\n",                           // 15: no patterns
      "bad.txt");
  std::vector<int> lines;
  for (const auto& p : d.problems()) lines.push_back(p.line);
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  EXPECT_EQ(d.problems()[0].to_string(), "bad.txt:1: pattern line before any header");
  ASSERT_EQ(d.entries().size(), 2u);
  EXPECT_EQ(d.entries()[0].code, "USA");
  EXPECT_EQ(d.entries()[0].patterns.size(), 1u);
}

TEST(PhraseDictionaryTest, DuplicatesAreErrorsOnlyWhenTheEntriesShareADate) {
  auto d = PhraseDictionary::parse(
      "[PRK] leader Kim Il Sung to=1994-07-08\n"
      "President Kim\n"
      "[PRK] official Kim Jong Il from=1994-07\n"  // overlaps in July 1994
      "President-Kim\n"                            // same key after hyphen folding
      "[KOR] leader Kim Dae-jung from=1998 to=2003\n"
      "president kim\n"  // no overlap with Kim Il Sung; Kim Jong Il's copy was dropped
      "[USA] state United States\n"
      "USA\n"
      "=US\n"
      "usa\n",  // duplicate inside one entry
      "dup.txt");
  ASSERT_EQ(d.problems().size(), 2u);
  EXPECT_EQ(d.problems()[0].line, 4);
  EXPECT_NE(d.problems()[0].reason.find("line 2"), std::string::npos);
  EXPECT_EQ(d.problems()[1].line, 10);
  EXPECT_EQ(d.entries()[1].patterns.size(), 0u);
}

TEST(PhraseDictionaryTest, DateValidityUsesTheWholeRangeADateCanMean) {
  auto d = PhraseDictionary::parse("[PRK] leader Kim Jong Un from=2011-12-17\nKim Jong Un\n", "x");
  const auto& e = d.entries().at(0);
  EXPECT_TRUE(e.valid_on(Date{}));  // undated
  EXPECT_TRUE(e.valid_on(Date{2011, 0, 0}));
  EXPECT_TRUE(e.valid_on(Date{2011, 12, 0}));
  EXPECT_FALSE(e.valid_on(Date{2011, 11, 0}));
  EXPECT_FALSE(e.valid_on(Date{2011, 12, 16}));
  EXPECT_TRUE(e.valid_on(Date{2011, 12, 17}));
  EXPECT_TRUE(e.valid_on(Date{2024, 1, 1}));
}

TEST(PhraseDictionaryTest, ToleratesCrlfBomTabsAndBadBytes) {
  auto d = PhraseDictionary::parse(
      "\xEF\xBB\xBF[IRN]\tstate\tIran\r\nIran\r\n\tIslamic Republic\t\r\nTeh\xFFran\r\n", "crlf");
  ASSERT_EQ(d.entries().size(), 1u);
  EXPECT_EQ(d.entries()[0].name, "Iran");
  ASSERT_EQ(d.entries()[0].patterns.size(), 2u);
  EXPECT_EQ(d.entries()[0].patterns[1].text, "Islamic Republic");
  ASSERT_EQ(d.problems().size(), 1u);
  EXPECT_EQ(d.problems()[0].line, 4);
}

TEST(PhraseDictionaryTest, PatternKeyFoldsCaseSeparatorsAndApostrophes) {
  EXPECT_EQ(pattern_key({"Kim Jong-un", 1, false, false}), "kim jong un");
  EXPECT_EQ(pattern_key({"People\xE2\x80\x99s  Army", 1, false, false}), "people's army");
  EXPECT_EQ(pattern_key({"US", 1, true, false}), "=US");
  EXPECT_EQ(pattern_key({"sanction", 1, false, true}), "sanction*");
}

TEST(PhraseDictionaryTest, LoadFileReportsAMissingFile) {
  auto r = PhraseDictionary::load_file("/nonexistent/dict.txt");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  testing::TempDir dir;
  testing::write_file(dir.file("d.txt"), "[IRN] state Iran\nIran\n");
  auto ok = PhraseDictionary::load_file(dir.file("d.txt"));
  ASSERT_TRUE(ok.is_ok());
  EXPECT_EQ(ok->name(), dir.file("d.txt"));
  EXPECT_EQ(ok->pattern_count(), 1u);
}

TEST(PhraseDictionaryTest, BuiltinDomainsLoadWithoutProblems) {
  auto d = PhraseDictionary::load_builtin("domains.fissure.txt");
  ASSERT_TRUE(d.is_ok()) << d.status().message();
  std::vector<std::string> problems;
  for (const auto& p : d->problems()) problems.push_back(p.to_string());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
  size_t domains = 0;
  for (const auto& e : d->entries()) domains += e.kind == "domain";
  EXPECT_EQ(domains, 6u);
  EXPECT_GE(d->pattern_count(), 200u);
  EXPECT_EQ(PhraseDictionary::load_builtin("no-such.txt").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace fissure
