// Who speaks in a sentence. By default the outlet's country (KCNA speaks for PRK); when the
// sentence attributes its words to another actor ("the US State Department said", "according to
// Yonhap", "Yonhap quoted a spokesman for X as saying", "“...,” said Zarif"), that actor speaks:
// a state by its code, a leader, official, organisation or group by its country when it has one,
// by its own code otherwise. Part of the coding layer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/coding/coding_types.h"

namespace fissure {

struct SpeakerAttribution {
  std::string code;         // the speaker: an ISO3 state, or an organisation's code
  bool attributed = false;  // false: the outlet's country, by default
  int mention = -1;         // index of the speaking actor in the mentions, or -1
  uint32_t cue_begin = 0;   // byte offsets of the cue ("said", "according to"), if any
  uint32_t cue_end = 0;
  Provenance why;  // rule name; dictionary and line of the speaking actor's entry
};

// Rules tried in order; the first that finds an actor decides:
//   speaker:according-to       "according to X"
//   speaker:quoted-as-saying   "... quoted X as saying"
//   speaker:spokesperson-for   "a spokesman for X"
//   speaker:reporting-verb     "X('s foreign ministry) said / told / warned ...", subject before
//                              the verb, within a few words and never across a quotation mark
//   speaker:reporting-verb-inverted   "“...,” said X" / "“...,” X said"
//   speaker:outlet             none applies: the outlet's country
// `mentions` are the sentence's actors (ActorCoder::find), in text order.
SpeakerAttribution attribute_speaker(std::string_view sentence,
                                     const std::vector<ActorMention>& mentions,
                                     std::string_view outlet_country);

// The code an actor speaks for: its country when it has one, else its own code.
std::string speaker_code(const ActorMention& actor);

}  // namespace fissure
