#include "fissure/corpus/csv_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

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
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

std::vector<ReadStep> read(const std::string& bytes, const ReaderOptions& options = {},
                           const std::string& name = "t.csv") {
  auto r = make_csv_reader(memory_input(bytes), name, options);
  return drain(*r);
}

constexpr auto kDoc = ReadStep::Kind::kDocument;
constexpr auto kSkip = ReadStep::Kind::kSkipped;

TEST(CsvReaderTest, ColumnsNamedLikeFieldsMapToThem) {
  auto steps = read(
      "id,source,country,date,title,text,url,lang\n"
      "k1,KCNA,PRK,2011-12-01,A title,The body.,http://x/1,en\n");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "k1");
  EXPECT_EQ(d.source, "KCNA");
  EXPECT_EQ(d.country, "PRK");
  EXPECT_EQ(d.date, (Date{2011, 12, 1}));
  EXPECT_EQ(d.title, "A title");
  EXPECT_EQ(d.text, "The body.");
  EXPECT_EQ(d.url, "http://x/1");
  EXPECT_EQ(d.lang, "en");
  EXPECT_EQ(d.metadata_json, "");
  EXPECT_EQ(d.origin, "t.csv:2");
}

TEST(CsvReaderTest, HeaderMatchIsCaseInsensitive) {
  auto steps = read("ID,Text, Title \n1,body,head\n");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.id, "1");
  EXPECT_EQ(steps[0].document.text, "body");
  EXPECT_EQ(steps[0].document.title, "head");
}

TEST(CsvReaderTest, OtherColumnsGoToMetadataWithEmptyAsNull) {
  auto steps = read("id,text,author,page\n1,hello,Ann,\n");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  json meta = json::parse(steps[0].document.metadata_json);
  EXPECT_EQ(meta["author"], "Ann");
  EXPECT_TRUE(meta["page"].is_null());
  EXPECT_EQ(meta.size(), 2u);
}

TEST(CsvReaderTest, ColumnOptionMapsFieldsToOtherHeaders) {
  ReaderOptions o;
  o.csv_columns = {{"text", "body"}, {"id", "key"}, {"date", "published"}};
  auto steps = read("key,published,body,text\nA7,2020-05,the story,not the text\n", o);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "A7");
  EXPECT_EQ(d.text, "the story");
  EXPECT_EQ(d.date, (Date{2020, 5, 0}));
  // "text" is not the text column any more, so it is kept as metadata.
  EXPECT_EQ(json::parse(d.metadata_json)["text"], "not the text");
}

TEST(CsvReaderTest, QuotedDelimiterStaysInField) {
  auto steps = read("id,text\n1,\"one, two, three\"\n");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.text, "one, two, three");
}

TEST(CsvReaderTest, DoubledQuoteIsOneQuote) {
  auto steps = read("id,text\n1,\"he said \"\"no\"\"\"\n");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.text, "he said \"no\"");
}

TEST(CsvReaderTest, QuoteInsideUnquotedFieldIsLiteral) {
  auto steps = read("id,text\n1,a 5\" floppy\n");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "a 5\" floppy");
}

TEST(CsvReaderTest, QuotedNewlineStaysInField) {
  auto steps = read("id,text\n1,\"first paragraph\nsecond paragraph\"\n");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.text, "first paragraph\nsecond paragraph");
}

TEST(CsvReaderTest, OriginNamesTheLineWhereTheRecordStarts) {
  auto steps = read("id,text\n1,\"a\nb\nc\"\n2,d\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.origin, "t.csv:2");
  EXPECT_EQ(steps[1].document.origin, "t.csv:5");
}

TEST(CsvReaderTest, CrlfLineEndsAreStripped) {
  auto steps = read("id,text\r\n1,one\r\n2,\"two\"\r\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.text, "one");
  EXPECT_EQ(steps[1].document.text, "two");
  EXPECT_EQ(steps[1].document.origin, "t.csv:3");
}

TEST(CsvReaderTest, LoneCarriageReturnIsData) {
  auto steps = read("id,text\n1,a\rb\n");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "a\rb");
}

TEST(CsvReaderTest, ByteOrderMarkIsSkipped) {
  auto steps = read("\xEF\xBB\xBFid,text\n1,x\n");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.id, "1");
  EXPECT_EQ(steps[0].document.metadata_json, "");
}

