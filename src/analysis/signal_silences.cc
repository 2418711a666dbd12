// Silences: periods in which one side speaks of the other and the other names it far less than
// its own habit predicts (docs/signals.md).
#include <algorithm>
#include <cmath>
#include <map>

#include "signal_support.h"

namespace fissure::analysis {
namespace {

struct SilenceTest {
  const DirectedPeriod* spoken;  // the side that speaks: A→B in period p
  const DirectedPeriod* answer;  // B→A in the same period
  double expected = 0;           // B's sentences naming A expected from B's usual attention
  double baseline = 0;           // that attention
  bool partner_rate = false;     // B never names A: the expectation uses A's attention instead
  double dispersion = 1;         // quasi-Poisson: how much more the counts vary than Poisson's
};

// Pearson dispersion of per-period counts around a constant attention rate: attention follows the
// news, so counts vary far more than a Poisson model says, and a test that ignored it would call
// every quiet year a silence.
double dispersion(const std::map<int, const DirectedPeriod*>& rows, double rate) {
  double chi2 = 0;
  int periods = 0;
  for (const auto& [_, row] : rows) {
    double expected = rate * static_cast<double>(row->speaker_sentences);
    if (expected <= 0) continue;
    double diff = static_cast<double>(row->sentences) - expected;
    chi2 += diff * diff / expected;
    ++periods;
  }
  return periods > 1 ? std::max(1.0, chi2 / (periods - 1)) : 1.0;
}

}  // namespace

void find_silences(const SignalContext& ctx, Cracks* out) {
  const DyadSeries& s = ctx.series;
  const DyadOptions& o = s.options;
  std::vector<SilenceTest> tests;
  for (const auto& [speaker, other] : {std::pair{o.a, o.b}, std::pair{o.b, o.a}}) {
    std::map<int, const DirectedPeriod*> spoken, answer;
    int64_t answer_sentences = 0, answer_volume = 0, spoken_sentences = 0, spoken_volume = 0;
    for (const DirectedPeriod& row : s.rows) {
      if (row.speaker == speaker) {
        spoken[row.period] = &row;
        spoken_sentences += row.sentences;
        spoken_volume += row.speaker_sentences;
      } else {
        answer[row.period] = &row;
        answer_sentences += row.sentences;
        answer_volume += row.speaker_sentences;
      }
    }
    if (!answer_volume || !spoken_volume) continue;
    const bool partner_rate = answer_sentences == 0;
    const double baseline =
        partner_rate ? static_cast<double>(spoken_sentences) / static_cast<double>(spoken_volume)
                     : static_cast<double>(answer_sentences) / static_cast<double>(answer_volume);
    const double phi = dispersion(partner_rate ? spoken : answer, baseline);
    for (const auto& [period, row] : spoken) {
      auto it = answer.find(period);
      if (row->sentences < o.min_sentences || it == answer.end() ||
          it->second->speaker_sentences == 0)
        continue;
      SilenceTest t{
          row,      it->second,   baseline * static_cast<double>(it->second->speaker_sentences),
          baseline, partner_rate, phi};
      if (t.expected / phi < 3) continue;  // so little expected that silence would prove nothing
      tests.push_back(t);
    }
  }
  if (tests.empty()) {
    out->notes.push_back(
        "silences: not tested, no period in which one side speaks of the other in " +
        std::to_string(o.min_sentences) +
        " sentences or more while the other's usual attention, allowing for how much it varies "
        "from period to "
        "period, predicts at least 3 sentences back");
    return;
  }
  const int m = static_cast<int>(tests.size());
  out->tests += m;
  const double alpha = ctx.options.alpha / m;
  for (const SilenceTest& t : tests) {
    const int64_t k = t.answer->sentences;
    // Quasi-Poisson: counts and expectation scaled down by the dispersion.
    const double phi = t.dispersion;
    const auto k_scaled = static_cast<int64_t>(std::floor(static_cast<double>(k) / phi));
    const double p = poisson_cdf(k_scaled, t.expected / phi);
    if (p > alpha) continue;
    double low = 0, high = 0;
    poisson_interval(k_scaled, 2 * alpha, &low, &high);  // one-sided test: the upper bound at alpha
    low *= phi;
    high *= phi;
    Finding f;
    f.kind = "silence";
    f.speaker = t.spoken->speaker;
    f.target = t.spoken->target;
    f.period = t.spoken->label;
    f.magnitude = static_cast<double>(k) / t.expected - 1;
    f.ci_low = low / t.expected - 1;
    f.ci_high = high / t.expected - 1;
    if (!(f.ci_high < 0)) continue;
    f.p_value = std::min(1.0, p * m);
    f.tests = m;
    f.strength = -f.ci_high;
    const std::string& a = t.spoken->speaker;
    const std::string& b = t.spoken->target;
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.1f", t.expected);
    f.summary = f.period + ": " + a + " speaks of " + b + " in " +
                std::to_string(t.spoken->sentences) + " sentences; " + b + " names " + a + " in " +
                std::to_string(k) + " of its " + std::to_string(t.answer->speaker_sentences) +
                " sentences, where " +
                (t.partner_rate ? std::string("attention like ") + a + "'s"
                                : std::string("its own usual attention")) +
                " would give " + expected;
    f.evidence = pick_evidence(
        t.spoken->speaker == o.a ? s.ab : s.ba, in_period(o.resolution, t.spoken->period),
        Order::kStrongest, ctx.options.evidence,
        a + " on " + b + " in " + f.period + ", unanswered: " + b + " named " + a + " " +
            std::to_string(k) + " times (" + expected + " expected)");
    out->findings.push_back(std::move(f));
  }
}

}  // namespace fissure::analysis
