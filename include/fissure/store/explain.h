// Everything the archive holds about one sentence's coding, with provenance, for
// `fissure explain`. Part of the store layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fissure/coding/sentence_coding.h"
#include "fissure/store/archive.h"
#include "fissure/util/status.h"

namespace fissure {

struct SentenceExplanation {
  int64_t sentence_id = 0;
  std::string document_id;
  std::optional<std::string> source, country, date;
  int revision = 0;
  bool current = true;      // of the document's current revision
  bool boilerplate = false;
  std::string text;
  bool coded = false;
  // The coding, as stored. mention_tones index mentions; tone fields as in SentenceCoding.
  SentenceCoding coding;
  std::string speaker_rule;
  std::string coder;      // the coder (and version) that coded it
  std::string coded_at;   // when its coding run started
};

Result<SentenceExplanation> explain_sentence(Archive& archive, int64_t sentence_id);

}  // namespace fissure
