// The dissonance signals on synthetic voices with planted effects: each planted effect is found
// where it was planted, and on voices without effects findings are no more frequent than the
// stated error rate.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "fissure/analysis/findings.h"
#include "synthetic_voices.h"

namespace fissure::analysis {
namespace {

using fissure::testing::TargetPlan;
using fissure::testing::VoiceBuilder;

constexpr int kMonths = 24;
const std::vector<std::string> kThirdParties = {"USA", "RUS", "CHN", "JPN", "IAEA"};

auto constant(double v) {
  return [v](int) { return v; };
}
auto every_month(int n) {
  return [n](int) { return n; };
}

CracksOptions monthly(const std::string& a = "IRN", const std::string& b = "PRK") {
  CracksOptions o;
  o.dyad.a = a;
  o.dyad.b = b;
  o.dyad.resolution = Resolution::kMonth;
  o.dyad.min_sentences = 10;
  o.permutations = 500;
  return o;
}

// Two voices that say the same things in distribution: any finding between them is a false
// positive.
std::pair<SpeakerVoice, SpeakerVoice> null_voices(uint64_t seed) {
  std::vector<SpeakerVoice> voices;
  for (const char* speaker : {"IRN", "PRK"}) {
    VoiceBuilder b(speaker, seed * 2 + (speaker[0] == 'P'));
    b.domains({"nuclear", "economic"}).volume(kMonths, 2000);
    const std::string other = speaker[0] == 'I' ? "PRK" : "IRN";
    b.about({other, constant(0.1), every_month(6), 3, 0b01});
    b.about({other == "PRK" ? "XXA" : "XXB", constant(0.0), every_month(1), 3, 0b10});  // unrelated
    for (const std::string& x : kThirdParties)
      b.about({x, constant(-0.1), every_month(4), 3, 0b11});
    voices.push_back(b.build());
  }
  // Domains mixed the same way on both sides: half nuclear, half economic.
  for (SpeakerVoice& v : voices)
    for (auto& [target, data] : v.by_target)
      for (size_t i = 0; i < data.sentences.size(); ++i)
        data.sentences[i].domain_mask = i % 2 ? 0b01 : 0b10;
  return {voices[0], voices[1]};
}

Cracks run(const CracksOptions& o, SpeakerVoice a, SpeakerVoice b) {
  DyadSeries series = build_dyad(o.dyad, std::move(a), std::move(b));
  auto cracks = find_cracks_in(series, o);
  EXPECT_TRUE(cracks) << cracks.status().message();
  return cracks ? *cracks : Cracks{};
}

std::vector<const Finding*> of_kind(const Cracks& c, const std::string& kind) {
  std::vector<const Finding*> out;
  for (const Finding& f : c.findings)
    if (f.kind == kind) out.push_back(&f);
  return out;
}

TEST(Signals, PlantedToneShiftIsFoundWithinOnePeriod) {
  VoiceBuilder a("IRN", 1), b("PRK", 2);
  a.volume(kMonths, 2000).about({"PRK", constant(0.0), every_month(5)});
  // North Korea turns cold on Iran in January 2016 (month 12).
  b.volume(kMonths, 2000).about({"IRN", [](int m) { return m < 12 ? 0.3 : -0.2; }, every_month(5)});
  Cracks c = run(monthly(), a.build(), b.build());
  auto changes = of_kind(c, "change_point");
  ASSERT_FALSE(changes.empty());
  bool found = false;
  for (const Finding* f : changes) {
    EXPECT_EQ(f->speaker, "PRK") << f->summary;  // nothing was planted in Iran's voice
    if (f->period == "2015-12" || f->period == "2016-01" || f->period == "2016-02") found = true;
    EXPECT_LT(f->magnitude, 0);
    EXPECT_LT(f->ci_high, 0);
    EXPECT_FALSE(f->evidence.empty());
  }
  EXPECT_TRUE(found) << changes.front()->summary;
}

TEST(Signals, PlantedThirdPartyDisagreementRanksFirst) {
  VoiceBuilder a("IRN", 3), b("PRK", 4);
  a.volume(kMonths, 2000).about({"PRK", constant(0.1), every_month(3)});
  b.volume(kMonths, 2000).about({"IRN", constant(0.1), every_month(3)});
  for (const std::string& x : kThirdParties) {
    // Iran condemns the United States where North Korea welcomes it; elsewhere they agree.
    double ta = x == "USA" ? -0.4 : 0.0, tb = x == "USA" ? 0.4 : 0.0;
    a.about({x, constant(ta), every_month(3)});
    b.about({x, constant(tb), every_month(3)});
  }
  Cracks c = run(monthly(), a.build(), b.build());
  ASSERT_FALSE(c.findings.empty());
  const Finding& top = c.findings.front();
  EXPECT_EQ(top.kind, "third_party_divergence") << top.summary;
  EXPECT_EQ(top.third_party, "USA") << top.summary;
  EXPECT_NEAR(top.magnitude, -0.8, 0.15);
  EXPECT_LT(top.ci_low, top.magnitude);
  EXPECT_GT(top.ci_high, top.magnitude);
  // The evidence shows both sides: the warmer (PRK) first.
  ASSERT_GE(top.evidence.size(), 2u);
  EXPECT_EQ(top.evidence.front().quote.speaker, "PRK");
  EXPECT_EQ(top.evidence.back().quote.speaker, "IRN");
  EXPECT_EQ(top.evidence.front().marked, "USA");
}

TEST(Signals, PlantedReciprocityGapHasTheRightSignAndSize) {
  VoiceBuilder a("IRN", 5), b("PRK", 6);
  a.volume(kMonths, 2000).about({"PRK", constant(0.4), every_month(4)});
  b.volume(kMonths, 2000).about({"IRN", constant(-0.2), every_month(4)});
  Cracks c = run(monthly(), a.build(), b.build());
  auto gaps = of_kind(c, "reciprocity_gap");
  ASSERT_FALSE(gaps.empty());
  const Finding* whole = gaps.front();  // the whole window is the strongest
  EXPECT_NEAR(whole->magnitude, 0.6, 0.06);
  EXPECT_LT(whole->ci_low, 0.6);
  EXPECT_GT(whole->ci_high, 0.6);
  EXPECT_GT(whole->ci_low, 0);
}

TEST(Signals, PlantedAgendaDivergence) {
  VoiceBuilder a("IRN", 7), b("PRK", 8);
  a.domains({"nuclear", "economic"})
      .volume(kMonths, 2000)
      .about({"PRK", constant(0), every_month(4), 3, 0b01});
  b.domains({"nuclear", "economic"})
      .volume(kMonths, 2000)
      .about({"IRN", constant(0), every_month(4), 3, 0b10});
  Cracks c = run(monthly(), a.build(), b.build());
  auto agenda = of_kind(c, "agenda_divergence");
  ASSERT_FALSE(agenda.empty());
  EXPECT_GT(agenda.front()->magnitude, 0.5);  // disjoint agendas: JSD 1, minus the chance level
  EXPECT_NE(agenda.front()->summary.find("nuclear"), std::string::npos);
  EXPECT_NE(agenda.front()->summary.find("economic"), std::string::npos);
}

TEST(Signals, PlantedSilence) {
  VoiceBuilder a("IRN", 9), b("PRK", 10);
  // Each side names the other in 30 documents a month, except North Korea in month 12, when it
  // says nothing while Iran goes on.
  a.volume(kMonths, 2000).about({"PRK", constant(0.1), every_month(30), 2});
  b.volume(kMonths, 2000).about({"IRN", constant(0.1), [](int m) { return m == 12 ? 0 : 30; }, 2});
  Cracks c = run(monthly(), a.build(), b.build());
  auto silences = of_kind(c, "silence");
  ASSERT_EQ(silences.size(), 1u) << (silences.empty() ? "" : silences[1]->summary);
  EXPECT_EQ(silences.front()->speaker, "IRN");
  EXPECT_EQ(silences.front()->period, "2016-01");
  EXPECT_DOUBLE_EQ(silences.front()->magnitude, -1);
  EXPECT_LT(silences.front()->ci_high, 0);
}

TEST(Signals, NoEffectsFindingsStayWithinTheErrorRate) {
  // 60 pairs of voices that differ only by chance. Each kind is tested at a family-wise 5%, so
  // a kind should fire in about 3 of them; more than 9 (binomial tail < 0.2%) means the intervals
  // are too narrow.
  constexpr int kReplications = 60;
  std::map<std::string, int> fired;
  for (int r = 0; r < kReplications; ++r) {
    auto [a, b] = null_voices(1000 + r);
    Cracks c = run(monthly(), a, b);
    std::set<std::string> kinds;
    for (const Finding& f : c.findings) kinds.insert(f.kind);
    for (const std::string& k : kinds) fired[k]++;
    EXPECT_GT(c.tests, 0);
  }
  for (const std::string& kind : finding_kinds())
    EXPECT_LE(fired[kind], 9) << kind << " fired in " << fired[kind] << " of " << kReplications
                              << " null pairs";
}

TEST(Signals, TooLittleTextIsSaidNotEstimated) {
  VoiceBuilder a("IRN", 11), b("PRK", 12);
  a.volume(kMonths, 2000).about({"PRK", constant(0.1), [](int m) { return m == 3 ? 1 : 0; }});
  b.volume(kMonths, 2000).about({"IRN", constant(0.1), [](int m) { return m == 3 ? 1 : 0; }});
  DyadOptions o = monthly().dyad;
  DyadSeries s = build_dyad(o, a.build(), b.build());
  ASSERT_EQ(s.rows.size(), 2u * kMonths);
  for (const DirectedPeriod& row : s.rows) {
    EXPECT_FALSE(row.enough_text);
    EXPECT_TRUE(std::isnan(row.tone));
    EXPECT_EQ(row.speaker_sentences, 2000);
    EXPECT_DOUBLE_EQ(row.attention, static_cast<double>(row.sentences) / 2000);
  }
  auto cracks = find_cracks_in(s, monthly());
  ASSERT_TRUE(cracks);
  EXPECT_TRUE(cracks->findings.empty());
  EXPECT_FALSE(cracks->notes.empty());
}

TEST(Signals, BadOptionsAreRefused) {
  CracksOptions o = monthly();
  o.kinds = {"mood"};
  EXPECT_FALSE(find_cracks_in(DyadSeries{}, o));
  o = monthly();
  o.alpha = 0;
  EXPECT_FALSE(find_cracks_in(DyadSeries{}, o));
  o = monthly();
  o.evidence = 0;
  EXPECT_FALSE(find_cracks_in(DyadSeries{}, o));
}

TEST(Signals, AnEmptySeriesGivesNotesNotFindings) {
  auto c = find_cracks_in(DyadSeries{}, monthly());
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->findings.empty());
}

}  // namespace
}  // namespace fissure::analysis
