// Shared pieces of the signal files (see signal_support.h).
#include "signal_support.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <limits>
#include <map>
#include <unordered_set>

namespace fissure::analysis {

std::vector<Cluster> tone_clusters(const VoiceData& voice, const SentencePredicate& keep) {
  std::map<int64_t, Cluster> by_document;
  for (const VoiceSentence& v : voice.sentences) {
    if (std::isnan(v.tone) || !keep(v)) continue;
    Cluster& c = by_document[v.document_key];
    c.sum += v.tone;
    c.sum_squares += v.tone * v.tone;
    c.n++;
  }
  std::vector<Cluster> out;
  out.reserve(by_document.size());
  for (auto& [_, c] : by_document) out.push_back(c);
  return out;
}

SentencePredicate in_period(Resolution r, int period) {
  if (period == kWholeWindow) return [](const VoiceSentence&) { return true; };
  return [r, period](const VoiceSentence& v) {
    auto p = period_of(v.date, r);
    return p && *p == period;
  };
}

std::set<int> shared_periods(const VoiceData& a, const VoiceData& b, Resolution r, bool domains) {
  auto periods = [&](const VoiceData& v) {
    std::set<int> out;
    for (const VoiceSentence& s : v.sentences) {
      if (domains ? s.domain_mask == 0 : std::isnan(s.tone)) continue;
      if (auto p = period_of(s.date, r)) out.insert(*p);
    }
    return out;
  };
  std::set<int> pa = periods(a), pb = periods(b), both;
  std::set_intersection(pa.begin(), pa.end(), pb.begin(), pb.end(),
                        std::inserter(both, both.end()));
  return both;
}

SentencePredicate in_periods(Resolution r, std::set<int> periods) {
  return [r, periods = std::move(periods)](const VoiceSentence& v) {
    auto p = period_of(v.date, r);
    return p && periods.count(*p) > 0;
  };
}

std::string record_label(const VoiceData& ab, const VoiceData& ba, Resolution r) {
  auto span = [r](const VoiceData& v) {
    std::set<int> periods;
    for (const VoiceSentence& s : v.sentences)
      if (auto p = period_of(s.date, r)) periods.insert(*p);
    std::string out = v.speaker + " ";
    if (periods.empty()) return out + "undated";
    out += period_label(*periods.begin(), r);
    if (periods.size() > 1) out += ".." + period_label(*periods.rbegin(), r);
    return out;
  };
  return "whole record (" + span(ab) + ", " + span(ba) + ")";
}

std::string span_label(const std::set<int>& periods, Resolution r) {
  if (periods.empty()) return "none";
  if (periods.size() == 1) return period_label(*periods.begin(), r);
  std::string out = period_label(*periods.begin(), r) + ".." + period_label(*periods.rbegin(), r);
  out += " (" + std::to_string(periods.size()) + " " + resolution_name(r) + "s with both)";
  return out;
}

double baseline_tone(const std::vector<VolumeRow>& volume, Resolution r,
                     const std::set<int>& periods) {
  double sum = 0;
  int64_t n = 0;
  for (const VolumeRow& row : volume) {
    auto p = period_of(row.date, r);
    if (!periods.empty() && (!p || !periods.count(*p))) continue;
    sum += row.tone_sum;
    n += row.tone_n;
  }
  return n ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

std::vector<Cluster> shifted(std::vector<Cluster> clusters, double shift) {
  for (Cluster& c : clusters) {
    c.sum_squares += -2 * shift * c.sum + shift * shift * c.n;
    c.sum -= shift * c.n;
  }
  return clusters;
}

Difference difference(const std::vector<Cluster>& a, const std::vector<Cluster>& b, double alpha,
                      int tests) {
  Difference d;
  const double family_alpha = alpha / std::max(1, tests);
  d.a = robust_mean(a, 0);
  d.b = robust_mean(b, 0);
  d.value = d.a.value - d.b.value;
  d.se = std::sqrt(d.a.se * d.a.se + d.b.se * d.b.se);
  d.ci_low = d.ci_high = std::numeric_limits<double>::quiet_NaN();
  if (std::isnan(d.se) || std::isnan(d.value) || !(d.se > 0)) return d;
  // Welch–Satterthwaite degrees of freedom with documents, not sentences, as the units.
  const double va = d.a.se * d.a.se, vb = d.b.se * d.b.se;
  const double df = (va + vb) * (va + vb) /
                    (va * va / static_cast<double>(d.a.clusters - 1) +
                     vb * vb / static_cast<double>(d.b.clusters - 1));
  const double t = t_quantile_two_sided(family_alpha, df);
  d.ci_low = d.value - t * d.se;
  d.ci_high = d.value + t * d.se;
  d.p = std::min(1.0, t_p_two_sided(d.value / d.se, df) * std::max(1, tests));
  d.excludes_zero = d.ci_low > 0 || d.ci_high < 0;
  d.strength = d.excludes_zero ? std::min(std::fabs(d.ci_low), std::fabs(d.ci_high)) : 0;
  return d;
}

Finding tone_finding(const Difference& d, int tests) {
  Finding f;
  f.magnitude = d.value;
  f.ci_low = d.ci_low;
  f.ci_high = d.ci_high;
  f.p_value = d.p;
  f.tests = tests;
  f.strength = d.strength;
  return f;
}

std::vector<Evidence> pick_evidence(const VoiceData& voice, const SentencePredicate& keep,
                                    Order order, int k, const std::string& why) {
  std::vector<const VoiceSentence*> candidates;
  for (const VoiceSentence& v : voice.sentences)
    if (keep(v)) candidates.push_back(&v);
  auto score = [order](const VoiceSentence* v) {
    if (std::isnan(v->tone)) return -std::numeric_limits<double>::infinity();
    switch (order) {
      case Order::kWarmest:
        return v->tone;
      case Order::kColdest:
        return -v->tone;
      case Order::kStrongest:
        return std::fabs(v->tone);
    }
    return 0.0;
  };
  // A quote should be readable on its own: sentences of 40..400 bytes first (KCNA's longest
  // sentences are lists of names in which the target is one of many).
  auto quotable = [](const VoiceSentence* v) {
    return v->length == 0 || (v->length >= 40 && v->length <= 400);
  };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](const VoiceSentence* x, const VoiceSentence* y) {
                     if (quotable(x) != quotable(y)) return quotable(x);
                     return score(x) > score(y);
                   });
  std::vector<Evidence> out;
  std::unordered_set<int64_t> documents;
  for (const VoiceSentence* v : candidates) {
    if (static_cast<int>(out.size()) >= k) break;
    if (!documents.insert(v->document_key).second) continue;
    Evidence e;
    e.quote.sentence_id = v->sentence_id;
    e.quote.speaker = voice.speaker;
    e.marked = voice.target;
    e.tone = v->tone;
    e.why = why;
    out.push_back(std::move(e));
  }
  return out;
}

std::string signed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f", v);
  return buf;
}

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace fissure::analysis
