// InputStream: bytes of a file, transparently decompressed when it is gzip or zstd.
// Part of the corpus layer; depends only on util. Not thread-safe; one stream per reader.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "fissure/util/status.h"

namespace fissure {

enum class Compression { kNone, kGzip, kZstd };

class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads up to n bytes into buf. Returns 0 at the end of the data. A truncated or corrupt
  // compressed stream is an error, reported once, after every byte that could be decoded.
  virtual Result<size_t> read(char* buf, size_t n) = 0;
  virtual Compression compression() const = 0;
  // Bytes consumed from the underlying file so far (compressed size), for progress.
  virtual size_t raw_bytes_read() const = 0;
};

// Opens path ("-" for stdin), sniffing gzip/zstd magic bytes regardless of the extension.
Result<std::unique_ptr<InputStream>> open_input(const std::string& path);
// A stream over bytes held in memory (compressed or not), for tests and fuzzers.
// name is used in error messages ("NAME: truncated gzip stream").
std::unique_ptr<InputStream> memory_input(std::string bytes, const std::string& name = "<memory>");

// Reads a whole stream into a string, failing when it exceeds max_bytes.
Result<std::string> read_all(InputStream& in, size_t max_bytes);

// Splits a stream into lines ("\n" or "\r\n"), counting line numbers from 1. A line longer than
// max_line_bytes is not buffered: it is skipped to its end and reported as too long.
class LineReader {
 public:
  LineReader(InputStream& in, size_t max_line_bytes);

  enum class Outcome { kLine, kTooLong, kEnd, kError };
  // On kLine, *line is valid until the next call. On kError, status() says why.
  Outcome next(std::string_view* line);
  size_t line_number() const { return line_number_; }
  const Status& status() const { return status_; }

 private:
  bool refill();

  InputStream& in_;
  size_t max_line_;
  std::string buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  size_t line_number_ = 0;
  std::string line_;
  Status status_;
};

}  // namespace fissure
