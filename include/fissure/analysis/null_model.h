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
// the documents it is dealt; a sentence about the partner stays about the partner (the other
// side of the side it is dealt to). Domain names are merged into one list. Reproducible for a
// seed.
//
// This is the null of the kinds that compare the two sides (reciprocity, third parties, agenda,
// silences). It keeps each document's date, so a change over time in what both sides say stays
// a change: change points are checked against voices without any change instead
// (tests/analysis/signals_test.cc).
std::pair<SpeakerVoice, SpeakerVoice> shuffle_speakers(const SpeakerVoice& a, const SpeakerVoice& b,
                                                       uint64_t seed);

}  // namespace fissure::analysis
