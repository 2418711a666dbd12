// Everything fissure codes for one sentence, and the interface the store uses to get it. The
// store calls a SentenceCoder from its preparing threads during ingest and from `fissure code`;
// the coder that composes fissure's dictionaries is in sentence_coder.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/coding/coding_types.h"
#include "fissure/corpus/date.h"

namespace fissure {

// Tone toward one mentioned actor: the score of the clause that governs the mention.
struct MentionTone {
  size_t mention = 0;  // index into SentenceCoding::mentions
  double tone = 0;     // VADER-compatible compound, general lexicon
  double tone_fissure = 0;  // same scorer with fissure's lexicon of diplomacy and state media
  uint32_t clause_begin = 0, clause_end = 0;  // byte offsets of the governing clause
};

// One domain label and the term that triggered it.
struct DomainLabel {
  std::string domain;  // military, nuclear, diplomatic, economic, ideological, humanitarian
  uint32_t begin = 0, end = 0;
  Provenance why;
};

struct SentenceCoding {
  // "en" when the sentence was coded as English; otherwise the reason it was not ("und": not
  // English text), and then nothing else is set.
  std::string lang = "en";
  std::string speaker;  // actor code of who speaks; "" when unknown
  Provenance speaker_why;
  std::vector<ActorMention> mentions;
  std::vector<MentionTone> mention_tones;
  std::vector<CodedEvent> events;
  std::vector<DomainLabel> domains;  // one per matched term; several per domain possible
  double tone = 0;
  double tone_fissure = 0;
};

// What the coder knows about a sentence besides its text.
struct SentenceContext {
  std::string_view outlet_country;  // ISO3 of the document's outlet or speaker, or ""
  std::string_view source;          // outlet name
  std::optional<Date> date;         // the document's date
  std::string_view lang;            // the document's language tag, or "" when not given
};

// One dictionary entry as the archive remembers it, so that `fissure code` can tell which
// entries changed since the archive was coded and recode only the sentences they can affect.
struct DictionaryItem {
  std::string dictionary;  // dictionary name
  std::string key;         // stable within the dictionary, e.g. "PRK|Kim Jong Un"
  std::string hash;        // changes whenever anything the entry codes changes
  std::string phrase;      // an FTS5 query (fissure query language) that finds every sentence the
                           // entry can match, e.g. `"Kim Jong Un"` or `abandon*`; "*" = any
};

class SentenceCoder {
 public:
  virtual ~SentenceCoder() = default;
  // Codes one sentence. Thread-safe: called from several threads at once.
  virtual SentenceCoding code(std::string_view sentence, const SentenceContext& context) const = 0;
  // Identifies the coder and its dictionaries (versions and content hashes), for provenance.
  virtual std::string version() const = 0;
  // Every dictionary entry the coder uses.
  virtual std::vector<DictionaryItem> items() const = 0;
};

}  // namespace fissure
