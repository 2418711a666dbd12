// Reciprocity gap: A's warmth toward B minus B's warmth toward A (docs/signals.md).
#include <cmath>

#include "signal_support.h"

namespace fissure::analysis {

void find_reciprocity_gaps(const SignalContext& ctx, Cracks* out) {
  const DyadSeries& s = ctx.series;
  const Resolution r = s.options.resolution;
  const int min = s.options.min_sentences;
  // The family: the whole record plus every period in which both directions have enough text.
  std::vector<std::pair<SentencePredicate, std::string>> tests;
  // The whole record first: how each side has spoken of the other over everything it said.
  tests.emplace_back(in_period(r, kWholeWindow), record_label(s.ab, s.ba, r));
  for (const DirectedPeriod& row : s.rows) {
    if (row.speaker != s.options.a || !row.enough_text) continue;
    for (const DirectedPeriod& back : s.rows)
      if (back.speaker == s.options.b && back.period == row.period && back.enough_text)
        tests.emplace_back(in_period(r, row.period), row.label);
  }
  if (tests.empty()) {
    out->notes.push_back("reciprocity gap: not tested, " + s.options.a + " and " + s.options.b +
                         " never both have " + std::to_string(min) +
                         " scored sentences about each other in one period");
    return;
  }
  const int m = static_cast<int>(tests.size());
  out->tests += m;
  for (const auto& [keep, label] : tests) {
    auto ab = tone_clusters(s.ab, keep), ba = tone_clusters(s.ba, keep);
    int64_t nab = 0, nba = 0;
    for (const Cluster& c : ab) nab += c.n;
    for (const Cluster& c : ba) nba += c.n;
    if (nab < min || nba < min) continue;
    Difference d = difference(ab, ba, ctx.options.alpha, m);
    if (!d.excludes_zero) continue;
    Finding f = tone_finding(d, m);
    f.kind = "reciprocity_gap";
    f.speaker = s.options.a;
    f.target = s.options.b;
    f.period = label;
    const bool a_warmer = d.value > 0;
    const std::string& warm = a_warmer ? s.options.a : s.options.b;
    const std::string& cool = a_warmer ? s.options.b : s.options.a;
    f.summary = label + ": " + warm + " speaks of " + cool + " more warmly than " + cool +
                " speaks of " + warm + " (mean tone " + s.options.a + "→" + s.options.b + " " +
                signed2(d.a.value) + " in " + std::to_string(nab) + " sentences, " + s.options.b +
                "→" + s.options.a + " " + signed2(d.b.value) + " in " + std::to_string(nba) +
                "; gap " + signed2(d.value) + ", interval " + signed2(d.ci_low) + " to " +
                signed2(d.ci_high) + ")";
    const int half = std::max(1, ctx.options.evidence / 2);
    const VoiceData& warm_voice = a_warmer ? s.ab : s.ba;
    const VoiceData& cool_voice = a_warmer ? s.ba : s.ab;
    auto warm_quotes = pick_evidence(
        warm_voice, keep, Order::kWarmest, ctx.options.evidence - half,
        "among the warmest of " + warm + "'s sentences about " + cool + " in " + label);
    auto cool_quotes = pick_evidence(
        cool_voice, keep, Order::kColdest, half,
        "among the coldest of " + cool + "'s sentences about " + warm + " in " + label);
    f.evidence = std::move(warm_quotes);
    f.evidence.insert(f.evidence.end(), cool_quotes.begin(), cool_quotes.end());
    out->findings.push_back(std::move(f));
  }
}

}  // namespace fissure::analysis
