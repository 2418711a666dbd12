// TABARI-style shallow event coding (CAMEO), without a parser: the sentence is tokenised, actors
// are found by longest match over the actor and agent dictionaries, verbs by their dictionary
// forms, and each verb's patterns are matched on the words around it (source before the verb,
// target after it, unless a pattern's '$'/'+' say otherwise).
//
// The two halves are separate so that the verb coder can take actors from another recogniser:
//   PetrarchActorMatcher::find(text, date)        -> actor mentions (PETRARCH actor/agent codes)
//   EventCoder::code(text, date, mentions)         -> events between those mentions
// PetrarchCoder bundles both with the discard list, for coding with one PETRARCH environment.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/coding/coding_types.h"
#include "fissure/lexicon/cameo_tables.h"
#include "fissure/lexicon/petrarch_dictionaries.h"
#include "fissure/util/status.h"

namespace fissure {

// Finds actors (with their agents folded into the codes: "Gondor's government" → GONGOV,
// "MSF Arnor diplomat" → NGOARNGOV) on a date. Members of one phrase that names several actors
// ("the ambassadors of Arnor and Gondor", "The Shire" = FRO/BIL/SAM) share the phrase's span.
class PetrarchActorMatcher {
 public:
  explicit PetrarchActorMatcher(std::shared_ptr<const PetrarchActorDictionaries> dictionaries);
  ~PetrarchActorMatcher();
  PetrarchActorMatcher(PetrarchActorMatcher&&) noexcept;

  // Words that are verbs: an agent is not joined to an actor across them ("police arrested
  // students"). Without it the matcher knows no verbs.
  void set_verb_words(const PetrarchVerbDictionary& verbs);

  std::vector<ActorMention> find(std::string_view text, DateNumber date) const;
  // True when a discard phrase occurs in the text: such sentences are not coded.
  bool discarded(std::string_view text) const;

 private:
  struct Index;
  std::shared_ptr<const PetrarchActorDictionaries> dicts_;
  std::unique_ptr<Index> index_;
};

struct EventCoderOptions {
  int pattern_window = 15;  // how many words a pattern may span on either side of the verb
};

class EventCoder {
 public:
  // `tables` (optional) fills Goldstein and PLOVER; the quad class comes from the code itself.
  EventCoder(std::shared_ptr<const PetrarchVerbDictionary> verbs,
             std::shared_ptr<const CameoTables> tables = nullptr, EventCoderOptions options = {});
  ~EventCoder();
  EventCoder(EventCoder&&) noexcept;

  // Events of one sentence between the given actor mentions (byte offsets into `text`).
  std::vector<CodedEvent> code(std::string_view text, DateNumber date,
                               std::span<const ActorMention> actors) const;

  // The dictionary compiled for matching (words as integer ids); defined in event_coder.cc.
  struct Index;

 private:
  std::shared_ptr<const PetrarchVerbDictionary> verbs_;
  std::shared_ptr<const CameoTables> tables_;
  EventCoderOptions options_;
  std::unique_ptr<Index> index_;
};

// Actor matcher + event coder + discards of one PETRARCH environment.
class PetrarchCoder {
 public:
  PetrarchCoder(std::shared_ptr<const PetrarchActorDictionaries> actors,
                std::shared_ptr<const PetrarchVerbDictionary> verbs,
                std::shared_ptr<const CameoTables> tables = nullptr);

  // Loads <dir>/<verbs>, the actor files, agent files and discard files (names relative to dir).
  // Problems in the files are collected in `problems`; a missing file is an error.
  static Result<PetrarchCoder> load(const std::string& dir, const std::string& verb_file,
                                    const std::vector<std::string>& actor_files,
                                    const std::vector<std::string>& agent_files,
                                    const std::vector<std::string>& discard_files,
                                    std::shared_ptr<const CameoTables> tables,
                                    std::vector<std::string>* problems);

  std::vector<CodedEvent> code(std::string_view text, DateNumber date) const;
  const PetrarchActorMatcher& actors() const { return matcher_; }
  const EventCoder& events() const { return coder_; }

 private:
  PetrarchActorMatcher matcher_;
  EventCoder coder_;
};

// "19950101" or "1995-01-01" → 19950101; 0 when not a date.
DateNumber date_number(std::string_view date);

}  // namespace fissure
