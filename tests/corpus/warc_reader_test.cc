#include "fissure/corpus/warc_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
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

std::vector<ReadStep> read(const std::string& bytes, const ReaderOptions& options = {}) {
  auto r = make_warc_reader(memory_input(bytes), "w.warc", options);
  return drain(*r);
}

constexpr auto kDoc = ReadStep::Kind::kDocument;
constexpr auto kSkip = ReadStep::Kind::kSkipped;

struct Record {
  std::string type = "response";
  std::string uri = "http://example.org/a";
  std::string id = "<urn:uuid:00000000-0000-0000-0000-000000000001>";
  std::string date = "2024-01-02T10:00:00Z";
  std::string content_type = "application/http; msgtype=response";
  std::string version = "WARC/1.1";
  std::string extra_headers;
  std::string block;
};

std::string warc(const Record& r) {
  std::string out = r.version + "\r\nWARC-Type: " + r.type + "\r\n";
  if (!r.uri.empty()) out += "WARC-Target-URI: " + r.uri + "\r\n";
  if (!r.id.empty()) out += "WARC-Record-ID: " + r.id + "\r\n";
  if (!r.date.empty()) out += "WARC-Date: " + r.date + "\r\n";
  if (!r.content_type.empty()) out += "Content-Type: " + r.content_type + "\r\n";
  out += r.extra_headers;
  out += "Content-Length: " + std::to_string(r.block.size()) + "\r\n\r\n";
  return out + r.block + "\r\n\r\n";
}

std::string http(const std::string& body, const std::string& content_type = "text/html",
                 const std::string& extra = "", int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) + " OK\r\nContent-Type: " + content_type + "\r\n" +
         extra + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

Record response(const std::string& html, const std::string& uri = "http://example.org/a") {
  Record r;
  r.uri = uri;
  r.block = http(html);
  return r;
}

Record of_type(const std::string& type, const std::string& block) {
  Record r;
  r.type = type;
  r.content_type = "application/octet-stream";
  r.block = block;
  return r;
}

const char* const kPage =
    "<html lang=\"en\"><head><title>Story</title>"
    "<meta property=\"article:published_time\" content=\"2023-12-31\"></head>"
    "<body><article><p>First.</p><p>Second.</p></article></body></html>";

TEST(WarcReaderTest, HtmlResponseBecomesADocument) {
  ReaderOptions o;
  o.default_source = "KCNA";
  o.default_country = "PRK";
  auto steps = read(warc(response(kPage, "http://kcna.kp/en/article/1")), o);
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  const Document& d = steps[0].document;
  EXPECT_EQ(d.id, "http://kcna.kp/en/article/1");
  EXPECT_EQ(d.url, "http://kcna.kp/en/article/1");
  EXPECT_EQ(d.title, "Story");
  EXPECT_EQ(d.text, "First.\nSecond.");
  EXPECT_EQ(d.lang, "en");
  EXPECT_EQ(d.date, (Date{2024, 1, 2}));
  EXPECT_EQ(d.source, "KCNA");
  EXPECT_EQ(d.country, "PRK");
  EXPECT_EQ(d.origin, "w.warc:1");
  json meta = json::parse(d.metadata_json);
  EXPECT_EQ(meta["warc_record_id"], "<urn:uuid:00000000-0000-0000-0000-000000000001>");
  EXPECT_EQ(meta["page_date"], "2023-12-31");
}

TEST(WarcReaderTest, OriginLineCountsLinesOfEarlierRecords) {
  Record a = response("<p>one</p>\n<p>two</p>\n", "http://x/1");
  Record b = response("<p>three</p>", "http://x/2");
  std::string first = warc(a);
  size_t lines_before = static_cast<size_t>(std::count(first.begin(), first.end(), '\n'));
  auto steps = read(first + warc(b));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].document.origin, "w.warc:" + std::to_string(lines_before + 1));
}

TEST(WarcReaderTest, OtherRecordTypesAreSkippedSilently) {
  std::string bytes = warc(of_type("warcinfo", "software: test\r\n")) +
                      warc(of_type("request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n")) +
                      warc(of_type("metadata", "outlinks: http://y/\r\n")) +
                      warc(of_type("revisit", http("<p>old</p>"))) + warc(response("<p>kept</p>"));
  auto steps = read(bytes);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].document.text, "kept");
}

TEST(WarcReaderTest, ResourceWithPlainTextIsADocument) {
  Record r = of_type("resource", "Plain\nspeech text.\n");
  r.content_type = "text/plain; charset=utf-8";
  r.uri = "file:///speeches/IRN_73_2018.txt";
  auto steps = read(warc(r));
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "Plain\nspeech text.\n");
  EXPECT_EQ(steps[0].document.id, "file:///speeches/IRN_73_2018.txt");
}

