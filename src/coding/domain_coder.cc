#include "fissure/coding/domain_coder.h"

#include <map>
#include <utility>

namespace fissure {

DomainCoder::DomainCoder(std::shared_ptr<const PhraseMatcher> matcher, uint32_t dictionary)
    : matcher_(std::move(matcher)), dictionary_(dictionary) {}

Result<DomainCoder> DomainCoder::create(PhraseDictionary domains) {
  std::vector<PhraseDictionary> dictionaries;
  dictionaries.push_back(std::move(domains));
  auto matcher = PhraseMatcher::compile(std::move(dictionaries));
  if (!matcher) return matcher.status();
  return DomainCoder(std::move(*matcher), 0);
}

Result<DomainCoder> DomainCoder::builtin() {
  auto domains = PhraseDictionary::load_builtin("domains.fissure.txt");
  if (!domains) return domains.status();
  return create(std::move(*domains));
}

std::vector<DomainHit> DomainCoder::find(std::string_view sentence) const {
  return from_candidates(matcher_->candidates(sentence));
}

std::vector<DomainHit> DomainCoder::from_candidates(
    const std::vector<PhraseMatch>& candidates) const {
  const auto& dict = dictionary();
  std::vector<PhraseMatch> mine;
  for (const auto& c : candidates) {
    if (c.dictionary == dictionary_) mine.push_back(c);
  }
  if (mine.empty()) return {};  // most sentences: nothing to resolve or group
  auto won = resolve_overlaps(
      std::move(mine), [&](const PhraseMatch& m) { return dict.entries()[m.entry].is_discard(); });
  std::map<uint32_t, DomainHit> by_entry;  // dictionary order
  for (const auto& m : won) {
    DomainHit& hit = by_entry[m.entry];
    hit.domain = dict.entries()[m.entry].code;
    hit.terms.push_back({m.begin, m.end, {dict.name(), m.line, ""}});
  }
  std::vector<DomainHit> out;
  out.reserve(by_entry.size());
  for (auto& [entry, hit] : by_entry) out.push_back(std::move(hit));
  return out;
}

}  // namespace fissure
