#include "fissure/coding/actor_coder.h"

#include <utility>

namespace fissure {

ActorCoder::ActorCoder(std::shared_ptr<const PhraseMatcher> matcher, uint32_t dictionary)
    : matcher_(std::move(matcher)), dictionary_(dictionary) {}

Result<ActorCoder> ActorCoder::create(PhraseDictionary actors) {
  std::vector<PhraseDictionary> dictionaries;
  dictionaries.push_back(std::move(actors));
  auto matcher = PhraseMatcher::compile(std::move(dictionaries));
  if (!matcher) return matcher.status();
  return ActorCoder(std::move(*matcher), 0);
}

Result<ActorCoder> ActorCoder::builtin() {
  auto actors = PhraseDictionary::load_builtin("actors.fissure.txt");
  if (!actors) return actors.status();
  return create(std::move(*actors));
}

std::vector<ActorMention> ActorCoder::find(std::string_view sentence, const Date& date,
                                           std::string_view outlet_country) const {
  return from_candidates(matcher_->candidates(sentence), date, outlet_country);
}

std::vector<ActorMention> ActorCoder::from_candidates(const std::vector<PhraseMatch>& candidates,
                                                      const Date& date,
                                                      std::string_view outlet_country) const {
  const auto& dict = dictionary();
  std::vector<PhraseMatch> mine;
  for (const auto& c : candidates) {
    if (c.dictionary != dictionary_) continue;
    const PhraseEntry& e = dict.entries()[c.entry];
    if (e.valid_on(date) && e.valid_for_outlet(outlet_country)) mine.push_back(c);
  }
  if (mine.empty()) return {};  // nothing to resolve
  auto won = resolve_overlaps(
      std::move(mine), [&](const PhraseMatch& m) { return dict.entries()[m.entry].is_discard(); });
  std::vector<ActorMention> out;
  out.reserve(won.size());
  for (const auto& m : won) {
    const PhraseEntry& e = dict.entries()[m.entry];
    ActorMention a;
    a.begin = m.begin;
    a.end = m.end;
    a.code = e.code;
    a.kind = e.kind;
    a.country = e.country;
    a.name = e.name;
    a.why.dictionary = dict.name();
    a.why.line = m.line;
    out.push_back(std::move(a));
  }
  return out;
}

std::set<std::string> states(const std::vector<ActorMention>& mentions) {
  std::set<std::string> out;
  for (const auto& m : mentions) {
    if (m.kind == "state" || m.kind == "former_state") {
      out.insert(m.code);
    } else if ((m.kind == "leader" || m.kind == "official") && !m.country.empty()) {
      out.insert(m.country);
    }
  }
  return out;
}

}  // namespace fissure
