// Agenda divergence: Jensen–Shannon divergence between the domain mix of A→B and of B→A, tested
// against a permutation null (docs/signals.md).
#include <algorithm>
#include <map>

#include "signal_support.h"

namespace fissure::analysis {
namespace {

using Counts = std::vector<double>;

// Each document's domain term counts over its sentences about the other side.
std::vector<Counts> document_domains(const VoiceData& voice, const SentencePredicate& keep,
                                     size_t domains) {
  std::map<int64_t, Counts> by_document;
  for (const VoiceSentence& v : voice.sentences) {
    if (!v.domain_mask || !keep(v)) continue;
    Counts& c = by_document[v.document_key];
    c.resize(domains, 0.0);
    for (size_t d = 0; d < domains; ++d)
      if (v.domain_mask & (1u << d)) c[d] += 1;
  }
  std::vector<Counts> out;
  for (auto& [_, c] : by_document) out.push_back(std::move(c));
  return out;
}

Counts sum_of(const std::vector<const Counts*>& docs, size_t domains) {
  Counts total(domains, 0.0);
  for (const Counts* c : docs)
    for (size_t d = 0; d < domains; ++d) total[d] += (*c)[d];
  return total;
}

std::vector<const Counts*> pointers(const std::vector<Counts>& v) {
  std::vector<const Counts*> out;
  for (const Counts& c : v) out.push_back(&c);
  return out;
}

double share(const Counts& c, size_t d) {
  double total = 0;
  for (double v : c) total += v;
  return total > 0 ? c[d] / total : 0;
}

}  // namespace

void find_agenda_divergence(const SignalContext& ctx, Cracks* out) {
  const DyadSeries& s = ctx.series;
  const DyadOptions& o = s.options;
  const Resolution r = o.resolution;
  const size_t domains = s.domains.size();
  if (domains < 2) {
    out->notes.push_back(
        "agenda divergence: not tested, fewer than two domains in the pair's sentences");
    return;
  }
  std::vector<std::pair<SentencePredicate, std::string>> tests;
  auto has_enough = [&](const SentencePredicate& keep) {
    int na = 0, nb = 0;
    for (const VoiceSentence& v : s.ab.sentences) na += v.domain_mask && keep(v);
    for (const VoiceSentence& v : s.ba.sentences) nb += v.domain_mask && keep(v);
    return na >= o.min_sentences && nb >= o.min_sentences;
  };
  if (has_enough(in_period(r, kWholeWindow)))
    tests.emplace_back(in_period(r, kWholeWindow), record_label(s.ab, s.ba, r));
  for (const DirectedPeriod& row : s.rows)
    if (row.speaker == o.a && row.sentences >= o.min_sentences &&
        has_enough(in_period(r, row.period)))
      tests.emplace_back(in_period(r, row.period), row.label);
  if (tests.empty()) {
    out->notes.push_back(
        "agenda divergence: not tested, too few sentences with a domain on one side or both");
    return;
  }
  const int m = static_cast<int>(tests.size());
  out->tests += m;
  const double alpha = ctx.options.alpha / m;
  // Enough permutations that the smallest attainable p-value is below the Bonferroni level.
  const int permutations = std::max(ctx.options.permutations, static_cast<int>(20.0 / alpha));
  uint64_t test_number = 0;
  for (const auto& test : tests) {
    // Named, not structured bindings: the evidence lambdas below capture them.
    const SentencePredicate& keep = test.first;
    const std::string& label = test.second;
    std::vector<Counts> da = document_domains(s.ab, keep, domains),
                        db = document_domains(s.ba, keep, domains);
    if (da.size() < 2 || db.size() < 2) continue;
    Counts ta = sum_of(pointers(da), domains), tb = sum_of(pointers(db), domains);
    const double observed = jensen_shannon(ta, tb);

    Random rng(o.seed ^ (0x9E3779B97F4A7C15ull * ++test_number));
    std::vector<const Counts*> pool = pointers(da);
    for (const Counts& c : db) pool.push_back(&c);
    int at_least = 0;
    double null_sum = 0;
    for (int i = 0; i < permutations; ++i) {
      // A partial Fisher–Yates shuffle: the first |da| documents play side A.
      for (size_t j = 0; j < da.size(); ++j)
        std::swap(pool[j], pool[j + rng.below(pool.size() - j)]);
      Counts pa(domains, 0.0), pb(domains, 0.0);
      for (size_t j = 0; j < da.size(); ++j)
        for (size_t d = 0; d < domains; ++d) pa[d] += (*pool[j])[d];
      for (size_t d = 0; d < domains; ++d) pb[d] = std::max(0.0, ta[d] + tb[d] - pa[d]);
      double js = jensen_shannon(pa, pb);
      null_sum += js;
      at_least += js >= observed;
    }
    const double p = (1.0 + at_least) / (1.0 + permutations);
    const double null_mean = null_sum / permutations;
    if (p > alpha) continue;
    // Interval of the excess divergence: bootstrap the documents within each side.
    std::vector<double> replicates;
    const int b = 1000;
    for (int i = 0; i < b; ++i) {
      Counts pa(domains, 0.0), pb(domains, 0.0);
      for (size_t j = 0; j < da.size(); ++j) {
        const Counts& c = da[rng.below(da.size())];
        for (size_t d = 0; d < domains; ++d) pa[d] += c[d];
      }
      for (size_t j = 0; j < db.size(); ++j) {
        const Counts& c = db[rng.below(db.size())];
        for (size_t d = 0; d < domains; ++d) pb[d] += c[d];
      }
      replicates.push_back(jensen_shannon(pa, pb) - null_mean);
    }
    std::sort(replicates.begin(), replicates.end());
    auto at = [&](double q) {
      size_t i =
          static_cast<size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(replicates.size() - 1));
      return replicates[i];
    };
    Finding f;
    f.kind = "agenda_divergence";
    f.speaker = o.a;
    f.target = o.b;
    f.period = label;
    f.magnitude = observed - null_mean;
    f.ci_low = at(alpha / 2);
    f.ci_high = at(1 - alpha / 2);
    if (!(f.ci_low > 0)) continue;
    f.p_value = std::min(1.0, p * m);
    f.tests = m;
    f.strength = f.ci_low;
    // The domain each side over-uses most, relative to the other.
    size_t a_top = 0, b_top = 0;
    for (size_t d = 0; d < domains; ++d) {
      if (share(ta, d) - share(tb, d) > share(ta, a_top) - share(tb, a_top)) a_top = d;
      if (share(tb, d) - share(ta, d) > share(tb, b_top) - share(ta, b_top)) b_top = d;
    }
    auto pct = [](double v) { return std::to_string(static_cast<int>(v * 100 + 0.5)) + "%"; };
    f.summary = label + ": " + o.a + " and " + o.b +
                " speak of each other on different agendas: " + o.a + " names " + o.b + " in " +
                s.domains[a_top] + " terms " + pct(share(ta, a_top)) + " of the time (" + o.b +
                ": " + pct(share(tb, a_top)) + "), " + o.b + " names " + o.a + " in " +
                s.domains[b_top] + " terms " + pct(share(tb, b_top)) + " (" + o.a + ": " +
                pct(share(ta, b_top)) + "); Jensen-Shannon divergence " + fixed2(observed) +
                " against " + fixed2(null_mean) + " by chance";
    const int half = std::max(1, ctx.options.evidence / 2);
    const uint32_t a_bit = 1u << a_top, b_bit = 1u << b_top;
    f.evidence = pick_evidence(
        s.ab, [&](const VoiceSentence& v) { return (v.domain_mask & a_bit) && keep(v); },
        Order::kStrongest, ctx.options.evidence - half,
        o.a + " on " + o.b + " in " + s.domains[a_top] + " terms (" + label + ")");
    auto more = pick_evidence(
        s.ba, [&](const VoiceSentence& v) { return (v.domain_mask & b_bit) && keep(v); },
        Order::kStrongest, half,
        o.b + " on " + o.a + " in " + s.domains[b_top] + " terms (" + label + ")");
    f.evidence.insert(f.evidence.end(), more.begin(), more.end());
    out->findings.push_back(std::move(f));
  }
}

}  // namespace fissure::analysis
