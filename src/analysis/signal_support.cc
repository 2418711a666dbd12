// Shared pieces of the signal files (see signal_support.h).
#include "signal_support.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <limits>
#include <map>
#include <unordered_map>
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

Difference difference(const std::vector<Cluster>& a, const std::vector<Cluster>& b, double alpha,
                      int tests) {
  return difference_of(robust_mean(a, 0), robust_mean(b, 0), alpha, tests);
}

RegisterBaseline::RegisterBaseline(const std::vector<DocumentVolume>& documents, Resolution r) {
  for (const DocumentVolume& d : documents) {
    auto p = period_of(d.date, r);
    if (!p || d.tone_n == 0) continue;
    const double n = static_cast<double>(d.tone_n);
    Sums& sums = by_period_[*p];
    sums.s += d.tone_sum;
    sums.n += n;
    sums.ss += d.tone_sum * d.tone_sum;
    sums.sn += d.tone_sum * n;
    sums.nn += n * n;
    sums.documents++;
    by_document_[d.key] = {d.tone_sum, n};
  }
}

RegisterBaseline::Sums RegisterBaseline::over(const std::set<int>& periods) const {
  Sums total;
  for (int p : periods) {
    auto it = by_period_.find(p);
    if (it == by_period_.end()) continue;
    total.s += it->second.s;
    total.n += it->second.n;
    total.ss += it->second.ss;
    total.sn += it->second.sn;
    total.nn += it->second.nn;
    total.documents += it->second.documents;
  }
  return total;
}

std::pair<double, double> RegisterBaseline::document(int64_t key) const {
  auto it = by_document_.find(key);
  return it == by_document_.end() ? std::pair{0.0, 0.0} : it->second;
}

SentencesByPeriod sentences_by_period(const VoiceData& voice, Resolution r) {
  SentencesByPeriod out;
  for (const VoiceSentence& v : voice.sentences)
    if (auto p = period_of(v.date, r); p && !std::isnan(v.tone)) out[*p].push_back(&v);
  return out;
}

Estimate relative_tone(const SentencesByPeriod& about, const RegisterBaseline& baseline,
                       const std::set<int>& periods) {
  Estimate e;
  e.value = e.se = e.ci_low = e.ci_high = std::numeric_limits<double>::quiet_NaN();
  // The documents that name the actor: their tone sums toward it.
  std::unordered_map<int64_t, std::pair<double, double>> named;
  double about_sum = 0, about_n = 0;
  for (int p : periods) {
    auto it = about.find(p);
    if (it == about.end()) continue;
    for (const VoiceSentence* v : it->second) {
      auto& [sum, n] = named[v->document_key];
      sum += v->tone;
      n += 1;
      about_sum += v->tone;
      about_n += 1;
    }
  }
  const RegisterBaseline::Sums all = baseline.over(periods);
  e.n = static_cast<int64_t>(about_n);
  e.clusters = static_cast<int64_t>(named.size());
  if (about_n <= 0 || all.n <= 0) return e;
  const double about_mean = about_sum / about_n, all_mean = all.s / all.n;
  e.value = about_mean - all_mean;
  if (named.size() < 2 || all.documents < 2) return e;
  // Linearised contribution of document d to the difference of the two ratio means:
  //   z_d = (s_d − a·n_d) / N_a − (b_d − m·c_d) / N,
  // where (s_d, n_d) is its tone toward the actor and (b_d, c_d) over all its sentences. The
  // second term summed over every document comes from the per-period sums; the documents that
  // name the actor are then corrected one by one.
  double acc = (all.ss - 2 * all_mean * all.sn + all_mean * all_mean * all.nn) / (all.n * all.n);
  for (const auto& [key, sums] : named) {
    const auto [b, c] = baseline.document(key);
    const double base_term = (b - all_mean * c) / all.n;
    const double z = (sums.first - about_mean * sums.second) / about_n - base_term;
    acc += z * z - base_term * base_term;
  }
  const double g = static_cast<double>(all.documents);
  e.se = std::sqrt(std::max(0.0, g / (g - 1) * acc));
  return e;
}

Difference difference_of(const Estimate& a, const Estimate& b, double alpha, int tests) {
  Difference d;
  const double family_alpha = alpha / std::max(1, tests);
  d.a = a;
  d.b = b;
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
