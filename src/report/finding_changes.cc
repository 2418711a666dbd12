// Comparing two runs of the findings, for the digest.
#include <cmath>
#include <map>

#include "fissure/report/digest.h"

namespace fissure::report {

std::string finding_key(const analysis::Finding& f) {
  const std::string period = f.period.find("..") == std::string::npos ? f.period : "(whole window)";
  std::string k = f.kind;
  for (const std::string* part : {&f.speaker, &f.target, &f.third_party, &period}) {
    k += '|';
    k += *part;
  }
  return k;
}

std::vector<FindingChange> compare_findings(const std::vector<analysis::Finding>& before,
                                            const std::vector<analysis::Finding>& after) {
  std::map<std::string, const analysis::Finding*> earlier;
  for (const auto& f : before) earlier.emplace(finding_key(f), &f);
  std::vector<FindingChange> out;
  std::map<std::string, bool> still_found;
  for (const auto& f : after) {
    std::string key = finding_key(f);
    auto it = earlier.find(key);
    if (it == earlier.end()) {
      out.push_back({FindingChange::Kind::kNew, {}, f});
      continue;
    }
    still_found[key] = true;
    const analysis::Finding& b = *it->second;
    // Changed: the new estimate lies outside what the earlier interval allowed.
    bool bounded = std::isfinite(b.ci_low) && std::isfinite(b.ci_high);
    if (bounded && (f.magnitude < b.ci_low || f.magnitude > b.ci_high))
      out.push_back({FindingChange::Kind::kChanged, b, f});
  }
  for (const auto& f : before)
    if (!still_found.count(finding_key(f))) out.push_back({FindingChange::Kind::kGone, f, {}});
  return out;
}

}  // namespace fissure::report