TEST(WarcReaderTest, ConversionWithHtmlIsADocument) {
  Record r = of_type("conversion", "<p>converted</p>");
  r.content_type = "text/html";
  auto steps = read(warc(r));
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].document.text, "converted");
}

TEST(WarcReaderTest, ResourceWithOtherMediaTypeIsIgnored) {
  Record r = of_type("resource", "\x89PNG....");
  r.content_type = "image/png";
  EXPECT_TRUE(read(warc(r)).empty());
}

TEST(WarcReaderTest, NonTextResponsesAreIgnored) {
  Record r;
  r.block = http("{\"a\": 1}", "application/json");
  Record img;
  img.block = http("GIF89a", "image/gif");
  EXPECT_TRUE(read(warc(r) + warc(img)).empty());
}

TEST(WarcReaderTest, XhtmlAndPlainTextResponsesAreDocuments) {
  Record x;
  x.block = http("<html><body><p>xhtml</p></body></html>", "application/xhtml+xml");
  Record t;
  t.block = http("just text", "text/plain; charset=UTF-8");
  auto steps = read(warc(x) + warc(t));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.text, "xhtml");
  EXPECT_EQ(steps[1].document.text, "just text");
}

TEST(WarcReaderTest, ErrorAndRedirectResponsesAreIgnored) {
  Record missing;
  missing.block = http("<p>Not found</p>", "text/html", "", 404);
  Record moved;
  moved.block = http("<p>Moved</p>", "text/html", "Location: http://y/\r\n", 301);
  EXPECT_TRUE(read(warc(missing) + warc(moved)).empty());
}

TEST(WarcReaderTest, ChunkedBodyIsDecoded) {
  Record r;
  r.block =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
      "6\r\n<p>Hel\r\n8;ext=1\r\nlo world\r\n4\r\n</p>\r\n0\r\n\r\n";
  auto steps = read(warc(r));
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "Hello world");
}

TEST(WarcReaderTest, ChunkedHeaderOverAStoredDechunkedBodyIsTolerated) {
  Record r;
  r.block = http("<p>already decoded</p>", "text/html", "Transfer-Encoding: chunked\r\n");
  auto steps = read(warc(r));
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].document.text, "already decoded");
}

TEST(WarcReaderTest, BrokenChunkingIsSkipped) {
  Record r;
  r.block =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
      "ff\r\n<p>short</p>";
  auto steps = read(warc(r));
  ASSERT_EQ(steps.size(), 1u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "w.warc:1: malformed chunked transfer encoding");
}

TEST(WarcReaderTest, GzipContentEncodingIsSkippedWithAMessage) {
  Record r;
  r.block = http(gzip("<p>zipped</p>"), "text/html", "Content-Encoding: gzip\r\n");
  auto steps = read(warc(r) + warc(response("<p>next</p>")));
  ASSERT_EQ(steps.size(), 2u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message,
            "w.warc:1: compressed HTTP payload not supported (Content-Encoding: gzip)");
  EXPECT_EQ(steps[1].document.text, "next");
}

TEST(WarcReaderTest, CharsetFromHttpHeaderIsUsed) {
  Record r;
  r.block = http("<p>\xCF\xF0\xE8\xE2\xE5\xF2</p>", "text/html; charset=windows-1251");
  auto steps = read(warc(r));
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
}

TEST(WarcReaderTest, PlainTextInLatin1IsConverted) {
  Record r;
  r.block = http("caf\xE9", "text/plain; charset=\"ISO-8859-1\"");
  auto steps = read(warc(r));
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.text, "caf\xC3\xA9");
}

TEST(WarcReaderTest, UnknownCharsetForPlainTextIsSkipped) {
  Record r;
  r.block = http("abc", "text/plain; charset=x-no-such");
  auto steps = read(warc(r));
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "w.warc:1: unsupported charset \"x-no-such\"");
}

TEST(WarcReaderTest, InvalidUtf8PlainTextIsSkipped) {
  Record r;
  r.block = http("caf\xE9", "text/plain");
  auto steps = read(warc(r));
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "w.warc:1: invalid UTF-8 in \"text\" at byte 3");
}

TEST(WarcReaderTest, HtmlWithoutTextIsSkipped) {
  auto steps = read(warc(response("<script>app()</script>")));
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "w.warc:1: no text found in HTML");
}

TEST(WarcReaderTest, RecordIdIsTheFallbackId) {
  Record r = response("<p>x</p>", "");
  auto steps = read(warc(r));
  ASSERT_EQ(steps[0].kind, kDoc) << steps[0].message;
  EXPECT_EQ(steps[0].document.id, "urn:uuid:00000000-0000-0000-0000-000000000001");
  EXPECT_EQ(steps[0].document.url, "");
}

