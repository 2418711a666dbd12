#include "fissure/corpus/input_stream.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <zstd.h>

#include <cstdlib>
#include <random>
#include <sstream>
#include <vector>

#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::check_property;

using fissure::testing::gzip;
using fissure::testing::TempDir;
using fissure::testing::write_file;

// Runs a property with a fixed seed (conventions: nothing random varies between runs) unless
// RC_PARAMS asks for something else.
struct Drained {
  std::string bytes;
  Status error;
};

// Reads until the end or the first error, keeping the bytes delivered before the error.
Drained drain(InputStream& in, size_t chunk = 4096) {
  Drained d;
  std::vector<char> buf(chunk);
  for (;;) {
    auto got = in.read(buf.data(), buf.size());
    if (!got) {
      d.error = got.status();
      return d;
    }
    if (*got == 0) return d;
    d.bytes.append(buf.data(), *got);
  }
}

// Text that compresses but is not trivially repetitive.
std::string sample_text(size_t bytes) {
  std::mt19937 rng(42);
  std::string s;
  while (s.size() < bytes) {
    s += "line " + std::to_string(rng() % 100000) + " of the sample text\n";
  }
  s.resize(bytes);
  return s;
}

std::string zstd(const std::string& bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

TEST(InputStreamTest, MemoryInputPassesPlainBytesThrough) {
  auto in = memory_input("hello\nworld");
  EXPECT_EQ(in->compression(), Compression::kNone);
  Drained d = drain(*in);
  EXPECT_TRUE(d.error.is_ok());
  EXPECT_EQ(d.bytes, "hello\nworld");
}

TEST(InputStreamTest, EmptyInputEndsAtOnce) {
  auto in = memory_input("");
  Drained d = drain(*in);
  EXPECT_TRUE(d.error.is_ok());
  EXPECT_EQ(d.bytes, "");
}

TEST(InputStreamTest, GzipRoundTrip) {
  std::string text = sample_text(300000);
  auto in = memory_input(gzip(text));
  EXPECT_EQ(in->compression(), Compression::kGzip);
  Drained d = drain(*in);
  EXPECT_TRUE(d.error.is_ok()) << d.error.message();
  EXPECT_EQ(d.bytes, text);
}

TEST(InputStreamTest, MultiMemberGzipReadsEveryMember) {
  auto in = memory_input(gzip("first member\n") + gzip("second member\n") + gzip("third\n"));
  Drained d = drain(*in);
  EXPECT_TRUE(d.error.is_ok()) << d.error.message();
  EXPECT_EQ(d.bytes, "first member\nsecond member\nthird\n");
}

TEST(InputStreamTest, TruncatedGzipReportsErrorAfterTheGoodBytes) {
  std::string text = sample_text(2 << 20);
  std::string z = gzip(text);
  auto in = memory_input(z.substr(0, z.size() / 2));
  Drained d = drain(*in);
  ASSERT_FALSE(d.error.is_ok());
  EXPECT_NE(d.error.message().find("truncated gzip"), std::string::npos) << d.error.message();
  EXPECT_GT(d.bytes.size(), 0u);
  EXPECT_LT(d.bytes.size(), text.size());
  EXPECT_EQ(d.bytes, text.substr(0, d.bytes.size()));
}

TEST(InputStreamTest, TruncatedGzipErrorIsReportedOnce) {
  std::string z = gzip(sample_text(1 << 20));
  auto in = memory_input(z.substr(0, z.size() / 3));
  Drained d = drain(*in);
  ASSERT_FALSE(d.error.is_ok());
  char c;
  auto again = in->read(&c, 1);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(*again, 0u);
}

TEST(InputStreamTest, CorruptGzipIsAnError) {
  std::string z = gzip(sample_text(100000));
  for (size_t i = 20; i < 60; ++i) z[i] = static_cast<char>(z[i] ^ 0x5a);
  auto in = memory_input(z);
  Drained d = drain(*in);
  EXPECT_FALSE(d.error.is_ok());
}

TEST(InputStreamTest, ZstdRoundTrip) {
  std::string text = sample_text(500000);
  auto in = memory_input(zstd(text));
  EXPECT_EQ(in->compression(), Compression::kZstd);
  Drained d = drain(*in);
  EXPECT_TRUE(d.error.is_ok()) << d.error.message();
  EXPECT_EQ(d.bytes, text);
}

TEST(InputStreamTest, TruncatedZstdIsAnError) {
  std::string z = zstd(sample_text(500000));
  auto in = memory_input(z.substr(0, z.size() / 2));
  Drained d = drain(*in);
  ASSERT_FALSE(d.error.is_ok());
  EXPECT_NE(d.error.message().find("zstd"), std::string::npos);
}

TEST(InputStreamTest, OpenInputSniffsGzipWhateverTheExtension) {
  TempDir dir;
  write_file(dir.file("data.txt"), gzip("compressed after all\n"));
  auto in = open_input(dir.file("data.txt"));
  ASSERT_TRUE(in.is_ok()) << in.status().message();
  EXPECT_EQ((*in)->compression(), Compression::kGzip);
  EXPECT_EQ(drain(**in).bytes, "compressed after all\n");
}

TEST(InputStreamTest, OpenInputMissingFileIsAnIoError) {
  TempDir dir;
  auto in = open_input(dir.file("nope.jsonl"));
  ASSERT_FALSE(in.is_ok());
  EXPECT_EQ(in.status().code(), StatusCode::kIoError);
  EXPECT_NE(in.status().message().find("nope.jsonl"), std::string::npos);
}

TEST(InputStreamTest, RawBytesReadCountsCompressedBytes) {
  std::string z = gzip(sample_text(200000));
  auto in = memory_input(z);
  drain(*in);
  EXPECT_EQ(in->raw_bytes_read(), z.size());
}

TEST(InputStreamTest, ReadAllReturnsEveryByte) {
  auto in = memory_input(gzip("abc\ndef\n"));
  auto all = read_all(*in, 1 << 20);
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(*all, "abc\ndef\n");
}

TEST(InputStreamTest, ReadAllFailsOverItsLimit) {
  auto in = memory_input(std::string(100000, 'x'));
  EXPECT_FALSE(read_all(*in, 1000).is_ok());
}

std::vector<std::string> lines_of(InputStream& in, size_t max = 1 << 20) {
  LineReader r(in, max);
  std::vector<std::string> out;
  std::string_view line;
  while (r.next(&line) == LineReader::Outcome::kLine) out.emplace_back(line);
  return out;
}

TEST(LineReaderTest, SplitsOnLfAndCrlf) {
  auto in = memory_input("a\r\nb\nc\r\n");
  EXPECT_EQ(lines_of(*in), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(LineReaderTest, ReturnsLastLineWithoutNewline) {
  auto in = memory_input("a\nlast");
  EXPECT_EQ(lines_of(*in), (std::vector<std::string>{"a", "last"}));
}

TEST(LineReaderTest, KeepsEmptyLinesAndCountsThem) {
  auto in = memory_input("a\n\nb\n");
  LineReader r(*in, 100);
  std::string_view line;
  ASSERT_EQ(r.next(&line), LineReader::Outcome::kLine);
  ASSERT_EQ(r.next(&line), LineReader::Outcome::kLine);
  EXPECT_EQ(line, "");
  ASSERT_EQ(r.next(&line), LineReader::Outcome::kLine);
  EXPECT_EQ(line, "b");
  EXPECT_EQ(r.line_number(), 3u);
  EXPECT_EQ(r.next(&line), LineReader::Outcome::kEnd);
}

TEST(LineReaderTest, OverlongLineIsSkippedAndTheNextLineStillRead) {
  std::string big(1 << 20, 'x');
  auto in = memory_input("first\n" + big + "\nafter\n");
  LineReader r(*in, 1000);
  std::string_view line;
  ASSERT_EQ(r.next(&line), LineReader::Outcome::kLine);
  EXPECT_EQ(line, "first");
  EXPECT_EQ(r.next(&line), LineReader::Outcome::kTooLong);
  EXPECT_EQ(r.line_number(), 2u);
  ASSERT_EQ(r.next(&line), LineReader::Outcome::kLine);
  EXPECT_EQ(line, "after");
  EXPECT_EQ(r.line_number(), 3u);
}

// A line over the limit that happens to fit in the reader's buffer is still too long.
TEST(LineReaderTest, ShortOverlongLineIsTooLong) {
  auto in = memory_input("ok\n" + std::string(100, 'x') + "\nafter\n");
  LineReader r(*in, 10);
  std::string_view line;
  ASSERT_EQ(r.next(&line), LineReader::Outcome::kLine);
  EXPECT_EQ(r.next(&line), LineReader::Outcome::kTooLong);
  ASSERT_EQ(r.next(&line), LineReader::Outcome::kLine);
  EXPECT_EQ(line, "after");
}

TEST(LineReaderTest, StreamErrorEndsWithError) {
  std::string text = sample_text(2 << 20);
  std::string z = gzip(text);
  auto in = memory_input(z.substr(0, z.size() / 2));
  LineReader r(*in, 1 << 20);
  std::string_view line;
  size_t lines = 0;
  LineReader::Outcome o;
  while ((o = r.next(&line)) == LineReader::Outcome::kLine) ++lines;
  EXPECT_EQ(o, LineReader::Outcome::kError);
  EXPECT_GT(lines, 0u);
  EXPECT_FALSE(r.status().is_ok());
}

TEST(LineReaderTest, PropertyLinesRoundTripThroughGzip) {
  check_property([](const std::vector<std::string>& raw, bool crlf) {
    std::vector<std::string> lines;
    for (auto s : raw) {
      std::erase(s, '\n');
      while (!s.empty() && s.back() == '\r') s.pop_back();
      lines.push_back(s);
    }
    std::string joined;
    for (const auto& l : lines) joined += l + (crlf ? "\r\n" : "\n");
    auto in = memory_input(gzip(joined));
    RC_ASSERT(lines_of(*in) == lines);
  });
}

}  // namespace
}  // namespace fissure
