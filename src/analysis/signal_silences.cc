// Silences: periods in which one side speaks of the other and the other does not answer as it
// usually does (docs/signals.md, "Silences").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "signal_support.h"

namespace fissure::analysis {
namespace {

// The p-quantile of the Beta(a, b) distribution, by bisection on the incomplete beta function.
double beta_quantile(double p, double a, double b) {
  double lo = 0, hi = 1;
  for (int i = 0; i < 100; ++i) {
    const double mid = (lo + hi) / 2;
    if (incomplete_beta(mid, a, b) < p)
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}

// P(X <= k) for X ~ Binomial(n, pi), k and n real (quasi-binomial scaling makes them so).
double binomial_cdf(double k, double n, double pi) {
  if (k >= n) return 1;
  if (k < 0) return 0;
  return incomplete_beta(1 - pi, n - k, k + 1);
}

struct Period {
  const DirectedPeriod* spoken;  // A about B
  const DirectedPeriod* answer;  // B about A, same period
};

}  // namespace

void find_silences(const SignalContext& ctx, Cracks* out) {
  const DyadSeries& s = ctx.series;
  const DyadOptions& o = s.options;
  // The periods in which both sides have text, with each side's documents naming the other.
  std::map<int, const DirectedPeriod*> of_a, of_b;
  for (const DirectedPeriod& row : s.rows) (row.speaker == o.a ? of_a : of_b)[row.period] = &row;
  std::vector<Period> both;
  double named_a = 0, docs_a = 0, named_b = 0, docs_b = 0;
  for (const auto& [period, row] : of_a) {
    auto it = of_b.find(period);
    if (it == of_b.end() || row->speaker_documents == 0 || it->second->speaker_documents == 0)
      continue;
    both.push_back({row, it->second});
    named_a += static_cast<double>(row->documents);
    docs_a += static_cast<double>(row->speaker_documents);
    named_b += static_cast<double>(it->second->documents);
    docs_b += static_cast<double>(it->second->speaker_documents);
  }
  if (both.size() < 3 || named_a == 0 || named_b == 0) {
    out->notes.push_back(
        "silences: not tested, " + o.a + " and " + o.b +
        " do not both name each other in periods where both have text (at least three "
        "such periods are needed to learn how each usually answers)");
    return;
  }
  // Each side's usual attention to the other, in documents: a silence is measured against it.
  const double rate_a = named_a / docs_a, rate_b = named_b / docs_b;

  struct Test {
    const DirectedPeriod* spoken;
    const DirectedPeriod* answer;
    double share;  // the answer's expected share of the period's documents naming the other
  };
  std::vector<Test> tests;
  double chi2[2] = {0, 0};
  int periods[2] = {0, 0};
  for (const Period& p : both) {
    for (int side = 0; side < 2; ++side) {
      const DirectedPeriod* spoken = side == 0 ? p.spoken : p.answer;
      const DirectedPeriod* answer = side == 0 ? p.answer : p.spoken;
      const double w_spoken =
          static_cast<double>(spoken->speaker_documents) * (side == 0 ? rate_a : rate_b);
      const double w_answer =
          static_cast<double>(answer->speaker_documents) * (side == 0 ? rate_b : rate_a);
      const double share = w_answer / (w_spoken + w_answer);
      const double total = static_cast<double>(spoken->documents + answer->documents);
      if (total > 0 && share > 0 && share < 1) {
        const double expected = total * share,
                     diff = static_cast<double>(answer->documents) - expected;
        chi2[side] += diff * diff / (expected * (1 - share));
        periods[side]++;
      }
      if (spoken->sentences >= o.min_sentences) tests.push_back({spoken, answer, share});
    }
  }
  // Quasi-binomial: how much more the split of documents between the two sides varies from
  // period to period than a binomial allows (news comes in waves on both sides).
  double dispersion[2];
  for (int side = 0; side < 2; ++side)
    dispersion[side] = periods[side] > 1 ? std::max(1.0, chi2[side] / (periods[side] - 1)) : 1.0;

  std::vector<Test> kept;
  for (const Test& t : tests) {
    const double phi = dispersion[t.spoken->speaker == o.a ? 0 : 1];
    const double total = static_cast<double>(t.spoken->documents + t.answer->documents);
    if (total * t.share / phi >= 3) kept.push_back(t);  // less expected would prove nothing
  }
  if (kept.empty()) {
    out->notes.push_back(
        "silences: not tested, no period in which one side speaks of the other in " +
        std::to_string(o.min_sentences) +
        " sentences or more and the other, answering as it usually does, would name it in "
        "at least 3 documents (allowing for how much that varies)");
    return;
  }
  const int m = static_cast<int>(kept.size());
  out->tests += m;
  const double alpha = ctx.options.alpha / m;
  for (const Test& t : kept) {
    const double phi = dispersion[t.spoken->speaker == o.a ? 0 : 1];
    const double total = static_cast<double>(t.spoken->documents + t.answer->documents) / phi;
    const double k = static_cast<double>(t.answer->documents) / phi;
    const double p = binomial_cdf(k, total, t.share);
    if (p > alpha) continue;
    // Clopper–Pearson bounds of the answer's share at the family's level, one-sided as the test.
    const double low = k > 0 ? beta_quantile(alpha, k, total - k + 1) : 0;
    const double high = beta_quantile(1 - alpha, k + 1, total - k);
    Finding f;
    f.kind = "silence";
    f.speaker = t.spoken->speaker;
    f.target = t.spoken->target;
    f.period = t.spoken->label;
    f.magnitude = k / total / t.share - 1;
    f.ci_low = low / t.share - 1;
    f.ci_high = high / t.share - 1;
    if (!(f.ci_high < 0)) continue;
    f.p_value = std::min(1.0, p * m);
    f.tests = m;
    f.strength = -f.ci_high;
    const std::string& a = t.spoken->speaker;
    const std::string& b = t.spoken->target;
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.1f",
                  static_cast<double>(t.spoken->documents + t.answer->documents) * t.share);
    f.summary = f.period + ": " + a + " names " + b + " in " + std::to_string(t.spoken->documents) +
                " documents (" + std::to_string(t.spoken->sentences) + " sentences); " + b +
                " names " + a + " in " + std::to_string(t.answer->documents) + " of its " +
                std::to_string(t.answer->speaker_documents) +
                " documents, where answering as it usually does would give " + expected;
    f.evidence = pick_evidence(
        t.spoken->speaker == o.a ? s.ab : s.ba, in_period(o.resolution, t.spoken->period),
        Order::kStrongest, ctx.options.evidence,
        a + " on " + b + " in " + f.period + ", unanswered: " + b + " named " + a + " in " +
            std::to_string(t.answer->documents) + " documents (" + expected + " expected)");
    out->findings.push_back(std::move(f));
  }
}

}  // namespace fissure::analysis
