// Third-party divergence: A's tone toward a third party X minus B's tone toward X
// (docs/signals.md).
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "signal_support.h"

namespace fissure::analysis {

void find_third_party_divergence(const SignalContext& ctx, Cracks* out) {
  const DyadSeries& s = ctx.series;
  const DyadOptions& o = s.options;
  const Resolution r = o.resolution;
  // Candidates: what both name often enough, the most named by the quieter side first.
  if (!s.voice_a || !s.voice_b) return;
  const SpeakerVoice& voice_a = *s.voice_a;
  const SpeakerVoice& voice_b = *s.voice_b;
  std::vector<std::pair<int64_t, std::string>> candidates;
  for (const auto& [code, about_a] : voice_a.by_target) {
    // An actor of either side (IRNA, KCNA, the WPK) is not a third party.
    if (code == o.a || code == o.b || about_a.target_country == o.a ||
        about_a.target_country == o.b)
      continue;
    auto it = voice_b.by_target.find(code);
    if (it == voice_b.by_target.end()) continue;
    const auto fewer =
        static_cast<int64_t>(std::min(about_a.sentences.size(), it->second.sentences.size()));
    if (fewer >= o.min_sentences) candidates.emplace_back(fewer, code);
  }
  std::sort(candidates.begin(), candidates.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  if (static_cast<int>(candidates.size()) > ctx.options.max_third_parties) {
    out->notes.push_back(
        "third-party divergence: tested the " + std::to_string(ctx.options.max_third_parties) +
        " third parties both name most of the " + std::to_string(candidates.size()) +
        " both name in " + std::to_string(o.min_sentences) + " sentences or more" +
        " (--max-third-parties)");
    candidates.resize(static_cast<size_t>(ctx.options.max_third_parties));
  }
  if (candidates.empty()) {
    out->notes.push_back("third-party divergence: no third party that both " + o.a + " and " + o.b +
                         " name in at least " + std::to_string(o.min_sentences) + " sentences");
    return;
  }

  struct Test {
    size_t voice;           // index into voices
    std::set<int> periods;  // the periods compared
    std::string label;
  };
  std::vector<std::pair<const VoiceData&, const VoiceData&>> voices;
  std::vector<std::pair<SentencesByPeriod, SentencesByPeriod>> grouped;
  std::vector<Test> tests;
  for (const auto& [_, code] : candidates) {
    voices.emplace_back(voice_a.by_target.at(code), voice_b.by_target.at(code));
    const size_t i = voices.size() - 1;
    grouped.emplace_back(sentences_by_period(voices[i].first, r),
                         sentences_by_period(voices[i].second, r));
    // The periods in which both speak of X, together, and each of them in which both have enough.
    std::set<int> shared = shared_periods(voices[i].first, voices[i].second, r);
    if (shared.empty()) continue;
    if (shared.size() > 1) tests.push_back({i, shared, span_label(shared, r)});
    for (const auto& [period, about_a] : grouped[i].first) {
      auto about_b = grouped[i].second.find(period);
      if (about_b != grouped[i].second.end() &&
          static_cast<int>(about_a.size()) >= o.min_sentences &&
          static_cast<int>(about_b->second.size()) >= o.min_sentences)
        tests.push_back({i, {period}, period_label(period, r)});
    }
  }
  if (tests.empty()) {
    out->notes.push_back("third-party divergence: no period in which " + o.a + " and " + o.b +
                         " both speak of the same third party");
    return;
  }
  const int m = static_cast<int>(tests.size());
  out->tests += m;
  const RegisterBaseline baseline_a(voice_a.documents, r), baseline_b(voice_b.documents, r);
  for (const Test& t : tests) {
    const auto& [ax, bx] = voices[t.voice];
    auto keep = in_periods(r, t.periods);
    // Each side's tone toward X relative to its own register in the same periods: KCNA is harsher
    // about everything than the Tehran Times, and that is style, not a stance on X.
    const Estimate rel_a = relative_tone(grouped[t.voice].first, baseline_a, t.periods);
    const Estimate rel_b = relative_tone(grouped[t.voice].second, baseline_b, t.periods);
    if (rel_a.clusters < 2 || rel_b.clusters < 2) continue;
    const double base_a = baseline_tone(s.volume_a, r, t.periods),
                 base_b = baseline_tone(s.volume_b, r, t.periods);
    Difference d = difference_of(rel_a, rel_b, ctx.options.alpha, m);
    if (!d.excludes_zero || d.a.n < o.min_sentences || d.b.n < o.min_sentences) continue;
    Finding f = tone_finding(d, m);
    f.kind = "third_party_divergence";
    f.speaker = o.a;
    f.target = o.b;
    f.third_party = ax.target;
    f.period = t.label;
    const std::string& x = ax.target;
    const bool a_warmer = d.value > 0;
    f.summary = t.label + ": " + o.a + " and " + o.b + " diverge on " + x + ": " + o.a +
                "'s tone toward " + x + " " + signed2(d.a.value + base_a) + " (" +
                std::to_string(d.a.n) + " sentences; its average sentence " + signed2(base_a) +
                "), " + o.b + "'s " + signed2(d.b.value + base_b) + " (" + std::to_string(d.b.n) +
                "; average " + signed2(base_b) + "); difference relative to each side's register " +
                signed2(d.value) + ", interval " + signed2(d.ci_low) + " to " + signed2(d.ci_high);
    const int half = std::max(1, ctx.options.evidence / 2);
    const VoiceData& warm = a_warmer ? ax : bx;
    const VoiceData& cool = a_warmer ? bx : ax;
    f.evidence = pick_evidence(
        warm, keep, Order::kWarmest, ctx.options.evidence - half,
        "among the warmest of " + warm.speaker + "'s sentences about " + x + " in " + t.label);
    auto cool_quotes = pick_evidence(
        cool, keep, Order::kColdest, half,
        "among the coldest of " + cool.speaker + "'s sentences about " + x + " in " + t.label);
    f.evidence.insert(f.evidence.end(), cool_quotes.begin(), cool_quotes.end());
    out->findings.push_back(std::move(f));
  }
}

}  // namespace fissure::analysis
