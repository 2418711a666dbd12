// libFuzzer target: arbitrary bytes as a Lexicoder (.lc3) dictionary, then as a sentence scanned
// with the patterns that loaded. Same contract as phrase_dictionary_fuzz.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/lexicon/lexicoder.h"
#include "fissure/lexicon/phrase_matcher.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input = fissure::fuzz::bytes(data, size);
  (void)fissure::looks_like_lexicoder(input);
  auto dict = fissure::parse_lexicoder(input, "fuzz.lc3");
  for (const auto& p : dict.problems()) {
    if (p.line <= 0 || p.reason.empty()) __builtin_trap();
  }
  if (dict.pattern_count() > 64) return 0;
  auto matcher = fissure::PhraseMatcher::compile({dict});
  if (!matcher) __builtin_trap();
  for (const auto& m : (*matcher)->find(input)) {
    if (m.begin >= m.end || m.end > input.size()) __builtin_trap();
  }
  return 0;
}
