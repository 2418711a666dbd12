// libFuzzer target: arbitrary bytes as a sentence through the VADER scorer and the target-tone
// clause splitter. Nothing may crash; the compound stays in -1..+1; tokens and clauses are
// ordered, non-empty byte ranges inside the sentence.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fissure/coding/target_tone.h"
#include "fissure/coding/vader.h"
#include "fuzz_support.h"

namespace {

const fissure::ToneLexicon& lexicon() {
  static const fissure::ToneLexicon* lex = [] {
    auto* l = new fissure::ToneLexicon();
    (void)l->add_builtin(nullptr);
    l->add_text("kind\t2.4\nleast\t-1\nbomb\t-2.2\n:)\t2\n", "extra", nullptr);
    return l;
  }();
  return *lex;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string sentence = fissure::fuzz::bytes(data, size);
  static fissure::VaderScorer scorer(lexicon());
  const fissure::ToneScore score = scorer.score(sentence);
  if (!(score.compound >= -1 && score.compound <= 1)) __builtin_trap();
  if (std::isnan(score.positive) || std::isnan(score.negative) || std::isnan(score.neutral))
    __builtin_trap();
  uint32_t previous = 0;
  for (const fissure::ToneToken& t : scorer.tokens()) {
    if (t.begin < previous || t.begin >= t.end || t.end > sentence.size()) __builtin_trap();
    previous = t.end;
  }
  static fissure::TargetToneScorer target_scorer(lexicon());
  std::vector<fissure::TargetSpan> spans;
  for (size_t i = 0; i < sentence.size(); i += 7) {
    spans.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 3)});
  }
  for (const fissure::TargetTone& t : target_scorer.score(sentence, spans)) {
    if (!(t.compound >= -1 && t.compound <= 1)) __builtin_trap();
    if (t.clause.begin > t.clause.end || t.clause.end > sentence.size()) __builtin_trap();
  }
  return 0;
}
