// Change points in each directed warmth series: binary segmentation of the period sequence with
// a BIC penalty, each change then tested as a difference of means (docs/signals.md).
#include <algorithm>
#include <cmath>
#include <map>

#include "signal_support.h"

namespace fissure::analysis {
namespace {

struct PeriodStats {
  int period = 0;
  double n = 0, sum = 0, sum_squares = 0;
};

// Sum of squared deviations from the mean of periods [begin, end), from prefix sums.
struct Prefix {
  std::vector<double> n, sum, sum_squares;
  explicit Prefix(const std::vector<PeriodStats>& p)
      : n(p.size() + 1), sum(p.size() + 1), sum_squares(p.size() + 1) {
    for (size_t i = 0; i < p.size(); ++i) {
      n[i + 1] = n[i] + p[i].n;
      sum[i + 1] = sum[i] + p[i].sum;
      sum_squares[i + 1] = sum_squares[i] + p[i].sum_squares;
    }
  }
  double count(size_t b, size_t e) const { return n[e] - n[b]; }
  double cost(size_t b, size_t e) const {
    double k = n[e] - n[b];
    if (k <= 0) return 0;
    double s = sum[e] - sum[b];
    return (sum_squares[e] - sum_squares[b]) - s * s / k;
  }
};

// Splits [begin, end) where the cost falls most, while the fall beats the penalty and both sides
// keep min_n sentences. Appends split indices (the first period of the new segment).
void segment(const Prefix& prefix, size_t begin, size_t end, double penalty, double min_n,
             std::vector<size_t>* splits) {
  double best = 0;
  size_t at = 0;
  const double whole = prefix.cost(begin, end);
  for (size_t k = begin + 1; k < end; ++k) {
    if (prefix.count(begin, k) < min_n || prefix.count(k, end) < min_n) continue;
    double gain = whole - prefix.cost(begin, k) - prefix.cost(k, end);
    if (gain > best) {
      best = gain;
      at = k;
    }
  }
  if (at == 0 || best <= penalty) return;
  segment(prefix, begin, at, penalty, min_n, splits);
  splits->push_back(at);
  segment(prefix, at, end, penalty, min_n, splits);
}

struct Candidate {
  const VoiceData* voice;
  int before_first, change, after_last;  // period indexes
};

}  // namespace

void find_change_points(const SignalContext& ctx, Cracks* out) {
  const DyadSeries& s = ctx.series;
  const DyadOptions& o = s.options;
  const Resolution r = o.resolution;
  std::vector<Candidate> candidates;
  for (const VoiceData* voice : {&s.ab, &s.ba}) {
    std::map<int, PeriodStats> by_period;
    double n = 0, sum = 0, sum_squares = 0;
    for (const VoiceSentence& v : voice->sentences) {
      auto p = period_of(v.date, r);
      if (!p || std::isnan(v.tone)) continue;
      PeriodStats& ps = by_period[*p];
      ps.period = *p;
      ps.n += 1;
      ps.sum += v.tone;
      ps.sum_squares += v.tone * v.tone;
      n += 1;
      sum += v.tone;
      sum_squares += v.tone * v.tone;
    }
    if (by_period.size() < 2 || n < 2 * o.min_sentences) continue;
    std::vector<PeriodStats> periods;
    for (auto& [_, ps] : by_period) periods.push_back(ps);
    const double variance = (sum_squares - sum * sum / n) / (n - 1);
    // BIC: a change point adds two parameters (its place and a new mean), each costing log n in
    // units of the residual variance (the cost is a sum of squares).
    const double penalty = 2 * variance * std::log(n);
    Prefix prefix(periods);
    std::vector<size_t> splits;
    segment(prefix, 0, periods.size(), penalty, o.min_sentences, &splits);
    for (size_t i = 0; i < splits.size(); ++i) {
      size_t before = i == 0 ? 0 : splits[i - 1];
      size_t after = i + 1 < splits.size() ? splits[i + 1] : periods.size();
      candidates.push_back(
          {voice, periods[before].period, periods[splits[i]].period, periods[after - 1].period});
    }
  }
  if (candidates.empty()) {
    out->notes.push_back("change points: none found in either direction's warmth series at " +
                         std::string(resolution_name(r)) + " resolution");
    return;
  }
  const int m = static_cast<int>(candidates.size());
  out->tests += m;
  for (const Candidate& c : candidates) {
    auto before = [&](const VoiceSentence& v) {
      auto p = period_of(v.date, r);
      return p && *p >= c.before_first && *p < c.change;
    };
    auto after = [&](const VoiceSentence& v) {
      auto p = period_of(v.date, r);
      return p && *p >= c.change && *p <= c.after_last;
    };
    Difference d = difference(tone_clusters(*c.voice, after), tone_clusters(*c.voice, before),
                              ctx.options.alpha, m);
    if (!d.excludes_zero) continue;
    Finding f = tone_finding(d, m);
    f.kind = "change_point";
    f.speaker = c.voice->speaker;
    f.target = c.voice->target;
    f.period = period_label(c.change, r);
    const std::string span_before =
        period_label(c.before_first, r) + ".." + period_label(c.change - 1, r);
    const std::string span_after = period_label(c.change, r) + ".." + period_label(c.after_last, r);
    const bool warmer = d.value > 0;
    f.summary = f.period + ": " + f.speaker + "'s tone toward " + f.target +
                (warmer ? " warms" : " cools") + " from " + signed2(d.b.value) + " (" +
                span_before + ", " + std::to_string(d.b.n) + " sentences) to " +
                signed2(d.a.value) + " (" + span_after + ", " + std::to_string(d.a.n) +
                "); change " + signed2(d.value) + ", interval " + signed2(d.ci_low) + " to " +
                signed2(d.ci_high);
    const int half = std::max(1, ctx.options.evidence / 2);
    f.evidence = pick_evidence(*c.voice, before, warmer ? Order::kColdest : Order::kWarmest, half,
                               "before the change (" + span_before + ")");
    auto later =
        pick_evidence(*c.voice, after, warmer ? Order::kWarmest : Order::kColdest,
                      ctx.options.evidence - half, "after the change (" + span_after + ")");
    f.evidence.insert(f.evidence.end(), later.begin(), later.end());
    out->findings.push_back(std::move(f));
  }
}

}  // namespace fissure::analysis