TEST(CsvReaderTest, DelimiterOptionIsHonoured) {
  ReaderOptions o;
  o.csv_delimiter = ';';
  auto steps = read("id;text\n1;a, b\n", o);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "a, b");
}

TEST(CsvReaderTest, QuoteAsDelimiterIsFatal) {
  ReaderOptions o;
  o.csv_delimiter = '"';
  auto steps = read("id\"text\n1\"x\n", o);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(steps[0].fatal);
  EXPECT_EQ(steps[0].message, "t.csv:1: unusable CSV delimiter (quote, line end or NUL)");
}

TEST(CsvReaderTest, TsvExtensionSelectsTabs) {
  TempDir dir;
  write_file(dir.file("x.tsv"), "id\ttext\n1\ta, b\n");
  auto r = open_reader(dir.file("x.tsv"), ReaderOptions{});
  ASSERT_TRUE(r.is_ok());
  auto steps = drain(**r);
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "a, b");
}

TEST(CsvReaderTest, GzipCompressedCsvIsRead) {
  auto steps = read(gzip("id,text\n1,zipped\n"));
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].document.text, "zipped");
}

TEST(CsvReaderTest, ShortFieldsAreTrimmedTextIsNot) {
  auto steps = read("id,country,text\n  7 , PRK ,  spaced text  \n");
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.id, "7");
  EXPECT_EQ(steps[0].document.country, "PRK");
  EXPECT_EQ(steps[0].document.text, "  spaced text  ");
}

TEST(CsvReaderTest, DefaultsFillEmptySourceAndCountry) {
  ReaderOptions o;
  o.default_source = "Rodong Sinmun";
  o.default_country = "PRK";
  auto steps = read("id,source,text\n1,,a\n2,KCNA,b\n", o);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.source, "Rodong Sinmun");
  EXPECT_EQ(steps[0].document.country, "PRK");
  EXPECT_EQ(steps[1].document.source, "KCNA");
}

TEST(CsvReaderTest, Rfc822DatesAreAccepted) {
  auto steps = read("id,date,text\n1,\"Tue, 10 Jun 2003 04:00:00 GMT\",x\n");
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.date, (Date{2003, 6, 10}));
}

TEST(CsvReaderTest, WrongColumnCountIsSkippedAndReadingContinues) {
  auto steps = read("id,text\n1,a\n2,b,extra\n3\n4,d\n");
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].kind, kDoc);
  ASSERT_EQ(steps[1].kind, kSkip);
  EXPECT_EQ(steps[1].message, "t.csv:3: expected 2 fields, found 3");
  EXPECT_FALSE(steps[1].fatal);
  ASSERT_EQ(steps[2].kind, kSkip);
  EXPECT_EQ(steps[2].message, "t.csv:4: expected 2 fields, found 1");
  EXPECT_EQ(steps[3].document.id, "4");
}

TEST(CsvReaderTest, MissingIdIsSkipped) {
  auto steps = read("id,text\n ,body\n");
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "t.csv:2: missing id");
}

