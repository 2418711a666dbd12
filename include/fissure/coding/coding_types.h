// The records the coding layer produces for one sentence. Every record carries its provenance:
// which dictionary entry or rule produced it, so that `fissure explain` can show it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fissure {

// Where a coded record came from: a dictionary file and line, or a named rule (or both).
struct Provenance {
  std::string dictionary;  // dictionary name, e.g. "actors.fissure.txt" or a file path
  int line = 0;            // 1-based line of the entry in that dictionary; 0 if none
  std::string rule;        // rule name, e.g. "speaker:reporting-verb"; empty if an entry alone
};

// One actor named in a sentence: byte offsets into the sentence text.
struct ActorMention {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string code;     // ISO 3166-1 alpha-3 for states; organisation codes otherwise
  std::string kind;     // state, former_state, org, leader, official, group
  std::string country;  // the state the actor belongs to (the code itself for states), or ""
  std::string name;     // the actor's display name, e.g. "Kim Jong Un"
  Provenance why;
};

// One source-verb-target event.
struct CodedEvent {
  std::string source;  // actor code, or "" when unknown
  std::string target;
  std::string cameo;  // 2-4 digit CAMEO code as a string ("064", "0874")
  double goldstein = 0;
  int quad_class =
      0;  // 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
  std::string plover;       // PLOVER event type, or ""
  uint32_t verb_begin = 0;  // byte offsets of the verb phrase in the sentence
  uint32_t verb_end = 0;
  Provenance why;
};

}  // namespace fissure
