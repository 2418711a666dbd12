// libFuzzer target: arbitrary bytes as a fissure phrase dictionary, then as a sentence scanned
// with the patterns that loaded. The loader must report every skipped line with a reason; the
// matcher must compile what the loader accepted and return matches inside the text, in order.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/lexicon/phrase_dictionary.h"
#include "fissure/lexicon/phrase_matcher.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input = fissure::fuzz::bytes(data, size);
  auto dict = fissure::PhraseDictionary::parse(input, "fuzz.txt");
  for (const auto& p : dict.problems()) {
    if (p.line <= 0 || p.reason.empty()) __builtin_trap();
  }
  for (const auto& e : dict.entries()) {
    for (const auto& p : e.patterns) {
      if (p.line <= e.line || p.text.empty()) __builtin_trap();
    }
  }
  // Compiling is slow next to parsing: only small dictionaries go on to the matcher.
  if (dict.pattern_count() > 64) return 0;
  auto matcher = fissure::PhraseMatcher::compile({dict});
  if (!matcher) __builtin_trap();
  uint32_t last_begin = 0;
  for (const auto& m : (*matcher)->find(input)) {
    if (m.begin >= m.end || m.end > input.size() || m.begin < last_begin) __builtin_trap();
    last_begin = m.begin;
  }
  return 0;
}
