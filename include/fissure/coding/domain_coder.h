// Which policy domains a sentence touches (military, nuclear, diplomatic, economic, ideological,
// humanitarian), from the term lists of domains.fissure.txt or another phrase dictionary whose
// entries are `domain`s. Multi-label: a sentence gets every domain one of whose terms it contains.
// Part of the coding layer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/coding/coding_types.h"
#include "fissure/lexicon/phrase_matcher.h"
#include "fissure/util/status.h"

namespace fissure {

struct DomainTerm {
  uint32_t begin = 0;  // byte offsets of the term in the sentence
  uint32_t end = 0;
  Provenance why;  // dictionary and line of the term's pattern
};

struct DomainHit {
  std::string domain;  // the entry's code: "military", "nuclear", ...
  std::vector<DomainTerm> terms;
};

class DomainCoder {
 public:
  // Codes with dictionary number `dictionary` of `matcher` (which may hold other dictionaries).
  DomainCoder(std::shared_ptr<const PhraseMatcher> matcher, uint32_t dictionary);

  static Result<DomainCoder> create(PhraseDictionary domains);
  // The built-in domains.fissure.txt.
  static Result<DomainCoder> builtin();

  // The domains of `sentence`, in the dictionary's order, each with its terms in text order.
  std::vector<DomainHit> find(std::string_view sentence) const;
  // The same from the candidates of a scan already made with this coder's matcher.
  std::vector<DomainHit> from_candidates(const std::vector<PhraseMatch>& candidates) const;

  const PhraseMatcher& matcher() const { return *matcher_; }
  const PhraseDictionary& dictionary() const { return matcher_->dictionaries()[dictionary_]; }

 private:
  std::shared_ptr<const PhraseMatcher> matcher_;
  uint32_t dictionary_;
};

}  // namespace fissure
