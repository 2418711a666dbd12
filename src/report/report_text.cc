#include "report_text.h"

#include <map>

#include "fissure/report/html_writer.h"

namespace fissure::report {

std::string actor_name(const std::string& code) {
  static const std::map<std::string, std::string> names = {
      {"IRN", "Iran"},          {"PRK", "North Korea"},    {"KOR", "South Korea"},
      {"USA", "United States"}, {"ISR", "Israel"},         {"JPN", "Japan"},
      {"RUS", "Russia"},        {"CHN", "China"},          {"IAEA", "IAEA"},
      {"UN", "United Nations"}, {"SYR", "Syria"},          {"IRQ", "Iraq"},
      {"SAU", "Saudi Arabia"},  {"GBR", "United Kingdom"}, {"FRA", "France"},
      {"DEU", "Germany"},       {"EU", "European Union"},  {"CUB", "Cuba"},
      {"VEN", "Venezuela"},     {"PSE", "Palestine"},      {"LBN", "Lebanon"},
      {"TUR", "Turkey"},        {"IND", "India"},          {"PAK", "Pakistan"},
      {"AFG", "Afghanistan"},   {"YEM", "Yemen"},          {"NATO", "NATO"},
      {"HEZB", "Hezbollah"},    {"EGY", "Egypt"},          {"UNSC", "UN Security Council"},
      {"LBY", "Libya"},         {"VNM", "Vietnam"}};
  auto it = names.find(code);
  if (it == names.end() || it->second == code) return code;
  std::string s = it->second;
  s += " (";
  s += code;
  s += ')';
  return s;
}

std::string kind_title(const std::string& kind) {
  if (kind == "reciprocity_gap") return "Reciprocity gap";
  if (kind == "third_party_divergence") return "Third-party divergence";
  if (kind == "agenda_divergence") return "Agenda divergence";
  if (kind == "change_point") return "Change point";
  if (kind == "silence") return "Silence";
  std::string s = kind;
  for (char& c : s)
    if (c == '_') c = ' ';
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string kind_unit(const std::string& kind) {
  if (kind == "reciprocity_gap") return "warmth A→B minus warmth B→A, in tone points";
  if (kind == "third_party_divergence")
    return "A's tone toward the third party minus B's, each relative to the side's own average "
           "sentence in the same periods (its register), in tone points";
  if (kind == "agenda_divergence")
    return "Jensen–Shannon divergence of the two domain mixes above its permutation-null mean";
  if (kind == "change_point") return "warmth after the change minus warmth before, in tone points";
  if (kind == "silence")
    return "mentions observed over mentions expected, minus 1 (−1: complete silence)";
  return "see docs/signals.md";
}

bool pair_level(const std::string& kind) {
  return kind == "reciprocity_gap" || kind == "third_party_divergence" ||
         kind == "agenda_divergence";
}

std::string who(const analysis::Finding& f) {
  if (!pair_level(f.kind)) return direction(f.speaker, f.target);
  std::string s = f.speaker;
  s += " vs ";
  s += f.target;
  return s;
}

std::string direction(const std::string& speaker, const std::string& target) {
  std::string s = speaker;
  s += " \xE2\x86\x92 ";
  s += target;
  return s;
}

std::string finding_figures(const analysis::Finding& f) {
  std::string s = "magnitude ";
  s += format_number(f.magnitude, 3, true);
  std::string interval = format_interval(f.ci_low, f.ci_high, 3);
  if (!interval.empty()) {
    s += ", adjusted interval ";
    s += interval;
  }
  std::string p = format_p_value(f.p_value);
  s += p[0] == '<' ? ", p " : ", p = ";
  s += p;
  s += " (family of ";
  s += std::to_string(f.tests);
  s += f.tests == 1 ? " test)" : " tests)";
  return s;
}

}  // namespace fissure::report
