// Tone toward a target: the VADER compound of the clause that governs each mention of the target.
//
// A sentence often judges two parties at once ("Iran praised the DPRK but condemned the US"), so
// the sentence's own score says nothing about either. The sentence is cut into clauses and each
// mention takes the score of the clause it begins in, the clause scored as a sentence of its own
// (negation, boosters and "!" therefore do not reach across a cut). Cuts, in bytes:
//   - punctuation: ";", ":" before a space or the end, an em dash "—", a spaced en dash " – ",
//     and "--";
//   - contrastive and coordinating words: "but", "whereas", "although", "though", "while" (not
//     in "a while"), "however" (not when parenthetical, ", however,"), "yet" (after a comma or
//     "and": ", yet" / "and yet", not "has yet to");
//   - "and" (with or without a comma before it) when the next word, after at most one adverb
//     ending in -ly or "also", is a valenced verb form: in the lexicon with a non-zero valence and
//     ending in -ed (praised, condemned), or in -s with an object after it, a determiner or a
//     capitalised name ("and denounces the US", not "and enemies"): "hailed X and denounced Y";
//   - a sentence (or a clause after ";"/":") that opens with "although", "though", "while" or
//     "whereas" is also cut at its first comma: "While Iran praised X, it condemned Y".
// The cutting word itself belongs to no clause.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fissure/coding/vader.h"
#include "fissure/lexicon/tone_lexicon.h"

namespace fissure {

struct ToneClause {
  uint32_t begin = 0;  // byte offsets in the sentence, surrounding whitespace trimmed
  uint32_t end = 0;
  std::string_view opened_by;  // the cut before it: "start", ";", ":", "dash", "but", "and+verb",
                               // "subordinate-comma", ... (a static string)
};

class ClauseSplitter {
 public:
  explicit ClauseSplitter(const ToneLexicon& lexicon) : lexicon_(lexicon) {}
  // The clauses of `sentence` in order; none for a sentence of whitespace alone.
  std::vector<ToneClause> split(std::string_view sentence) const;
  // The same for several splitters (lexicons) at once, the sentence read once: clauses[i] gets
  // splitters[i]->split(sentence).
  static void split_each(std::string_view sentence,
                         std::span<const ClauseSplitter* const> splitters,
                         std::span<std::vector<ToneClause>* const> clauses);

 private:
  const ToneLexicon& lexicon_;
};

struct TargetSpan {
  uint32_t begin = 0;  // byte offsets of a mention in the sentence
  uint32_t end = 0;
};

struct TargetTone {
  TargetSpan mention;
  ToneClause clause;    // the governing clause; empty (0, 0, "none") when the sentence has none
  double compound = 0;  // VADER compound of the clause, -1..+1
};

// One per thread (it holds a VaderScorer); the lexicon must outlive it.
class TargetToneScorer {
 public:
  explicit TargetToneScorer(const ToneLexicon& lexicon) : splitter_(lexicon), scorer_(lexicon) {}

  // One result per mention, in the order given. A mention outside the sentence, or in a cut,
  // takes the nearest following clause (or the last one).
  std::vector<TargetTone> score(std::string_view sentence, std::span<const TargetSpan> mentions);

 private:
  ClauseSplitter splitter_;
  VaderScorer scorer_;
};

}  // namespace fissure
