#include "fissure/coding/actor_eval.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "fissure/coding/actor_coder.h"
#include "fissure/corpus/date.h"

namespace fissure {

double StateScores::precision() const {
  const int64_t produced = true_positives + false_positives;
  return produced ? static_cast<double>(true_positives) / static_cast<double>(produced) : 1.0;
}
double StateScores::recall() const {
  const int64_t expected = true_positives + false_negatives;
  return expected ? static_cast<double>(true_positives) / static_cast<double>(expected) : 1.0;
}
double StateScores::f1() const {
  const double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

Result<std::vector<GoldSentence>> read_actor_gold(const std::string& path, std::vector<std::string>* problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open the gold file");
  std::vector<GoldSentence> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    auto bad = [&](const std::string& reason) {
      if (problems) problems->push_back(path + ":" + std::to_string(n) + ": " + reason);
    };
    if (j.is_discarded() || !j.is_object()) {
      bad("not a JSON object");
      continue;
    }
    if (!j.contains("text") || !j["text"].is_string() || !j.contains("states") || !j["states"].is_array()) {
      bad("needs \"text\" (a string) and \"states\" (an array of codes)");
      continue;
    }
    GoldSentence g;
    g.line = n;
    g.text = j["text"].get<std::string>();
    auto str = [&](const char* key) {
      return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
    };
    g.corpus = str("corpus");
    g.document_id = str("doc_id");
    g.country = str("country");
    g.date = str("date");
    g.sample = str("sample");
    bool ok = true;
    for (const auto& s : j["states"]) {
      if (!s.is_string()) ok = false;
      else g.states.insert(s.get<std::string>());
    }
    if (!ok) {
      bad("\"states\" must hold strings");
      continue;
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::set<std::string> coded_states(const SentenceCoding& coding) { return states(coding.mentions); }

ActorEvaluation evaluate_states(const SentenceCoder& coder, const std::vector<GoldSentence>& gold) {
  ActorEvaluation out;
  std::map<std::string, StateScores> by_sample;
  for (const GoldSentence& g : gold) {
    SentenceContext context;
    context.outlet_country = g.country;
    std::optional<Date> date;
    if (auto d = parse_iso_date(g.date)) date = *d;
    context.date = date;
    const std::set<std::string> found = coded_states(coder.code(g.text, context));
    StateError error{&g, {}, {}};
    for (const auto& s : g.states)
      if (!found.count(s)) error.missed.insert(s);
    for (const auto& s : found)
      if (!g.states.count(s)) error.spurious.insert(s);
    const int64_t tp = static_cast<int64_t>(g.states.size() - error.missed.size());
    std::string group = g.sample.substr(0, g.sample.find(':'));
    if (group.empty()) group = "unlabelled";
    for (StateScores* s : {&out.all, &by_sample[group]}) {
      ++s->sentences;
      s->true_positives += tp;
      s->false_negatives += static_cast<int64_t>(error.missed.size());
      s->false_positives += static_cast<int64_t>(error.spurious.size());
    }
    if (!error.missed.empty() || !error.spurious.empty()) out.errors.push_back(std::move(error));
  }
  out.by_sample.assign(by_sample.begin(), by_sample.end());
  return out;
}

}  // namespace fissure
