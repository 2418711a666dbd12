#include "fissure/corpus/jsonl_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "fissure/corpus/reader.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::check_property;
using fissure::testing::drain;

using fissure::testing::gzip;
using fissure::testing::shared_path;
using fissure::testing::TempDir;
using nlohmann::json;

std::vector<ReadStep> read(const std::string& bytes, const ReaderOptions& options = {}) {
  auto r = make_jsonl_reader(memory_input(bytes), "in.jsonl", options);
  return drain(*r);
}

constexpr auto kDoc = ReadStep::Kind::kDocument;
constexpr auto kSkip = ReadStep::Kind::kSkipped;

TEST(JsonlReaderTest, ReadsTheSharedSchema) {
  auto steps =
      read(R"({"id": "kcna-2011-00002", "source": "KCNA", "country": "PRK", "date": "2011-12-01", )"
           R"("title": "Kim Yong Nam to Visit Tanzania", "text": "Kim Yong Nam will visit.", )"
           R"("url": "http://www.kcna.co.jp/x.html", "lang": "en"})"
           "\n");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "kcna-2011-00002");
  EXPECT_EQ(d.source, "KCNA");
  EXPECT_EQ(d.country, "PRK");
  EXPECT_EQ(d.date, (Date{2011, 12, 1}));
  EXPECT_EQ(d.title, "Kim Yong Nam to Visit Tanzania");
  EXPECT_EQ(d.text, "Kim Yong Nam will visit.");
  EXPECT_EQ(d.url, "http://www.kcna.co.jp/x.html");
  EXPECT_EQ(d.lang, "en");
  EXPECT_EQ(d.metadata_json, "");
  EXPECT_EQ(d.origin, "in.jsonl:1");
}

TEST(JsonlReaderTest, UnknownFieldsGoToMetadata) {
  auto steps = read(R"({"id": "a", "text": "t", "session": 73, "topics": ["x"], "speaker": null})");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc);
  json meta = json::parse(steps[0].document.metadata_json);
  EXPECT_EQ(meta["session"], 73);
  EXPECT_EQ(meta["topics"], json::array({"x"}));
  EXPECT_TRUE(meta.contains("speaker"));
}

TEST(JsonlReaderTest, NullFieldsAreEmptyAndDateNullIsNoDate) {
  auto steps = read(R"({"id": "a", "text": "t", "title": null, "date": null})");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.title, "");
  EXPECT_FALSE(steps[0].document.date.has_value());
}

TEST(JsonlReaderTest, NumericIdIsPrinted) {
  auto steps = read(R"({"id": 17, "text": "t"})");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.id, "17");
}

TEST(JsonlReaderTest, MalformedLineIsSkippedAndFollowingLinesRead) {
  auto steps = read(
      "{\"id\": \"a\", \"text\": \"one\"}\n{\"id\": \"b\", \"text\": \n"
      "{\"id\": \"c\", \"text\": \"three\"}\n");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].kind, kDoc);
  ASSERT_EQ(steps[1].kind, kSkip);
  EXPECT_EQ(steps[1].message.rfind("in.jsonl:2: malformed JSON", 0), 0u) << steps[1].message;
  EXPECT_FALSE(steps[1].fatal);
  ASSERT_EQ(steps[2].kind, kDoc);
  EXPECT_EQ(steps[2].document.id, "c");
  EXPECT_EQ(steps[2].document.origin, "in.jsonl:3");
}

// Found by the fuzzer: nlohmann reports an out-of-range number with another exception type.
TEST(JsonlReaderTest, NumberOutOfRangeIsSkipped) {
  auto steps = read("{\"id\": \"a\", \"text\": \"one\", \"n\": 20E2233}\n\"[\n20E2233>8\n{\"id\": \"b\", \"text\": \"two\"}\n");
  ASSERT_EQ(steps.size(), 4u);
  for (int i : {0, 1, 2}) {
    EXPECT_EQ(steps[i].kind, kSkip);
    EXPECT_EQ(steps[i].message.find("in.jsonl:" + std::to_string(i + 1) + ": malformed JSON"), 0u) << steps[i].message;
  }
  EXPECT_EQ(steps[3].kind, kDoc);
}

TEST(JsonlReaderTest, LineThatIsNotAnObjectIsSkipped) {
  auto steps = read("[1, 2]\n");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].kind, kSkip);
}

TEST(JsonlReaderTest, MissingTextIsSkipped) {
  auto steps = read(R"({"id": "a", "title": "no body"})");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "in.jsonl:1: missing \"text\"");
}

TEST(JsonlReaderTest, MissingIdIsSkipped) {
  auto steps = read(R"({"text": "anonymous"})");
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "in.jsonl:1: missing \"id\"");
}

TEST(JsonlReaderTest, NonStringFieldIsSkipped) {
  auto steps = read(R"({"id": "a", "text": "t", "title": {"x": 1}})");
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_NE(steps[0].message.find("\"title\" is not a string"), std::string::npos);
}

TEST(JsonlReaderTest, InvalidUtf8IsSkipped) {
  auto steps = read("{\"id\": \"a\", \"text\": \"caf\xE9\"}\n{\"id\": \"b\", \"text\": \"ok\"}\n");
  ASSERT_EQ(steps.size(), 2u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message.rfind("in.jsonl:1: ", 0), 0u) << steps[0].message;
  EXPECT_EQ(steps[1].kind, kDoc);
}

