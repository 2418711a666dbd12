// SentenceSplitter: Unicode sentence boundaries (ICU, with English abbreviation suppressions such
// as "Mr." and "U.S.") as byte offsets into the original UTF-8 text. Part of the text layer.
// Not thread-safe: give each thread its own splitter (construction is cheap after the first).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "fissure/util/status.h"

namespace fissure {

// A half-open byte range [start, end) of the original text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  bool operator==(const Span&) const = default;
};

class SentenceSplitter {
 public:
  static Result<std::unique_ptr<SentenceSplitter>> create();
  ~SentenceSplitter();

  // Sentences of text: never empty, trimmed of surrounding white space, in order, not
  // overlapping; text.substr(start, end - start) is the sentence exactly. Line breaks end a
  // sentence, except in hard-wrapped text (mostly short lines that often go on in lower case),
  // where a lone line break is read as a space. Runs of commas (", , ") end a sentence; spans
  // without letters are not sentences; sentences longer than kMaxSentenceBytes are cut at a
  // space. The rules are documented in docs/schema.md. text must be valid UTF-8, under 2 GiB.
  std::vector<Span> split(std::string_view text) const;

  static constexpr uint32_t kMaxSentenceBytes = 4096;

 private:
  struct Impl;
  explicit SentenceSplitter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fissure
