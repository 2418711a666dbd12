// What a report says about the archive itself, beside the measurements: which coder and
// dictionaries coded it, which outlets a side's voice comes from, and who speaks in it.
// Read-only; part of the store layer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/store/voice_data.h"
#include "fissure/util/status.h"

namespace fissure {

struct CodingRunInfo {
  int64_t id = 0;
  std::string coder, mode, started_at, finished_at;  // finished_at empty: the run was killed
  int64_t sentences = 0;
};

struct DictionaryCount {
  std::string dictionary;
  int64_t entries = 0;
};

struct CodingVersions {
  std::string coder;                // meta.coder: the version dictionary_entry belongs to
  std::vector<CodingRunInfo> runs;  // oldest first
  std::vector<DictionaryCount> dictionaries;
};

// Empty (no runs, no dictionaries) for an archive that was never coded.
Result<CodingVersions> load_coding_versions(Archive& archive);

// The outlets of a country (document.country) within a scope's dates: documents, their
// sentences, and the first and last date.
struct OutletCoverage {
  std::string source;
  int64_t documents = 0, sentences = 0, duplicates = 0;
  std::string first_date, last_date;
};
Result<std::vector<OutletCoverage>> load_outlet_coverage(Archive& archive,
                                                         const std::string& country,
                                                         const VoiceScope& scope);

// Who speaks in the archive (sentence_coding.speaker of English sentences), most sentences
// first. Reads every coding row: for messages and listings, not for hot paths.
struct SpeakerCount {
  std::string code;
  int64_t sentences = 0;
};
Result<std::vector<SpeakerCount>> load_speakers(Archive& archive);

// True when at least one sentence is spoken by `code`.
Result<bool> speaker_exists(Archive& archive, const std::string& code);

// The first and last day an ISO date bound can mean: "2019" → 2019-01-01 / 2019-12-31,
// "2019-05" → 2019-05-01 / 2019-05-31 (compared as text, so the 31st is safe in any month).
std::string first_day_of(const std::string& iso);
std::string last_day_of(const std::string& iso);

}  // namespace fissure
