// The rows third-party alignment is computed from: every tone toward a named actor in the English
// coded sentences of a period, with who spoke and in which document. Part of the store layer;
// the measurement itself is in analysis/alignment.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/util/status.h"

namespace fissure {

struct AlignmentQuery {
  // Documents whose dates overlap [from, to] (ISO "yyyy-mm-dd", inclusive), as the search
  // filters --from/--to select them.
  std::string from, to;
  std::string source;  // only this outlet or corpus (document.source); empty: every source
  // Whose voice a sentence is: the coder's speaker (sentence_coding.speaker, the default) or the
  // document's country (a UN speech is its country's voice throughout, even where it quotes).
  enum class Voice { kSentenceSpeaker, kDocumentCountry };
  Voice voice = Voice::kSentenceSpeaker;
};

// One mention's tone. Codes are indices into AlignmentData::codes.
struct ToneObservation {
  int32_t speaker = 0;
  int32_t target = 0;
  int64_t document = 0;  // document.key
  double tone = 0;       // mention.tone_fissure
};

struct AlignmentData {
  std::vector<std::string> codes;             // every speaker and target code, sorted, once each
  std::vector<ToneObservation> observations;  // sorted by speaker, target, document
  int64_t documents = 0;                      // documents of the period with coded English text
  int64_t coded_sentences = 0;                // English coded sentences of the period
  bool archive_coded = false;                 // the archive has any coded sentence at all

  // The index of code in codes, or -1.
  int32_t find(const std::string& code) const;
};

// Reads the observations of the period: current revisions only, boilerplate and documents linked
// as duplicates of earlier ones left out, sentences with a speaker and mentions with a tone.
// An archive of schema version 1 is kInvalidInput (it has no coding tables); one that was never
// coded, or a period without coded text, is not an error here: archive_coded and coded_sentences
// say so, and the caller words the message.
Result<AlignmentData> load_alignment_data(Archive& archive, const AlignmentQuery& query);

}  // namespace fissure
