// libFuzzer target: arbitrary bytes as a PETRARCH actor, agent and discard dictionary, then the
// same bytes as a sentence for the matcher built from it. Loading must never crash, every problem
// must carry a "FILE:LINE: " prefix, and mentions must lie inside the sentence.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fissure/coding/event_coder.h"
#include "fissure/lexicon/petrarch_dictionaries.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input = fissure::fuzz::bytes(data, size);
  auto dicts = std::make_shared<fissure::PetrarchActorDictionaries>();
  fissure::parse_petrarch_actors(input, "a.txt", *dicts);
  fissure::parse_petrarch_agents(input, "g.txt", *dicts);
  fissure::parse_petrarch_discards(input, "d.txt", *dicts);
  for (const auto& p : dicts->problems)
    if (p.size() < 7 || p.find(".txt:") == std::string::npos) __builtin_trap();
  for (const auto& a : dicts->actors) (void)a.codes_on(19950101);
  fissure::PetrarchActorMatcher matcher(dicts);
  for (const auto& m : matcher.find(input, 19950101))
    if (m.begin > m.end || m.end > input.size() || m.code.empty()) __builtin_trap();
  (void)matcher.discarded(input);
  return 0;
}
