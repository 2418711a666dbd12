// Finds the actors a sentence names, with the actor dictionary (actors.fissure.txt or another
// phrase dictionary) compiled into a PhraseMatcher. Entries with from=/to= dates take part only
// when the sentence's date can fall in their period; an undated sentence (year 0) matches all.
// Part of the coding layer.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/coding/coding_types.h"
#include "fissure/corpus/date.h"
#include "fissure/lexicon/phrase_matcher.h"
#include "fissure/util/status.h"

namespace fissure {

class ActorCoder {
 public:
  // Codes with dictionary number `dictionary` of a matcher that may hold other dictionaries too
  // (so that one scan serves several coders: see from_candidates).
  ActorCoder(std::shared_ptr<const PhraseMatcher> matcher, uint32_t dictionary);

  // Compiles `actors` alone.
  static Result<ActorCoder> create(PhraseDictionary actors);
  // The built-in actors.fissure.txt; kNotFound when the library was built without it.
  static Result<ActorCoder> builtin();

  // The actors named in `sentence`, in text order.
  // Entries restricted to an outlet (outlet=ISO3) take part only when `outlet_country` is theirs.
  std::vector<ActorMention> find(std::string_view sentence, const Date& date,
                                 std::string_view outlet_country = {}) const;
  // The same from the candidates of a scan already made (PhraseMatcher::candidates on this
  // coder's matcher): matches of other dictionaries are ignored.
  std::vector<ActorMention> from_candidates(const std::vector<PhraseMatch>& candidates,
                                            const Date& date,
                                            std::string_view outlet_country = {}) const;

  const PhraseMatcher& matcher() const { return *matcher_; }
  const PhraseDictionary& dictionary() const { return matcher_->dictionaries()[dictionary_]; }

 private:
  std::shared_ptr<const PhraseMatcher> matcher_;
  uint32_t dictionary_;
};

// The ISO3 states the mentions refer to: states and former states by their code, leaders and
// officials by their country. Organisations and groups do not count, even with a country.
std::set<std::string> states(const std::vector<ActorMention>& mentions);

}  // namespace fissure
