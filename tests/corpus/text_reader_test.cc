#include "fissure/corpus/text_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "fissure/corpus/reader.h"
#include "fissure/corpus/record_check.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::check_property;
using fissure::testing::drain;

using fissure::testing::gzip;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

std::vector<ReadStep> read(const std::string& bytes, const std::string& path,
                           const ReaderOptions& options = {}) {
  auto r = make_text_reader(memory_input(bytes), path, options);
  return drain(*r);
}

constexpr auto kDoc = ReadStep::Kind::kDocument;
constexpr auto kSkip = ReadStep::Kind::kSkipped;

TEST(TextReaderTest, WholeFileIsOneDocumentNamedByItsStem) {
  auto steps = read("Line one.\n\nLine two.\n", "speeches/notes.txt");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "notes");
  EXPECT_EQ(d.text, "Line one.\n\nLine two.\n");
  EXPECT_EQ(d.origin, "speeches/notes.txt");
  EXPECT_FALSE(d.date.has_value());
  EXPECT_EQ(d.country, "");
  EXPECT_EQ(d.metadata_json, "");
}

TEST(TextReaderTest, ByteOrderMarkIsStripped) {
  auto steps = read("\xEF\xBB\xBFHello", "a.txt");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.text, "Hello");
}

TEST(TextReaderTest, UngdcNameGivesCountrySessionAndYear) {
  auto steps = read("Mr. President, ...", "TXT/Session 73 - 2018/IRN_73_2018.txt");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "ungdc-IRN_73_2018");
  EXPECT_EQ(d.country, "IRN");
  ASSERT_TRUE(d.date.has_value());
  EXPECT_EQ(*d.date, (Date{2018, 0, 0}));
  EXPECT_EQ(d.date->precision(), DatePrecision::kYear);
  EXPECT_EQ(d.source, "UNGDC");
  EXPECT_EQ(json::parse(d.metadata_json), (json{{"session", 73}, {"year", 2018}}));
}

TEST(TextReaderTest, UngdcIdDoesNotCollideWithSharedCorpusIds) {
  auto steps = read("text", "ARG_01_1946.txt");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.id, "ungdc-ARG_01_1946");
  EXPECT_NE(steps[0].document.id, "ungdc-ARG-01-1946");
  EXPECT_EQ(json::parse(steps[0].document.metadata_json)["session"], 1);
}

TEST(TextReaderTest, DefaultSourceWinsOverUngdc) {
  ReaderOptions o;
  o.default_source = "UN General Assembly";
  auto steps = read("text", "PRK_78_2023.txt", o);
  EXPECT_EQ(steps[0].document.source, "UN General Assembly");
}

TEST(TextReaderTest, CountryFromUngdcNameWinsOverDefault) {
  ReaderOptions o;
  o.default_country = "USA";
  auto steps = read("text", "PRK_78_2023.txt", o);
  EXPECT_EQ(steps[0].document.country, "PRK");
}

TEST(TextReaderTest, NamesOutsideTheUngdcLayoutUseTheStem) {
  for (const char* name : {"irn_73_2018.txt", "IRN_73_18.txt", "IRAN_73_2018.txt",
                           "IRN-73-2018.txt", "IRN__2018.txt", "IRN_7a_2018.txt"}) {
    auto steps = read("text", name);
    ASSERT_EQ(steps[0].kind, kDoc) << name;
    EXPECT_EQ(steps[0].document.id.rfind("ungdc-", 0), std::string::npos) << name;
    EXPECT_EQ(steps[0].document.country, "") << name;
    EXPECT_FALSE(steps[0].document.date.has_value()) << name;
  }
}

TEST(TextReaderTest, DefaultsApplyToPlainFiles) {
  ReaderOptions o;
  o.default_source = "Khamenei.ir";
  o.default_country = "IRN";
  auto steps = read("text", "speech.txt", o);
  EXPECT_EQ(steps[0].document.source, "Khamenei.ir");
  EXPECT_EQ(steps[0].document.country, "IRN");
}

TEST(TextReaderTest, CompressionSuffixIsNotPartOfTheStem) {
  TempDir dir;
  write_file(dir.file("IRN_73_2018.txt.gz"), gzip("Compressed speech."));
  auto r = open_reader(dir.file("IRN_73_2018.txt.gz"), ReaderOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  auto steps = drain(**r);
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.id, "ungdc-IRN_73_2018");
  EXPECT_EQ(steps[0].document.text, "Compressed speech.");
}

TEST(TextReaderTest, OversizedFileIsSkipped) {
  ReaderOptions o;
  o.max_record_bytes = 10;
  auto steps = read(std::string(100, 'x'), "big.txt", o);
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "big.txt: file larger than 10 bytes skipped");
}

TEST(TextReaderTest, InvalidUtf8IsSkippedWithItsLine) {
  auto steps = read("fine\nbad \xFF here\n", "x.txt");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "x.txt:2: invalid UTF-8 at byte 9");
}

TEST(TextReaderTest, NulByteIsSkipped) {
  auto steps = read(std::string("a\0b", 3), "x.txt");
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "x.txt: NUL byte in \"text\"");
}

TEST(TextReaderTest, EmptyFileIsSkipped) {
  auto steps = read("", "empty.txt");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "empty.txt: record has no text");
}

TEST(TextReaderTest, WhitespaceOnlyFileIsSkipped) {
  auto steps = read(" \n\t\r\n", "blank.txt");
  ASSERT_EQ(steps[0].kind, kSkip);
}

TEST(TextReaderTest, TruncatedGzipIsFatal) {
  std::string z = gzip(std::string(1 << 20, 'q'));
  auto steps = read(z.substr(0, z.size() / 2), "x.txt");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(steps[0].fatal);
}

TEST(TextReaderTest, PropertyValidTextReadsBackExactly) {
  check_property([](const std::string& raw, bool bom) {
    // Any bytes, made valid UTF-8 by keeping ASCII and adding multibyte characters.
    std::string text = "x";
    for (char c : raw) {
      auto u = static_cast<unsigned char>(c);
      if (u == 0) continue;
      if (u < 0x80)
        text += c;
      else
        text += u % 2 ? "\xD0\x96" : "\xE2\x82\xAC";
    }
    auto steps = read((bom ? "\xEF\xBB\xBF" : "") + text, "p.txt");
    RC_ASSERT(steps.size() == 1u);
    RC_ASSERT(steps[0].kind == kDoc);
    RC_ASSERT(steps[0].document.text == text);
    RC_ASSERT(check_document(steps[0].document).is_ok());
  });
}

}  // namespace
}  // namespace fissure