TEST(WarcReaderTest, AngleBracketsAroundTargetUriAreRemoved) {
  auto steps = read(warc(response("<p>x</p>", "<http://example.org/old>")));
  EXPECT_EQ(steps[0].document.id, "http://example.org/old");
}

TEST(WarcReaderTest, Warc10IsAccepted) {
  Record r = response("<p>old format</p>");
  r.version = "WARC/1.0";
  auto steps = read(warc(r));
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].kind, kDoc);
}

TEST(WarcReaderTest, LfOnlyLineEndsAreAccepted) {
  std::string block = "HTTP/1.0 200 OK\nContent-Type: text/html\n\n<p>unix</p>";
  std::string bytes =
      "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: http://u/\n"
      "WARC-Date: 2020-02-02T00:00:00Z\nContent-Length: " +
      std::to_string(block.size()) + "\n\n" + block + "\n\n";
  auto steps = read(bytes + bytes);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.text, "unix");
  EXPECT_EQ(steps[1].document.origin, "w.warc:12");
}

TEST(WarcReaderTest, FoldedHeaderLinesAreJoined) {
  Record r = response("<p>x</p>", "");
  r.extra_headers = "WARC-Target-URI: http://example.org/\r\n  folded\r\n";
  auto steps = read(warc(r));
  ASSERT_EQ(steps[0].kind, kDoc);
  EXPECT_EQ(steps[0].document.id, "http://example.org/ folded");
}

TEST(WarcReaderTest, MissingWarcDateIsSkipped) {
  Record r = response("<p>x</p>");
  r.date = "";
  auto steps = read(warc(r));
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "w.warc:1: record has no WARC-Date");
}

TEST(WarcReaderTest, BadWarcDateIsSkipped) {
  Record r = response("<p>x</p>");
  r.date = "yesterday";
  auto steps = read(warc(r));
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "w.warc:1: WARC-Date: unparseable date \"yesterday\"");
}

TEST(WarcReaderTest, MissingWarcTypeIsReportedAndTheBlockSkipped) {
  std::string bad =
      "WARC/1.1\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nContent-Length: 5\r\n\r\n"
      "WARC/\r\n\r\n";
  auto steps = read(bad + warc(response("<p>next</p>")));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].message, "w.warc:1: WARC record has no WARC-Type");
  EXPECT_EQ(steps[1].document.text, "next");
}

TEST(WarcReaderTest, MissingContentLengthIsReportedThenReadingResyncs) {
  std::string bad =
      "WARC/1.1\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n";
  auto steps = read(warc(response("<p>one</p>")) + bad + warc(response("<p>two</p>")));
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].document.text, "one");
  ASSERT_EQ(steps[1].kind, kSkip);
  EXPECT_EQ(steps[1].message, "w.warc:15: WARC record has no Content-Length");
  EXPECT_FALSE(steps[1].fatal);
  EXPECT_EQ(steps[2].document.text, "two");
}

TEST(WarcReaderTest, InvalidContentLengthIsReported) {
  std::string bad = "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\nabc\r\n\r\n";
  auto steps = read(bad + warc(response("<p>two</p>")));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].message, "w.warc:1: invalid Content-Length \"12x\"");
  EXPECT_EQ(steps[1].document.text, "two");
}

TEST(WarcReaderTest, MalformedHeaderLineIsReportedThenReadingResyncs) {
  std::string bad =
      "WARC/1.1\r\nWARC-Type: response\r\nthis is not a header\r\n"
      "Content-Length: 3\r\n\r\nabc\r\n\r\n";
  auto steps = read(bad + warc(response("<p>after</p>")));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].message, "w.warc:1: malformed WARC header line 3: \"this is not a header\"");
  EXPECT_EQ(steps[1].document.text, "after");
}

TEST(WarcReaderTest, GarbageBetweenRecordsIsReportedOnce) {
  std::string garbage = "garbage line one\r\nline two\r\n" + std::string(200000, 'z') + "\r\n";
  auto steps = read(warc(response("<p>one</p>")) + garbage + warc(response("<p>two</p>")));
  ASSERT_EQ(steps.size(), 3u);
  ASSERT_EQ(steps[1].kind, kSkip);
  EXPECT_EQ(steps[1].message, "w.warc:15: expected a WARC record, found \"garbage line one\"");
  EXPECT_EQ(steps[2].document.text, "two");
}

