// libFuzzer target: arbitrary bytes as a PETRARCH verb dictionary, then as a sentence coded with
// it (every word an actor of its own). Loading and coding must never crash, every problem must
// carry a "FILE:LINE: " prefix, and event offsets must lie inside the sentence.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fissure/coding/event_coder.h"
#include "fissure/lexicon/petrarch_dictionaries.h"
#include "fissure/lexicon/petrarch_tokens.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input = fissure::fuzz::bytes(data, size);
  auto verbs = std::make_shared<fissure::PetrarchVerbDictionary>(
      fissure::parse_petrarch_verbs(input, "v.txt"));
  for (const auto& p : verbs->problems)
    if (p.rfind("v.txt:", 0) != 0) __builtin_trap();
  for (const auto& b : verbs->blocks)
    for (const auto& p : b.patterns) {
      int stars = 0;
      for (const auto& e : p.elements) stars += e.kind == fissure::PatternElement::Kind::kVerb;
      if (stars != 1) __builtin_trap();
    }
  fissure::EventCoder coder(verbs);
  std::vector<fissure::ActorMention> mentions;
  auto tokens = fissure::petrarch_tokenize(input);
  for (size_t i = 0; i < tokens.size(); i += 3) {
    fissure::ActorMention m;
    m.begin = tokens[i].begin;
    m.end = tokens[i].end;
    m.code = "A" + std::to_string(i % 7);
    mentions.push_back(m);
  }
  for (const auto& e : coder.code(input, 0, mentions))
    if (e.verb_begin > e.verb_end || e.verb_end > input.size() || e.source.empty() ||
        e.target.empty())
      __builtin_trap();
  return 0;
}
