// The PETRARCH/TABARI dictionaries: actors, agents, discards and verb patterns, in the formats of
// the Open Event Data Alliance's PETRARCH coders (../shared/reference/petrarch2/dictionaries).
// Every malformed entry is reported as "FILE:LINE: reason", skipped, and loading goes on.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/util/status.h"

namespace fissure {

// A date as the number yyyymmdd (0 = unknown); dictionary dates in YYMMDD form are read as 19YY
// for YY >= 30 and 20YY below.
using DateNumber = int32_t;

// One code of an actor with its validity: [HOBGOV 19950601-19990815], [HOB <950601], [X >990816].
struct DatedActorCode {
  std::string code;         // upper case; "---" for "known, but not coded"
  DateNumber from = 0;      // inclusive; 0 = open
  DateNumber until = 0;     // exclusive; 0 = open
  bool restricted = false;  // false for the plain default code
};

struct PetrarchActor {
  std::vector<std::vector<std::string>> phrases;  // the name and its +synonyms, as words
  std::vector<DatedActorCode> codes;              // in file order
  int line = 0;

  // The codes valid on `date` (yyyymmdd; 0 = undated): the first restricted code whose range
  // holds the date, else the default. A code "A/B/C" names several actors (all three are given).
  std::vector<std::string> codes_on(DateNumber date) const;
};

struct PetrarchAgent {
  std::vector<std::vector<std::string>> phrases;  // singular and plural forms, as words
  std::string code;                               // without the '~'
  bool prefix = false;  // [NGO~]: the code goes before the actor's; [~GOV]: after it
  int line = 0;
};

struct PetrarchDiscard {
  std::vector<std::string> words;
  bool whole_story = false;  // '+' entries discard the story; a sentence is all we see of it
  int line = 0;
};

// Actors, agents and discards of one coding environment.
struct PetrarchActorDictionaries {
  std::vector<PetrarchActor> actors;
  std::vector<PetrarchAgent> agents;
  std::vector<PetrarchDiscard> discards;
  std::vector<std::string> actor_files, agent_files, discard_files;  // names for provenance
  std::vector<int> actor_file_of;  // index into actor_files per actor (same for agents below)
  std::vector<int> agent_file_of;
  std::vector<std::string> problems;  // "FILE:LINE: reason"
};

// Parsers over file contents (`file` names the source in messages). They append to `into`.
void parse_petrarch_actors(std::string_view content, const std::string& file,
                           PetrarchActorDictionaries& into);
void parse_petrarch_agents(std::string_view content, const std::string& file,
                           PetrarchActorDictionaries& into);
void parse_petrarch_discards(std::string_view content, const std::string& file,
                             PetrarchActorDictionaries& into);

// Parses "yyyymmdd" or "yymmdd" (digits only); 0 when not a date.
DateNumber parse_dictionary_date(std::string_view digits);

// ---- Verb dictionaries ----

// One element of a verb pattern.
struct PatternElement {
  enum class Kind {
    kWord,      // a literal word
    kSynset,    // &NAME: any member phrase of the synonym set
    kVerb,      // '*': where the verb is
    kSource,    // '$': the source actor
    kTarget,    // '+': the target actor
    kCompound,  // '%': a compound actor (events between its members, or a compound target)
    kSkip,      // '^': skip one noun phrase
  };
  Kind kind = Kind::kWord;
  std::string text;            // the word, or the synset name for kSynset
  bool glued_to_next = false;  // joined to the next element by '_': no words between them
};

struct VerbPattern {
  std::vector<PatternElement> elements;  // in text order; exactly one kVerb
  std::string code;                      // the event code ("064", "1721", "174K")
  std::string reverse_code;              // [A:B]: B codes the event from target to source
  int line = 0;
};

// One verb (or multi-word verb) of a block and its inflected forms.
struct VerbForm {
  std::vector<std::vector<std::string>>
      forms;              // each form as words: base, -s, -ed, -ing, irregulars
  std::vector<int> head;  // per form: which word is the verb ('+' marks it in "+BREAK_DOWN")
  std::string code;       // the verb's own code, or "" to use the block's
  int line = 0;
};

struct VerbBlock {
  std::string name;
  std::string code;  // default code of the block; "---" = no event unless a pattern matches
  std::string reverse_code;
  std::vector<VerbForm> verbs;
  std::vector<VerbPattern> patterns;  // in file order: the first that matches wins
  int line = 0;
};

struct PetrarchVerbDictionary {
  std::string file;
  std::map<std::string, std::vector<std::vector<std::string>>> synsets;  // name without '&'
  std::vector<VerbBlock> blocks;
  std::vector<std::string> problems;
};

// Reads both layouts: PETRARCH-1/validation ("- SAID $ * [113]", '_' joins, '%', '^') and
// PETRARCH2 CAMEO.2.0 ("- * (TO {BANNED PARTIES}) $ [1722]": '{..}' a noun phrase, its words
// adjacent; '(..)' a prepositional phrase).
PetrarchVerbDictionary parse_petrarch_verbs(std::string_view content, const std::string& file);

// Regular forms of an English verb: base, 3rd person, past, gerund (TABARI's rules).
std::vector<std::string> regular_verb_forms(const std::string& base);

// Reads a file into a string; errors as Status.
Result<std::string> read_dictionary_file(const std::string& path);

}  // namespace fissure
