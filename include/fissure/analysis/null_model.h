// The null model of the findings: two voices whose documents are dealt out again at random
// between the two speakers, keeping how many documents each has. Whatever the two sides really
// differ in is shuffled away; findings on shuffled voices are false positives, and their rate is
// what the stated error rate promises to bound (docs/signals.md, "Validation").
#pragma once

#include <cstdint>
#include <utility>

#include "fissure/store/voice_data.h"

namespace fissure::analysis {

// Deals the documents of a and b (by SpeakerVoice::documents) out again: each side keeps its
// number of documents and its speaker code, and receives every sentence, mention and volume of
// the documents it is dealt. Domain names are merged into one list. Reproducible for a seed.
std::pair<SpeakerVoice, SpeakerVoice> shuffle_speakers(const SpeakerVoice& a, const SpeakerVoice& b,
                                                       uint64_t seed);

}  // namespace fissure::analysis
