// Directed dyad series: for a pair of states A and B, how A's voice speaks of B and B's voice of
// A, period by period. The numbers are in docs/signals.md ("Dyad series").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fissure/analysis/period.h"
#include "fissure/store/archive.h"
#include "fissure/store/voice_data.h"
#include "fissure/util/status.h"

namespace fissure::analysis {

struct DyadOptions {
  std::string a, b;  // actor codes as in mention.code (ISO3 for states)
  Resolution resolution = Resolution::kYear;
  VoiceScope scope;        // from, to, domain
  int min_sentences = 10;  // fewer scored sentences: the period is "too little text"
  int bootstrap_replicates = 1000;
  uint64_t seed = 20240101;
};

// One direction in one period: what `speaker` says of `target`.
struct DirectedPeriod {
  std::string speaker, target;
  int period = 0;                 // period_index
  std::string label;              // period_label
  int64_t sentences = 0;          // sentences of the speaker naming the target
  int64_t documents = 0;          // documents they come from
  int64_t speaker_sentences = 0;  // all English sentences of the speaker (attention's denominator)
  int64_t speaker_documents = 0;  // documents those come from
  double attention = 0;           // sentences / speaker_sentences; NaN when the speaker has none
  int64_t scored = 0;             // sentences with a tone toward the target
  double tone = 0, tone_ci_low = 0, tone_ci_high = 0;  // NaN when too little text
  bool enough_text = false;                            // scored >= min_sentences
  int64_t events[5] = {0, 0, 0, 0, 0};                 // by quad class 1..4 (index 0 unused)
  double goldstein_mean = 0;                           // NaN without events
  std::vector<double> domain_share;  // per DyadSeries::domains: share of the sentences
};

struct DyadSeries {
  DyadOptions options;
  std::vector<std::string> domains;
  std::vector<DirectedPeriod> rows;  // A→B periods in order, then B→A
  // Sentences about the other that fall in no period (undated, or dated less precisely than the
  // resolution), per direction.
  int64_t unplaced_ab = 0, unplaced_ba = 0;
  // The raw sentences, for signals that need them (cracks, report).
  VoiceData ab, ba;
  std::vector<VolumeRow> volume_a, volume_b;
  // Everything each side says, about every actor (third parties).
  std::shared_ptr<const SpeakerVoice> voice_a, voice_b;
};

// Errors: kInvalidInput for a bad or equal pair, kNotFound when the archive has no coding, when a
// side says nothing, or when neither names the other.
Result<DyadSeries> compute_dyad(Archive& archive, const DyadOptions& options);

// The arithmetic of compute_dyad over voices already read (tests build them by hand). Events
// must already be in voice_a.by_target[b] and voice_b.by_target[a] if wanted.
DyadSeries build_dyad(const DyadOptions& options, SpeakerVoice voice_a, SpeakerVoice voice_b);

// Sanity check for codes given by users: upper-case letters and digits, 2..8 characters.
bool valid_actor_code(const std::string& code);

}  // namespace fissure::analysis
