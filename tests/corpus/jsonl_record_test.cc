// The single-pass JSON Lines parser against nlohmann's reading (the reference): whatever line the
// fast parser accepts, the reference accepts with the same fields; plain lines take the fast path.
#include "../../src/corpus/jsonl_record.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "test_support.h"

namespace fissure::corpus_internal {
namespace {

using fissure::testing::check_property;

void expect_same(const JsonlFields& fast, const JsonlFields& reference, const std::string& line) {
  EXPECT_EQ(fast.id, reference.id) << line;
  EXPECT_EQ(fast.source, reference.source) << line;
  EXPECT_EQ(fast.country, reference.country) << line;
  EXPECT_EQ(fast.title, reference.title) << line;
  EXPECT_EQ(fast.text, reference.text) << line;
  EXPECT_EQ(fast.url, reference.url) << line;
  EXPECT_EQ(fast.lang, reference.lang) << line;
  EXPECT_EQ(fast.date, reference.date) << line;
  EXPECT_EQ(fast.metadata_json, reference.metadata_json) << line;
}

// Whether the fast parser took the line; when it did, the reference must agree.
bool agrees(const std::string& line) {
  JsonlFields fast, reference;
  if (!parse_jsonl_fast(line, &fast)) return false;
  Status st = parse_jsonl_reference(line, &reference);
  EXPECT_TRUE(st.is_ok()) << line << ": " << st.message();
  expect_same(fast, reference, line);
  return true;
}

TEST(JsonlRecordTest, PlainLinesTakeTheFastPath) {
  const std::vector<std::string> lines = {
      R"({"id": "a", "text": "t"})",
      R"(  {"id":"a","source":"KCNA","country":"PRK","date":"2011-12-01","title":null,"text":"t","url":null,"lang":"en"}  )",
      R"({"id": "a", "text": "t", "english_prob": 0.9999971389770508, "row_index": 12, "p": 1})",
      R"({"id": "a", "text": "t", "f": 1.0, "g": 1e2, "h": -2.5E-3, "i": 0.1, "j": 123456789012345678})",
      R"({"id": "a", "text": "t", "topics": ["x", "y"], "alt": [], "n": [1, [2, [true, false, null]]]})",
      R"({"id": "a", "text": "say \"hi\"\n\ttab \\ \/ \u00e9 \ud83d\ude00 \u0001 \u007f", "m": "q\"\u0000\u001f\b\f\r"})",
      R"({"id": "é", "text": "Ünïcode – 한국어 😀", "zz": "ä", "aa": "b", "Ab": 1, "\u00e9": 2})",
      R"({"text": "t", "id": "a", "z": null, "b": true, "c": false, "d": "", "e": -7})",
      "{\"id\": \"a\",\r\n\t\"text\": \"t\"}\r",
      R"({})",
      R"({"id": "a"})",
  };
  for (const auto& line : lines) EXPECT_TRUE(agrees(line)) << line;
}

TEST(JsonlRecordTest, UnusualLinesGoToTheReference) {
  const std::vector<std::string> lines = {
      "",
      "[]",
      "\"x\"",
      "\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"t\"}",
      R"({"id": 17, "text": "t"})",
      R"({"id": "a", "text": "t", "id": "b"})",
      R"({"id": "a", "text": "t", "x": 1, "x": 2})",
      R"({"id": "a", "text": "t", "o": {"b": 1, "a": 2}})",
      R"({"id": "a", "text": "t", "n": -0})",
      R"({"id": "a", "text": "t", "n": 12345678901234567890})",
      R"({"id": "a", "text": "t", "n": 1E9999})",
      R"({"id": "a", "text": "t", "n": 1e-400})",  // nlohmann keeps strtod's 0; from_chars says out
                                                   // of range
      R"({"id": "a", "text": "t", "n": 01})",
      R"({"id": "a", "text": "t", "n": 1.})",
      R"({"id": "a", "text": "t", "n": .5})",
      R"({"id": "a", "text": "t", "n": +1})",
      R"({"id": "a", "text": "\ud800"})",
      R"({"id": "a", "text": "\udc00x"})",
      R"({"id": "a", "text": "\ud800\u0041"})",
      R"({"id": "a", "text": "\x"})",
      R"({"id": "a", "text": "\u12"})",
      "{\"id\": \"a\", \"text\": \"bad \xC3\x28 utf\"}",
      "{\"id\": \"a\", \"text\": \"overlong \xE0\x80\xAF\"}",
      "{\"id\": \"a\", \"text\": \"surrogate \xED\xA0\x80\"}",
      "{\"id\": \"a\", \"text\": \"raw \x01 control\"}",
      std::string("{\"id\": \"a\", \"text\": \"nul ") + '\0' + " byte\"}",
      R"({"id": "a", "text": "t"} x)",
      R"({"id": "a", "text": "t",})",
      R"({"id": "a" "text": "t"})",
      R"({"id": "a", "text": "t")",
      R"({"id": "a", "text": tru})",
      R"({"id": "a", "text": "t", "b": nul})",
      R"({"id": "a", "text": ["t"]})",
      R"({"id": "a", "text": "t", "a": [1,]})",
      "{\"id\": \"a\", \"text\": \"t\"}\x0b",
  };
  for (const auto& line : lines) EXPECT_FALSE(agrees(line)) << line;
}