TEST(WarcReaderTest, UnsupportedVersionIsReported) {
  Record r = response("<p>x</p>");
  r.version = "WARC/2.0";
  auto steps = read(warc(r) + warc(response("<p>y</p>")));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].message, "w.warc:1: unsupported WARC version \"WARC/2.0\"");
  EXPECT_EQ(steps[1].document.text, "y");
}

TEST(WarcReaderTest, TruncatedBlockAtEndOfFileIsAFatalSkip) {
  std::string full =
      warc(response("<p>first</p>")) + warc(response("<p>" + std::string(500, 'x') + "</p>"));
  std::string cut = full.substr(0, full.size() - 100);
  auto steps = read(cut);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.text, "first");
  ASSERT_EQ(steps[1].kind, kSkip);
  EXPECT_TRUE(steps[1].fatal);
  EXPECT_EQ(steps[1].message.rfind("w.warc:15: truncated record: ", 0), 0u) << steps[1].message;
}

TEST(WarcReaderTest, TruncatedHeaderAtEndOfFileIsAFatalSkip) {
  auto steps = read("WARC/1.1\r\nWARC-Type: response\r\nContent-Le");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(steps[0].fatal);
  EXPECT_EQ(steps[0].message, "w.warc:1: truncated record: end of input in the WARC header");
}

TEST(WarcReaderTest, OversizedBodyIsSkippedAndStreamedPast) {
  ReaderOptions o;
  o.max_record_bytes = 1000;
  auto steps = read(
      warc(response("<p>" + std::string(5000, 'b') + "</p>")) + warc(response("<p>small</p>")), o);
  ASSERT_EQ(steps.size(), 2u);
  ASSERT_EQ(steps[0].kind, kSkip);
  EXPECT_EQ(steps[0].message, "w.warc:1: record larger than 1000 bytes skipped");
  EXPECT_EQ(steps[1].document.text, "small");
}

TEST(WarcReaderTest, LargeUninterestingRecordsAreSkippedWithoutMessages) {
  ReaderOptions o;
  o.max_record_bytes = 1000;
  Record big = of_type("metadata", std::string(100000, 'm'));
  auto steps = read(warc(big) + warc(response("<p>small</p>")), o);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].document.text, "small");
}

TEST(WarcReaderTest, GzipPerRecordWarcIsRead) {
  TempDir dir;
  write_file(dir.file("crawl.warc.gz"),
             gzip(warc(of_type("warcinfo", "x"))) + gzip(warc(response("<p>a</p>"))) +
                 gzip(warc(response("<p>b</p>", "http://example.org/b"))));
  auto r = open_reader(dir.file("crawl.warc.gz"), ReaderOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  auto steps = drain(**r);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].document.text, "a");
  EXPECT_EQ(steps[1].document.id, "http://example.org/b");
}

TEST(WarcReaderTest, TruncatedGzipIsAFatalSkip) {
  std::string z = gzip(warc(response("<p>" + std::string(300000, 'q') + " end</p>")));
  auto steps = read(z.substr(0, z.size() / 2));
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_TRUE(steps[0].fatal);
  EXPECT_NE(steps[0].message.find("gzip"), std::string::npos) << steps[0].message;
}

TEST(WarcReaderTest, EmptyInputGivesNothing) { EXPECT_TRUE(read("").empty()); }

TEST(WarcReaderTest, PropertyRecordsReadBackInOrder) {
  check_property([] {
    auto kinds = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 4));
    std::string bytes;
    std::vector<std::string> expected;
    for (size_t i = 0; i < kinds.size(); ++i) {
      // Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string here.
      std::string word = "w";
      word += std::to_string(*rc::gen::inRange(0, 100000));
      std::string uri = "http://example.org/";
      uri += std::to_string(i);
      switch (kinds[i]) {
        case 0:  // an HTML page: a document
          bytes += warc(response("<p>" + word + "\r\n\r\nWARC/1.1</p>", uri));
          expected.push_back(word + " WARC/1.1");
          break;
        case 1: {  // a plain-text resource: a document
          Record r = of_type("resource", word + "\n");
          r.content_type = "text/plain";
          r.uri = uri;
          bytes += warc(r);
          expected.push_back(word + "\n");
          break;
        }
        case 2:  // a request: nothing
          bytes += warc(of_type("request", "GET /" + word + " HTTP/1.1\r\n\r\n"));
          break;
        default:  // an image: nothing
          Record r;
          r.block = http(word, "image/png");
          bytes += warc(r);
      }
    }
    auto steps = read(bytes);
    RC_ASSERT(steps.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      RC_ASSERT(steps[i].kind == kDoc);
      RC_ASSERT(steps[i].document.text == expected[i]);
    }
  });
}

}  // namespace
}  // namespace fissure
