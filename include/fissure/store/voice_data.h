// What one speaker's voice says about a target, read from the coding tables for the analysis
// layer: the sentences in which the speaker names the target (with the tone toward it, domains
// and events), the speaker's sentence volume over time (the denominator of attention), and the
// quotes behind a finding. Read-only; part of the store layer.
//
// Every query counts current revisions only, leaves out boilerplate sentences and documents
// linked as duplicates of an earlier one (a story KCNA re-ran counts once), and takes only
// sentences coded as English.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/util/status.h"

namespace fissure {

// Restricts what the voice queries read. Dates are ISO (`yyyy`, `yyyy-mm` or `yyyy-mm-dd`) and
// compare with a document's date range, as the search filters do: a document counts when its
// date range overlaps [from, to].
struct VoiceScope {
  std::string from, to;  // empty: unbounded
  std::string domain;    // non-empty: only sentences with a term of this domain
  // A state's voice is what its own outlets and delegates say (documents of its country). An
  // Iranian envoy quoted by KCNA is KCNA's account of Iran; false counts that too.
  bool own_outlets = true;
};

// A document's date as stored: the first day it can mean, and how precise it is.
struct DocumentDate {
  std::string start;   // yyyy-mm-dd; empty when undated
  char precision = 0;  // 'y', 'm', 'd'; 0 when undated
};

// One sentence in which the speaker names the target.
struct VoiceSentence {
  int64_t sentence_id = 0;
  int64_t document_key = 0;
  DocumentDate date;
  double tone = 0;           // mean tone_fissure toward the target's mentions; NaN if none scored
  int length = 0;            // bytes of the sentence (evidence prefers quotable ones)
  uint32_t domain_mask = 0;  // bit i: VoiceData::domains[i]
  // Events in the sentence between the speaker and the target (either as source or target),
  // when requested: count per quad class (index 1..4) and the sum of their Goldstein scores.
  int quad_events[5] = {0, 0, 0, 0, 0};
  double goldstein_sum = 0;
};

struct VoiceData {
  std::string speaker, target;
  std::string target_country;  // the state the target belongs to (mention.country), "" if none
  std::vector<std::string> domains;  // names for VoiceSentence::domain_mask bits
  std::vector<VoiceSentence> sentences;
};

// The sentences in which `speaker` (sentence_coding.speaker) names `target` (mention.code).
// with_events adds the events between the two (one more lookup per sentence).
Result<VoiceData> load_voice(Archive& archive, const std::string& speaker,
                             const std::string& target, const VoiceScope& scope, bool with_events);

// A speaker's English sentences per document date: the denominator of attention.
struct VolumeRow {
  DocumentDate date;
  int64_t sentences = 0;
  int64_t documents = 0;
  // Sum and count of the sentences' tone_fissure: the speaker's own baseline tone, which
  // separates an outlet's general register (KCNA is harsher about everything) from its stance.
  double tone_sum = 0;
  int64_t tone_n = 0;
};

// Everything one speaker says, read in one pass: its volume per document date and, for every
// actor it names, the sentences naming it (as load_voice gives them, without events). The pass
// reads every coded sentence of the speaker once, which is cheaper than a query per target when
// many targets are wanted (third parties).
// One document of a speaker's voice: what its volume rows are made of.
struct DocumentVolume {
  int64_t key = 0;
  DocumentDate date;
  int64_t sentences = 0;
  double tone_sum = 0;
  int64_t tone_n = 0;
};

struct SpeakerVoice {
  std::string speaker;
  std::vector<VolumeRow> volume;          // by document date
  std::vector<DocumentVolume> documents;  // the same, by document
  std::vector<std::string> domains;       // shared by every VoiceData below
  std::unordered_map<std::string, VoiceData> by_target;
};
Result<SpeakerVoice> load_speaker_voice(Archive& archive, const std::string& speaker,
                                        const VoiceScope& scope);
// Adds the events between voice.speaker and voice.target to each sentence.
Status add_events(Archive& archive, VoiceData* voice);

// True when the archive has coded sentences (schema 2 and at least one sentence_coding row).
Result<bool> archive_is_coded(Archive& archive);

// Everything a reader needs to quote a sentence: its text, where it comes from, and where the
// target is named in it.
struct Quote {
  int64_t sentence_id = 0;
  std::string document_id, date, source, country, title, url;
  std::string text;                               // the sentence
  std::vector<std::pair<int, int>> target_spans;  // byte offsets of the target's mentions
  std::string speaker;
};
// Quotes for the given sentences, in the given order; `target` (may be empty) selects which
// mentions are marked. Unknown ids are left out.
Result<std::vector<Quote>> load_quotes(Archive& archive, const std::vector<int64_t>& sentence_ids,
                                       const std::string& target);

// The full current text of a document, for reports that include the documents they quote.
struct DocumentText {
  std::string id, title, date, source, country, url, text;
};
Result<DocumentText> load_document_text(Archive& archive, const std::string& document_id);

}  // namespace fissure
