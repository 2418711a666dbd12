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
  // overlapping; text.substr(start, end - start) is the sentence exactly. Line breaks always end
  // a sentence. Sentences longer than max_sentence_bytes are cut at a word boundary before it.
  // text must be valid UTF-8 and shorter than 4 GiB.
  std::vector<Span> split(std::string_view text) const;

  static constexpr uint32_t kMaxSentenceBytes = 4096;

 private:
  struct Impl;
  explicit SentenceSplitter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fissure