TEST(JsonlReaderTest, NulByteFromEscapeIsSkipped) {
  auto steps = read(R"({"id": "a", "text": "before\u0000after"})");
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_NE(steps[0].message.find("NUL byte in \"text\""), std::string::npos) << steps[0].message;
}

TEST(JsonlReaderTest, BadDateIsSkipped) {
  auto steps = read(R"({"id": "a", "text": "t", "date": "2023-02-30"})");
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_NE(steps[0].message.find("unparseable date"), std::string::npos) << steps[0].message;
}

TEST(JsonlReaderTest, EmptyFileGivesNothing) { EXPECT_TRUE(read("").empty()); }

TEST(JsonlReaderTest, BlankLinesAreIgnoredButCounted) {
  auto steps = read("\n   \n{\"id\": \"a\", \"text\": \"t\"}\n\n");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.origin, "in.jsonl:3");
}

TEST(JsonlReaderTest, DefaultsFillMissingSourceAndCountry) {
  ReaderOptions o;
  o.default_source = "Tehran Times";
  o.default_country = "IRN";
  auto steps = read(R"({"id": "a", "text": "t"})", o);
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.source, "Tehran Times");
  EXPECT_EQ(steps[0].document.country, "IRN");
}

TEST(JsonlReaderTest, TruncatedGzipIsOneFatalSkipAfterTheGoodRecords) {
  std::string lines;
  for (int i = 0; i < 20000; ++i)
    lines += R"({"id": "r)" + std::to_string(i) + R"(", "text": "record number )" +
             std::to_string(i * 7919) + "\"}\n";
  std::string z = gzip(lines);
  auto steps = read(z.substr(0, z.size() / 2));
  ASSERT_GT(steps.size(), 2u);
  EXPECT_EQ(steps.front().kind, kDoc);
  EXPECT_EQ(steps.back().kind, kSkip);
  EXPECT_TRUE(steps.back().fatal);
  EXPECT_NE(steps.back().message.find("truncated gzip"), std::string::npos);
  size_t fatal = 0;
  for (const auto& s : steps) fatal += s.fatal;
  EXPECT_EQ(fatal, 1u);
}

TEST(JsonlReaderTest, HundredMegabyteLineIsSkippedAsTooLong) {
  TempDir dir;
  std::string path = dir.file("big.jsonl");
  {
    // Written in pieces: the test itself must not hold the line twice.
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs(R"({"id": "big", "text": ")", f);
    std::string chunk(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) std::fwrite(chunk.data(), 1, chunk.size(), f);
    std::fputs("\"}\n{\"id\": \"small\", \"text\": \"after\"}\n", f);
    std::fclose(f);
  }
  auto r = open_reader(path, ReaderOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ReadStep first = (*r)->next();
  ASSERT_EQ(first.kind, kSkip);
  EXPECT_EQ(first.message, path + ":1: record longer than 64 MiB skipped");
  EXPECT_FALSE(first.fatal);
  ReadStep second = (*r)->next();
  ASSERT_EQ(second.kind, kDoc) << second.message;
  EXPECT_EQ(second.document.id, "small");
  EXPECT_EQ(second.document.origin, path + ":2");
  EXPECT_EQ((*r)->next().kind, ReadStep::Kind::kEnd);
}

TEST(JsonlReaderTest, PropertyDocumentsRoundTrip) {
  check_property([](const std::vector<std::pair<std::string, std::string>>& raw) {
    std::string bytes;
    std::vector<std::pair<std::string, std::string>> docs;
    for (size_t i = 0; i < raw.size(); ++i) {
      // Valid text is non-blank; an arbitrary std::string may hold any bytes, so keep ASCII.
      std::string text = "t" + raw[i].second;
      for (char& c : text) c = static_cast<char>(static_cast<unsigned char>(c) % 0x7f + 1);
      std::string extra = raw[i].first;
      for (char& c : extra) c = static_cast<char>(static_cast<unsigned char>(c) % 0x7f + 1);
      json obj = {{"id", "doc-" + std::to_string(i)}, {"text", text}, {"extra", extra}};
      bytes += obj.dump() + "\n";
      docs.emplace_back(text, extra);
    }
    auto steps = read(bytes);
    RC_ASSERT(steps.size() == docs.size());
    for (size_t i = 0; i < docs.size(); ++i) {
      RC_ASSERT(steps[i].kind == kDoc);
      RC_ASSERT(steps[i].document.text == docs[i].first);
      RC_ASSERT(json::parse(steps[i].document.metadata_json)["extra"] == docs[i].second);
    }
  });
}

TEST(JsonlReaderIntegrationTest, KcnaStoriesFirstTwoThousandRecords) {
  auto r = open_reader(shared_path("corpora/kcna_stories/kcna_stories_2011_2012.jsonl.gz"),
                       ReaderOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  for (int i = 0; i < 2000; ++i) {
    ReadStep s = (*r)->next();
    ASSERT_EQ(s.kind, kDoc) << "record " << i + 1 << ": " << s.message;
    const Document& d = s.document;
    EXPECT_EQ(d.id.rfind("kcna-201", 0), 0u) << d.id;
    EXPECT_EQ(d.country, "PRK");
    ASSERT_TRUE(d.date.has_value()) << d.id;
    EXPECT_EQ(d.date->precision(), DatePrecision::kDay);
    EXPECT_TRUE(d.date->year == 2011 || d.date->year == 2012);
    EXPECT_FALSE(d.text.empty());
  }
  EXPECT_GT((*r)->bytes_read(), 0u);
}

}  // namespace
}  // namespace fissure