// Random records built from pieces that stress escapes, numbers and key order: the fast parser
// may decline any of them, but never disagree.
TEST(JsonlRecordTest, NeverDisagreesOnGeneratedRecords) {
  check_property([] {
    const std::vector<std::string> keys = {"\"id\"",   "\"text\"",    "\"title\"",
                                           "\"date\"", "\"m\"",       "\"a\\u0062\"",
                                           "\"b\"",    "\"\\u00e9\"", "\"Z\""};
    const std::vector<std::string> values = {"\"x\"",
                                             "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
                                             "\"\\u0000\\u001F\\u007f\\u00FF\"",
                                             "\"\\ud83d\\ude00\"",
                                             "null",
                                             "true",
                                             "false",
                                             "0",
                                             "-1",
                                             "1.5",
                                             "1e3",
                                             "2.5E-7",
                                             "0.30000000000000004",
                                             "123456789012345678",
                                             "1234567890123456789",
                                             "[]",
                                             "[1,\"a\",[null]]",
                                             "{\"k\":1}",
                                             "\"\xC3\xA9\"",
                                             "\"\xF0\x9F\x98\x80\"",
                                             "1.7976931348623157e308",
                                             "5e-324",
                                             "-0.0",
                                             "100000000000000000000.0"};
    auto picks = *rc::gen::container<std::vector<std::pair<size_t, size_t>>>(rc::gen::pair(
        rc::gen::inRange<size_t>(0, keys.size()), rc::gen::inRange<size_t>(0, values.size())));
    std::string line = "{";
    for (size_t i = 0; i < picks.size(); ++i) {
      if (i) line += *rc::gen::elementOf(std::vector<std::string>{",", " , ", ",\n"});
      line += keys[picks[i].first] + ":" + values[picks[i].second];
    }
    line += "}";
    JsonlFields fast, reference;
    if (parse_jsonl_fast(line, &fast)) {
      RC_ASSERT(parse_jsonl_reference(line, &reference).is_ok());
      RC_ASSERT(fast.id == reference.id && fast.text == reference.text &&
                fast.title == reference.title && fast.date == reference.date &&
                fast.metadata_json == reference.metadata_json);
    }
  });
}

// Metadata floats: the fast path converts and prints them itself, so any double, in any of the
// spellings JSON allows, must come out as nlohmann prints it.
TEST(JsonlRecordTest, FloatsPrintAsNlohmannPrintsThem) {
  check_property([] {
    auto bits = *rc::gen::arbitrary<uint64_t>();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    RC_PRE(std::isfinite(value));
    const char* formats[] = {"%.17g", "%.6g", "%.3e", "%.20E", "%.1f"};
    for (const char* format : formats) {
      char number[512];
      std::snprintf(number, sizeof number, format, value);
      std::string line = std::string(R"({"id": "a", "text": "t", "x": )") + number + "}";
      JsonlFields fast, reference;
      if (!parse_jsonl_fast(line, &fast)) continue;
      RC_ASSERT(parse_jsonl_reference(line, &reference).is_ok());
      RC_ASSERT(fast.metadata_json == reference.metadata_json);
    }
  });
}

}  // namespace
}  // namespace fissure::corpus_internal
