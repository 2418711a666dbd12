// libFuzzer target: arbitrary bytes as a quote with arbitrary marked spans through the report's
// escaping. Nothing may crash, the only markup out may be <mark> and </mark>, and the output must
// be valid UTF-8 (valid_utf8 leaves it unchanged).
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fissure/report/html_writer.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first bytes choose spans (pairs of 16-bit offsets); the rest is the sentence.
  std::vector<std::pair<int, int>> spans;
  size_t at = 0;
  const size_t span_bytes = size > 0 ? std::min<size_t>(data[0] % 5, (size - 1) / 4) * 4 : 0;
  for (at = 1; at + 4 <= 1 + span_bytes; at += 4)
    spans.emplace_back(static_cast<int16_t>(data[at] | data[at + 1] << 8),
                       static_cast<int16_t>(data[at + 2] | data[at + 3] << 8));
  std::string text = size > 0 ? fissure::fuzz::bytes(data + at, size - at) : "";
  std::string html = fissure::report::mark_spans(text, spans);
  std::string escaped = fissure::report::escape_html(text);
  for (const std::string* out : {&html, &escaped}) {
    if (fissure::report::valid_utf8(*out) != *out) __builtin_trap();
    std::string stripped = *out;
    for (const char* tag : {"<mark>", "</mark>"})
      for (size_t p; (p = stripped.find(tag)) != std::string::npos;)
        stripped.erase(p, std::string(tag).size());
    if (stripped.find_first_of("<>\"'") != std::string::npos) __builtin_trap();
  }
  return 0;
}