TEST(CsvReaderTest, MissingTextIsSkipped) {
  auto steps = read("id,text\n1,\n2,\"\"\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].message, "t.csv:2: missing text");
  EXPECT_EQ(steps[1].message, "t.csv:3: missing text");
}

TEST(CsvReaderTest, WhitespaceOnlyTextIsSkipped) {
  auto steps = read("id,text\n1,\"  \n \"\n");
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_NE(steps[0].message.find("no text"), std::string::npos) << steps[0].message;
}

TEST(CsvReaderTest, BadDateIsSkipped) {
  auto steps = read("id,date,text\n1,2023-02-30,x\n2,2023-02-28,y\n");
  ASSERT_EQ(steps.size(), 2u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message.rfind("t.csv:2: unparseable date \"2023-02-30\"", 0), 0u)
      << steps[0].message;
  EXPECT_EQ(steps[1].kind, kDoc);
}

TEST(CsvReaderTest, InvalidUtf8IsSkippedNamingTheColumn) {
  auto steps = read("id,text,note\n1,caf\xE9,x\n2,ok,\xFF\n3,fine,y\n");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].message, "t.csv:2: invalid UTF-8 in column \"text\" at byte 3");
  EXPECT_EQ(steps[1].message, "t.csv:3: invalid UTF-8 in column \"note\" at byte 0");
  EXPECT_EQ(steps[2].kind, kDoc);
}

TEST(CsvReaderTest, UnterminatedQuoteAtEndOfFileIsSkipped) {
  auto steps = read("id,text\n1,ok\n2,\"never closed\n3,swallowed\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].kind, kDoc);
  ASSERT_EQ(steps[1].kind, kSkip);
  EXPECT_EQ(steps[1].message, "t.csv:3: unterminated quoted field at end of file");
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsSkipped) {
  auto steps = read("id,text\n1,\"quoted\" tail\n2,next\n");
  ASSERT_EQ(steps.size(), 2u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "t.csv:2: malformed quoted field: text after the closing quote");
  EXPECT_EQ(steps[1].document.id, "2");
}

TEST(CsvReaderTest, WithoutIdColumnIdsAreStemAndRecordNumber) {
  auto steps = read("text\nfirst\n\nsecond\n", {}, "dir/news.csv");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.id, "news:1");
  EXPECT_EQ(steps[1].document.id, "news:2");
  EXPECT_EQ(steps[1].document.origin, "dir/news.csv:4");
}

TEST(CsvReaderTest, GeneratedIdsCountSkippedRecordsToo) {
  auto steps = read("text,date\na,bad\nb,2020\n", {}, "n.csv");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[1].document.id, "n:2");
}

TEST(CsvReaderTest, MissingTextColumnIsFatal) {
  auto steps = read("id,body\n1,x\n");
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_TRUE(steps[0].fatal);
  EXPECT_EQ(steps[0].message.rfind("t.csv:1: no \"text\" column", 0), 0u) << steps[0].message;
}

TEST(CsvReaderTest, MappedColumnMissingFromHeaderIsFatal) {
  ReaderOptions o;
  o.csv_columns = {{"text", "body"}};
  auto steps = read("id,text\n1,x\n", o);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(steps[0].fatal);
  EXPECT_EQ(steps[0].message, "t.csv:1: column \"body\" (mapped to text) is not in the header");
}

TEST(CsvReaderTest, MappingAnUnknownFieldIsFatal) {
  ReaderOptions o;
  o.csv_columns = {{"headline", "title"}};
  auto steps = read("id,title,text\n1,x,y\n", o);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(steps[0].fatal);
  EXPECT_NE(steps[0].message.find("unknown field \"headline\""), std::string::npos);
}

TEST(CsvReaderTest, EmptyFileReportsMissingHeader) {
  auto steps = read("");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(steps[0].fatal);
  EXPECT_EQ(steps[0].message, "t.csv:1: no header row (empty file)");
}

TEST(CsvReaderTest, HeaderOnlyGivesNoDocuments) { EXPECT_TRUE(read("id,text\n").empty()); }

TEST(CsvReaderTest, BlankLinesAreIgnored) {
  auto steps = read("id,text\n\n1,a\r\n\r\n\n2,b\n\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.origin, "t.csv:3");
  EXPECT_EQ(steps[1].document.origin, "t.csv:6");
}

TEST(CsvReaderTest, LastRecordWithoutNewlineIsRead) {
  auto steps = read("id,text\n1,end");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].document.text, "end");
}

