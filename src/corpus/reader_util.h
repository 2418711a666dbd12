// Private helpers shared by the corpus readers: message formatting, whole-file reads with a size
// limit, file stems. Not part of the public API; include only from src/corpus/*.cc.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "fissure/corpus/input_stream.h"
#include "fissure/corpus/reader.h"

namespace fissure::corpus_internal {

// "NAME:LINE: reason". Stream errors already start with "NAME: "; that copy is dropped.
std::string located(std::string_view name, size_t line, std::string_view reason);
// "NAME: reason", for readers where the whole file is one record.
std::string located(std::string_view name, std::string_view reason);

ReadStep skip_step(std::string message, bool fatal);
ReadStep document_step(Document doc);

// "64 MiB" for whole mebibytes, else "1000 bytes": limits in messages stay exact.
std::string size_text(size_t bytes);

std::string_view strip_bom(std::string_view s);

// Whether bytes start like UTF-16 or UTF-32 (a byte order mark, or a NUL in the first two
// bytes), which XML and HTML parsers detect without any declaration.
bool wide_unicode_signature(std::string_view s);

// The file name without folders, compression suffix (.gz, .zst, .zstd) and format extension:
// "a/IRN_73_2018.txt.gz" -> "IRN_73_2018". "-" (stdin) gives "stdin".
std::string file_stem(const std::string& path);

// 1-based line number of byte offset `at` in s.
size_t line_of_offset(std::string_view s, size_t at);

// Reads a whole stream into *out unless it holds more than max_bytes.
enum class WholeRead { kOk, kTooLarge, kError };
WholeRead read_whole(InputStream& in, size_t max_bytes, std::string* out, Status* error);

// ASCII case-insensitive comparison, for header names and HTML attribute values.
bool iequals(std::string_view a, std::string_view b);
std::string ascii_lower(std::string_view s);

// Builds text line by line: runs of white space (including U+00A0) become one space, lines are
// trimmed, empty lines are dropped, lines are joined with "\n".
class LineBuilder {
 public:
  // Adds text to the current line; with keep_newlines, a "\n" in s ends the line (for <pre>).
  void add(std::string_view s, bool keep_newlines);
  void break_line();
  // The text so far; the builder is left empty.
  std::string finish();

 private:
  std::string out_;
  std::string line_;
  bool space_ = false;
};

// s on one line: white space runs collapsed to one space, trimmed.
std::string collapse_whitespace(std::string_view s);

}  // namespace fissure::corpus_internal
