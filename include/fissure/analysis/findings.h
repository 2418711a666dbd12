// Dissonance findings ("cracks") between two partners: ranked, each with an interval that
// excludes "no difference" and the sentences behind it. Each kind is one file
// (src/analysis/signal_*.cc); the formulas and the multiple-comparison rule are in
// docs/signals.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fissure/analysis/dyad.h"
#include "fissure/store/archive.h"
#include "fissure/store/voice_data.h"
#include "fissure/util/status.h"

namespace fissure::analysis {

struct CracksOptions {
  DyadOptions dyad;                // pair, resolution, scope, min_sentences, seed
  double alpha = 0.05;             // family-wise error rate per kind (Bonferroni)
  int evidence = 4;                // quotes per finding (3..5)
  int max_third_parties = 40;      // candidates tested, the most named first
  int permutations = 2000;         // agenda divergence null distribution
  std::vector<std::string> kinds;  // empty: all kinds
};

// A quote that backs a finding, and why it was chosen.
struct Evidence {
  Quote quote;
  std::string why;
  std::string marked;  // the actor whose mentions the quote marks (target or third party)
  double tone = 0;     // tone toward the marked actor; NaN when not scored
};

struct Finding {
  std::string kind;  // reciprocity_gap, third_party_divergence, agenda_divergence, change_point,
                     // silence
  std::string speaker, target, third_party;  // who the finding is about (third_party may be "")
  std::string period;                        // a period label, or "FROM..TO" for the whole window
  double magnitude = 0, ci_low = 0, ci_high = 0;  // in the kind's own unit (docs/signals.md)
  double p_value = 0;
  int tests = 1;        // the size of the family this finding was tested in
  double strength = 0;  // the ranking key: the interval bound nearest to "no difference", scaled
  std::string summary;  // one sentence in plain words
  std::vector<Evidence> evidence;
};

struct Cracks {
  CracksOptions options;
  std::vector<Finding> findings;   // ranked, strongest first
  std::vector<std::string> notes;  // what could not be tested and why (too little text, ...)
  int64_t tests = 0;               // comparisons made, over all kinds
};

const std::vector<std::string>& finding_kinds();

// Reads the pair (compute_dyad), runs the signals and fetches the quotes.
Result<Cracks> find_cracks(Archive& archive, const CracksOptions& options);
// The signals over a series already computed, ranked; evidence carries sentence ids only (no
// quote text). Checks the options as find_cracks does.
Result<Cracks> find_cracks_in(const DyadSeries& series, const CracksOptions& options);

// The signals, one per file; each appends its findings (evidence without quote text) and notes.
struct SignalContext {
  const CracksOptions& options;
  const DyadSeries& series;
};
void find_reciprocity_gaps(const SignalContext& ctx, Cracks* out);
void find_third_party_divergence(const SignalContext& ctx, Cracks* out);
void find_agenda_divergence(const SignalContext& ctx, Cracks* out);
void find_change_points(const SignalContext& ctx, Cracks* out);
void find_silences(const SignalContext& ctx, Cracks* out);

}  // namespace fissure::analysis