TEST(CsvReaderTest, OverlongRecordIsSkippedAndReadingContinues) {
  ReaderOptions o;
  o.max_record_bytes = 100;
  std::string big(10000, 'x');
  auto steps = read("id,text\n1,short\n2,\"" + big + "\n" + big + "\"\n3,after\n", o);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].kind, kDoc);
  ASSERT_EQ(steps[1].kind, kSkip);
  EXPECT_EQ(steps[1].message, "t.csv:3: record longer than 100 bytes skipped");
  ASSERT_EQ(steps[2].kind, kDoc);
  EXPECT_EQ(steps[2].document.text, "after");
  EXPECT_EQ(steps[2].document.origin, "t.csv:5");
}

TEST(CsvReaderTest, OverlongRecordMessageUsesMebibytes) {
  ReaderOptions o;
  o.max_record_bytes = 1 << 20;
  auto steps = read("id,text\n1," + std::string((1 << 20) + 10, 'y') + "\n", o);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].message, "t.csv:2: record longer than 1 MiB skipped");
}

TEST(CsvReaderTest, TruncatedGzipIsOneFatalSkip) {
  std::string csv = "id,text\n";
  for (int i = 0; i < 50000; ++i)
    csv += std::to_string(i) + ",row " + std::to_string(i * 31) + "\n";
  std::string z = gzip(csv);
  auto steps = read(z.substr(0, z.size() / 2));
  ASSERT_GT(steps.size(), 1u);
  EXPECT_EQ(steps.back().kind, kSkip);
  EXPECT_TRUE(steps.back().fatal);
  EXPECT_NE(steps.back().message.find("truncated gzip"), std::string::npos);
  for (size_t i = 0; i + 1 < steps.size(); ++i) ASSERT_EQ(steps[i].kind, kDoc);
}

// Quotes a field the way any RFC 4180 writer would.
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

TEST(CsvReaderTest, PropertyQuotedTableReadsBackFieldForField) {
  const auto cell = rc::gen::container<std::string>(
      rc::gen::element<char>('a', 'z', ' ', ',', ';', '"', '\n', '\r', '\t', '\''));
  check_property([&] {
    size_t extra_columns = *rc::gen::inRange<size_t>(0, 4);
    size_t rows = *rc::gen::inRange<size_t>(0, 20);
    bool crlf = *rc::gen::arbitrary<bool>();
    std::string eol = crlf ? "\r\n" : "\n";
    std::string csv = "id,text";
    for (size_t c = 0; c < extra_columns; ++c) {
      csv += ",m";
      csv += std::to_string(c);
    }
    csv += eol;
    std::vector<std::vector<std::string>> table;
    for (size_t r = 0; r < rows; ++r) {
      std::vector<std::string> row;
      std::string id = "r";
      id += std::to_string(r);
      row.push_back(std::move(id));
      std::string text = "x";  // never blank
      text += *cell;
      text += "\xC3\xA9";  // and one multibyte character
      row.push_back(std::move(text));
      for (size_t c = 0; c < extra_columns; ++c) row.push_back(*cell);
      for (size_t c = 0; c < row.size(); ++c) {
        if (c) csv += ',';
        csv += quote(row[c]);
      }
      csv += eol;
      table.push_back(std::move(row));
    }
    auto steps = read(csv);
    RC_ASSERT(steps.size() == rows);
    for (size_t r = 0; r < rows; ++r) {
      RC_ASSERT(steps[r].kind == kDoc);
      RC_ASSERT(steps[r].document.id == table[r][0]);
      RC_ASSERT(steps[r].document.text == table[r][1]);
      if (extra_columns == 0) continue;
      json meta = json::parse(steps[r].document.metadata_json);
      for (size_t c = 0; c < extra_columns; ++c) {
        std::string key = "m";
        key += std::to_string(c);
        const json& v = meta[key];
        if (table[r][c + 2].empty())
          RC_ASSERT(v.is_null());
        else
          RC_ASSERT(v == table[r][c + 2]);
      }
    }
  });
}

}  // namespace
}  // namespace fissure
