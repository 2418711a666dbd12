// Third-party alignment: how alike two speakers sound about the actors they both speak of, for
// every pair of speakers in a period (for example one UN General Debate year). The text-based
// counterpart of UN voting agreement. Method and formulas: docs/alignment.md.
// Part of the analysis layer; reads its rows through store/alignment_data.h.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/store/alignment_data.h"
#include "fissure/util/status.h"

namespace fissure {

// A period as the user writes it: "yyyy", "yyyy-mm", "yyyy-mm-dd", or "FROM..TO" with either
// end in one of those forms (FROM's first day to TO's last day).
struct AlignmentPeriod {
  std::string label;     // as given
  std::string from, to;  // ISO days, inclusive
};
Result<AlignmentPeriod> parse_alignment_period(std::string_view text);

enum class AlignmentSimilarity {
  kPearson,  // Pearson r of the two tone vectors over the shared third parties
  kCosine,   // cosine of the two (centred) vectors: no per-pair mean is taken out
  kS,  // 1 − mean |x − y| (tones lie in −1..+1, so 1 − mean |x − y| lies in −1..+1): a
       // distance, as Signorino and Ritter's S for alliance portfolios and UN votes
  kAttention,  // not tone: cosine of log(1 + mentions) over the kept targets (whom both speak
               // of, and how much); defined for every pair, whatever they share
};

// "pearson", "cosine", "s", "attention"; and back (kInvalidInput for another name).
const char* similarity_name(AlignmentSimilarity s);
Result<AlignmentSimilarity> parse_similarity(std::string_view name);

struct AlignmentOptions {
  // A speaker's tone toward a target counts when the speaker mentions it at least this often.
  int min_mentions = 1;
  // A target enters the comparison when at least this many speakers speak of it: a target only
  // one or two speak of says nothing about alignment across the assembly.
  int min_speakers_per_target = 5;
  // A pair's alignment is computed only over at least this many shared third parties; below it,
  // it is NaN (null in JSON, empty in CSV).
  int min_shared_targets = 5;
  // Subtract the assembly's mean tone toward each target before comparing: alignment then
  // measures agreement on where a speaker departs from the consensus, not the consensus itself.
  bool centre_targets = true;
  AlignmentSimilarity similarity = AlignmentSimilarity::kPearson;
};

// A speaker's document-clustered tone toward one target: the mean over documents of the mean
// tone of its mentions in each document (one long speech counts as much as one short one).
struct TargetTone {
  int32_t target = 0;  // index into AlignmentMatrix::targets
  double tone = 0;     // after centring, when centre_targets
  double raw_tone = 0;
  int32_t documents = 0;
  int32_t mentions = 0;
};

struct SpeakerProfile {
  std::string code;
  std::vector<TargetTone> tones;  // kept targets only, ascending target index
  int64_t mentions = 0;           // every tone observation of the speaker in the period
};

constexpr double kNoAlignment = std::numeric_limits<double>::quiet_NaN();

struct AlignmentPair {
  int32_t a = 0, b = 0;             // indices into AlignmentMatrix::speakers, a < b
  double alignment = kNoAlignment;  // Pearson r over the shared third parties, −1..+1, or NaN
  int32_t shared_targets = 0;       // third parties both speak of (neither a's nor b's own code)
};

struct AlignmentMatrix {
  std::vector<SpeakerProfile> speakers;  // by code; only those with ≥ min_shared_targets targets
  std::vector<std::string> targets;      // the kept targets, by code
  std::vector<AlignmentPair> pairs;      // every a < b, in (a, b) order
  // Speakers with tone observations that had too few kept targets to be compared.
  std::vector<std::string> left_out;
  AlignmentOptions options;
  int64_t documents = 0;        // documents of the period with coded English text
  int64_t coded_sentences = 0;  // their English coded sentences

  // The pair of speakers i and j (i != j), in either order.
  const AlignmentPair& pair(size_t i, size_t j) const;
  // Index of a speaker code, or -1.
  int32_t speaker_index(std::string_view code) const;
};

// Builds each speaker's profile over the kept targets (document-clustered means, thresholds,
// centring).
class SpeakerProfiles {
 public:
  static void build(const AlignmentData& data, const AlignmentOptions& options,
                    AlignmentMatrix* out);
};

// Pearson correlation of two profiles over the targets both have, leaving out the two speakers'
// own codes. Profiles are sorted by target, so this is one merge.
class ThirdPartySimilarity {
 public:
  // exclude_a and exclude_b: target indices to skip (the speakers' own codes), or -1.
  static AlignmentPair compare(const SpeakerProfile& a, const SpeakerProfile& b, int32_t exclude_a,
                               int32_t exclude_b, int min_shared,
                               AlignmentSimilarity similarity = AlignmentSimilarity::kPearson);
};

// Everything above: profiles, then every pair.
AlignmentMatrix compute_alignment(const AlignmentData& data, const AlignmentOptions& options);

struct AlignmentRequest {
  AlignmentPeriod period;
  std::string source;  // empty: every source
  AlignmentQuery::Voice voice = AlignmentQuery::Voice::kSentenceSpeaker;
  AlignmentOptions options;
};

// Loads the period and computes its matrix. Nothing to measure is an error with a message that
// says why, never an empty matrix: an archive without coding (kInvalidInput), a period without
// coded English text, or fewer than two speakers with enough shared targets (kNotFound).
Result<AlignmentMatrix> align_period(Archive& archive, const AlignmentRequest& request);

}  // namespace fissure
