// Third-party alignment on a synthetic archive coded by the real coder: two planted blocs that
// speak of the same third parties in opposite tones, a target too few speakers name, a speaker
// with too few targets, a speaker's own code; and the pieces (periods, Pearson, merge) alone.
#include "fissure/analysis/alignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "fissure/analysis/alignment_validation.h"
#include "fissure/coding/sentence_coder.h"
#include "fissure/store/ingest.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::TempDir;
using fissure::testing::write_file;

// Country code → how a speech names it.
const std::map<std::string, std::string> kNames = {{"CUB", "Cuba"},
                                                   {"VEN", "Venezuela"},
                                                   {"BOL", "Bolivia"},
                                                   {"NIC", "Nicaragua"},
                                                   {"SYR", "Syria"},
                                                   {"PRK", "North Korea"},
                                                   {"USA", "the United States"},
                                                   {"GBR", "the United Kingdom"},
                                                   {"FRA", "France"},
                                                   {"DEU", "Germany"},
                                                   {"CAN", "Canada"},
                                                   {"AUS", "Australia"},
                                                   {"RUS", "Russia"},
                                                   {"CHN", "China"},
                                                   {"IRN", "Iran"},
                                                   {"ISR", "Israel"},
                                                   {"UKR", "Ukraine"},
                                                   {"JPN", "Japan"},
                                                   {"IND", "India"},
                                                   {"BRA", "Brazil"},
                                                   {"MEX", "Mexico"},
                                                   {"GRC", "Greece"},
                                                   {"EGY", "Egypt"}};

const std::vector<std::string> kEast = {"CUB", "VEN", "BOL", "NIC", "SYR", "PRK"};
const std::vector<std::string> kWest = {"USA", "GBR", "FRA", "DEU", "CAN", "AUS"};
// Third parties, and how the East speaks of them; the West says the opposite.
const std::vector<std::pair<std::string, bool>> kThirdParties = {
    {"RUS", true},  {"CHN", true},  {"IRN", true}, {"ISR", false},
    {"UKR", false}, {"JPN", false}, {"IND", true}, {"BRA", true}};

std::string praise(const std::string& code, int variant) {
  const std::string& n = kNames.at(code);
  return variant % 2 ? "We praise " + n + " for its solidarity and friendship. "
                     : "We warmly welcome the cooperation of " + n + ". ";
}
std::string denounce(const std::string& code, int variant) {
  const std::string& n = kNames.at(code);
  return variant % 2 ? "We denounce the aggression of " + n + ". "
                     : "We condemn the crimes of " + n + ". ";
}

// Sentences that name no actor and differ from speech to speech, so that the speeches, which
// otherwise differ in little but names, are not linked as near duplicates (and left out).
std::string home_affairs(int seed) {
  static const char* kWords[] = {
      "harvest",   "schools",   "rivers",   "bridges", "farmers",  "clinics",   "roads",
      "markets",   "forests",   "teachers", "wells",   "ports",    "railways",  "villages",
      "fisheries", "libraries", "mines",    "valleys", "orchards", "workshops", "dams"};
  constexpr int kCount = sizeof kWords / sizeof kWords[0];
  std::string out;
  for (int sentence = 0; sentence < 6; ++sentence) {
    out += "Our plan for the";
    for (int w = 0; w < 7; ++w)
      out += std::string(" ") + kWords[(seed * 5 + sentence * 11 + w * (seed + 2)) % kCount];
    out += " grew this year. ";
  }
  return out;
}

// One speech per speaker, year 2019, source TEST; plus a 2018 speech that must not count.
std::vector<Doc> planted_speeches() {
  std::vector<Doc> docs;
  int seed = 0;
  auto speech = [&](const std::string& speaker, bool east, int variant) {
    std::string text =
        kNames.at(speaker) + " is proud of its people. ";  // its own code: never third party
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    text += home_affairs(seed++);
    for (const auto& [target, east_likes] : kThirdParties)
      text += (east_likes == east) ? praise(target, variant) : denounce(target, variant);
    if (east) {
      text += denounce("USA", variant);  // every East speaker names the USA, a West speaker
    } else {
      text += praise("CUB", variant);  // every West speaker names Cuba, an East speaker
    }
    // Mexico: named by only three speakers, below the default of five.
    if (speaker == "CUB" || speaker == "VEN" || speaker == "USA") text += praise("MEX", variant);
    return text;
  };
  int variant = 0;
  for (const auto& s : kEast)
    docs.push_back(Doc("un-" + s + "-2019", speech(s, true, variant++), "2019", "TEST", s));
  for (const auto& s : kWest)
    docs.push_back(Doc("un-" + s + "-2019", speech(s, false, variant++), "2019", "TEST", s));
  // Greece names three third parties only: too few to be compared.
  docs.push_back(Doc("un-GRC-2019", praise("RUS", 1) + praise("CHN", 1) + denounce("ISR", 1),
                     "2019", "TEST", "GRC"));
  // In 2018 Cuba sides with the West: outside the period, it must change nothing.
  docs.push_back(Doc("un-CUB-2018", speech("CUB", false, 0), "2018", "TEST", "CUB"));
  // A speech in another source inside the period (for --source).
  docs.push_back(
      Doc("press-EGY-2019", praise("RUS", 1) + praise("CHN", 1), "2019-10-01", "PRESS", "EGY"));
  return docs;
}

class AlignmentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    write_file(dir_->file("speeches.jsonl"), jsonl(planted_speeches()));
    std::vector<std::string> problems;
    auto coder = FissureCoder::create(CoderConfig{}, &problems);
    ASSERT_TRUE(coder.is_ok()) << coder.status().message();
    auto archive = Archive::open(dir_->file("a.db"), Archive::Mode::kReadWrite);
    ASSERT_TRUE(archive.is_ok()) << archive.status().message();
    IngestOptions options;
    options.coder = coder->get();
    struct Quiet : IngestObserver {
      void on_skip(const std::string& m) override { ADD_FAILURE() << m; }
    } observer;
    auto r = ingest(**archive, {dir_->file("speeches.jsonl")}, options, observer);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  Result<AlignmentMatrix> align(const std::string& period, AlignmentOptions options = {},
                                const std::string& source = "") {
    auto archive = Archive::open(dir_->file("a.db"), Archive::Mode::kReadOnly);
    if (!archive) return archive.status();
    auto p = parse_alignment_period(period);
    if (!p) return p.status();
    AlignmentRequest request;
    request.period = *p;
    request.options = options;
    request.source = source;
    return align_period(**archive, request);
  }

  static double value(const AlignmentMatrix& m, const std::string& a, const std::string& b) {
    const int32_t i = m.speaker_index(a), j = m.speaker_index(b);
    EXPECT_GE(i, 0) << a;
    EXPECT_GE(j, 0) << b;
    if (i < 0 || j < 0) return std::nan("");
    return m.pair(i, j).alignment;
  }

  static TempDir* dir_;
};

TempDir* AlignmentTest::dir_ = nullptr;

TEST_F(AlignmentTest, FindsThePlantedBlocs) {
  auto m = align("2019");
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  ASSERT_EQ(m->speakers.size(), 12u);
  for (const auto& a : kEast)
    for (const auto& b : kEast)
      if (a != b) {
        EXPECT_GT(value(*m, a, b), 0.8) << a << " " << b;
      }
  for (const auto& a : kWest)
    for (const auto& b : kWest)
      if (a != b) {
        EXPECT_GT(value(*m, a, b), 0.8) << a << " " << b;
      }
  for (const auto& a : kEast)
    for (const auto& b : kWest) EXPECT_LT(value(*m, a, b), -0.8) << a << " " << b;
}

TEST_F(AlignmentTest, MatrixIsSymmetricAndCoversEveryPairOnce) {
  auto m = align("2019");
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  const size_t n = m->speakers.size();
  ASSERT_EQ(m->pairs.size(), n * (n - 1) / 2);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const auto& p = m->pair(i, j);
      EXPECT_EQ(&p, &m->pair(j, i));
      EXPECT_EQ(static_cast<size_t>(p.a), std::min(i, j));
      EXPECT_EQ(static_cast<size_t>(p.b), std::max(i, j));
    }
}

TEST_F(AlignmentTest, LeavesOutTheTwoSpeakersOwnCodes) {
  auto m = align("2019");
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  // Cuba and Britain both name Cuba (Cuba itself, Britain praising it): Cuba is not a third party
  // of that pair, so they share the eight third parties and nothing more.
  const auto& cub_gbr = m->pair(m->speaker_index("CUB"), m->speaker_index("GBR"));
  EXPECT_EQ(cub_gbr.shared_targets, 8);
  // Cuba and Venezuela both denounce the USA, a third party for them.
  const auto& cub_ven = m->pair(m->speaker_index("CUB"), m->speaker_index("VEN"));
  EXPECT_EQ(cub_ven.shared_targets, 9);
  // The USA and Britain: the USA names itself, Britain does not name it; Cuba is shared.
  const auto& usa_gbr = m->pair(m->speaker_index("GBR"), m->speaker_index("USA"));
  EXPECT_EQ(usa_gbr.shared_targets, 9);
}

TEST_F(AlignmentTest, TargetThresholdKeepsOutWhatFewSpeakersName) {
  auto m = align("2019");
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  auto has = [](const AlignmentMatrix& x, const std::string& code) {
    return std::find(x.targets.begin(), x.targets.end(), code) != x.targets.end();
  };
  EXPECT_FALSE(has(*m, "MEX"));  // three speakers
  EXPECT_TRUE(has(*m, "RUS"));
  AlignmentOptions loose;
  loose.min_speakers_per_target = 3;
  auto l = align("2019", loose);
  ASSERT_TRUE(l.is_ok()) << l.status().message();
  EXPECT_TRUE(has(*l, "MEX"));
  // CUB and VEN now also share Mexico.
  EXPECT_EQ(l->pair(l->speaker_index("CUB"), l->speaker_index("VEN")).shared_targets, 10);
}

TEST_F(AlignmentTest, SpeakersWithTooFewTargetsAreLeftOutAndPairsBelowTheMinimumAreNull) {
  auto m = align("2019");
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  EXPECT_EQ(m->speaker_index("GRC"), -1);
  EXPECT_NE(std::find(m->left_out.begin(), m->left_out.end(), "GRC"), m->left_out.end());
  AlignmentOptions strict;
  strict.min_shared_targets = 9;
  auto s = align("2019", strict);
  ASSERT_TRUE(s.is_ok()) << s.status().message();
  EXPECT_TRUE(std::isnan(value(*s, "CUB", "GBR")));   // 8 shared
  EXPECT_FALSE(std::isnan(value(*s, "CUB", "VEN")));  // 9 shared
  AlignmentOptions three;
  three.min_shared_targets = 3;
  auto t = align("2019", three);
  ASSERT_TRUE(t.is_ok()) << t.status().message();
  EXPECT_GE(t->speaker_index("GRC"), 0);
}

TEST_F(AlignmentTest, PeriodAndSourceSelectTheDocuments) {
  // 2018 alone: one speaker, nothing to compare.
  auto y2018 = align("2018");
  ASSERT_FALSE(y2018.is_ok());
  EXPECT_EQ(y2018.status().code(), StatusCode::kNotFound);
  // 2018..2019: Cuba's two speeches count one each in its tone (document-clustered mean).
  auto both = align("2018..2019");
  ASSERT_TRUE(both.is_ok()) << both.status().message();
  auto one = align("2019");
  ASSERT_TRUE(one.is_ok());
  auto tone_toward = [](const AlignmentMatrix& m, const std::string& speaker,
                        const std::string& target) {
    const auto& p = m.speakers.at(m.speaker_index(speaker));
    const int32_t t = static_cast<int32_t>(
        std::lower_bound(m.targets.begin(), m.targets.end(), target) - m.targets.begin());
    for (const auto& tone : p.tones)
      if (tone.target == t) return tone;
    ADD_FAILURE() << speaker << " has no tone toward " << target;
    return TargetTone{};
  };
  EXPECT_EQ(tone_toward(*one, "CUB", "RUS").documents, 1);
  EXPECT_GT(tone_toward(*one, "CUB", "RUS").raw_tone, 0.5);
  EXPECT_EQ(tone_toward(*both, "CUB", "RUS").documents, 2);
  EXPECT_LT(std::abs(tone_toward(*both, "CUB", "RUS").raw_tone), 0.2);
  EXPECT_EQ(tone_toward(*both, "VEN", "RUS").documents, 1);
  // No text in 2020; the press source has one speaker in 2019.
  auto none = align("2020");
  ASSERT_FALSE(none.is_ok());
  EXPECT_NE(none.status().message().find("no coded English text"), std::string::npos);
  auto press = align("2019", {}, "PRESS");
  ASSERT_FALSE(press.is_ok());
  auto test = align("2019-01..2019-12", {}, "TEST");
  ASSERT_TRUE(test.is_ok()) << test.status().message();
  EXPECT_EQ(test->speakers.size(), 12u);
}

TEST(AlignmentPeriodTest, ParsesTheThreeForms) {
  auto y = parse_alignment_period("2019");
  ASSERT_TRUE(y.is_ok());
  EXPECT_EQ(y->from, "2019-01-01");
  EXPECT_EQ(y->to, "2019-12-31");
  auto m = parse_alignment_period("2020-02");
  ASSERT_TRUE(m.is_ok());
  EXPECT_EQ(m->to, "2020-02-29");
  auto r = parse_alignment_period("2015..2019-06");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->from, "2015-01-01");
  EXPECT_EQ(r->to, "2019-06-30");
  for (const char* bad : {"", "19", "2019-13", "2019..", "..2019", "2020..2019", "last year",
                          "2019-01-01T00:00", "2019..2020..2021"})
    EXPECT_FALSE(parse_alignment_period(bad).is_ok()) << bad;
}

SpeakerProfile profile(std::vector<std::pair<int32_t, double>> tones) {
  SpeakerProfile p;
  for (auto [t, v] : tones) p.tones.push_back({t, v, v, 1, 1});
  return p;
}

TEST(ThirdPartySimilarityTest, PearsonOverTheSharedTargetsOnly) {
  auto a = profile({{0, 1}, {1, 2}, {2, 3}, {3, 4}, {7, 100}});
  auto b = profile({{0, 2}, {1, 4}, {2, 6}, {3, 8}, {9, -5}});
  auto p = ThirdPartySimilarity::compare(a, b, -1, -1, 3);
  EXPECT_EQ(p.shared_targets, 4);
  EXPECT_NEAR(p.alignment, 1.0, 1e-12);
  auto c = profile({{0, 4}, {1, 3}, {2, 2}, {3, 1}});
  EXPECT_NEAR(ThirdPartySimilarity::compare(a, c, -1, -1, 3).alignment, -1.0, 1e-12);
  // Excluding target 3 leaves three shared; excluding two leaves too few.
  EXPECT_EQ(ThirdPartySimilarity::compare(a, b, 3, -1, 3).shared_targets, 3);
  auto few = ThirdPartySimilarity::compare(a, b, 3, 2, 3);
  EXPECT_EQ(few.shared_targets, 2);
  EXPECT_TRUE(std::isnan(few.alignment));
  // No variation: no correlation.
  auto flat = profile({{0, 0.5}, {1, 0.5}, {2, 0.5}, {3, 0.5}});
  EXPECT_TRUE(std::isnan(ThirdPartySimilarity::compare(a, flat, -1, -1, 3).alignment));
}

TEST(ThirdPartySimilarityTest, CosineSAndAttention) {
  auto a = profile({{0, 0.5}, {1, -0.5}, {2, 0.5}});
  auto b = profile({{0, 1.0}, {1, -1.0}, {2, 1.0}, {5, 0.3}});
  // Cosine keeps the level: b is a scaled; Pearson would say the same, S does not.
  EXPECT_NEAR(
      ThirdPartySimilarity::compare(a, b, -1, -1, 2, AlignmentSimilarity::kCosine).alignment, 1.0,
      1e-12);
  EXPECT_NEAR(ThirdPartySimilarity::compare(a, b, -1, -1, 2, AlignmentSimilarity::kS).alignment,
              0.5, 1e-12);
  // Attention: mentions alone. a names 0, 1, 2 once; c names 2 and 3 once: one shared of
  // three and two, cosine 1 / sqrt(3 * 2).
  auto c = profile({{2, -1.0}, {3, 1.0}});
  auto att = ThirdPartySimilarity::compare(a, c, -1, -1, 2, AlignmentSimilarity::kAttention);
  EXPECT_EQ(att.shared_targets, 1);
  EXPECT_NEAR(att.alignment, 1 / std::sqrt(6.0), 1e-12);
  // Excluding the shared target leaves nothing in common.
  EXPECT_EQ(
      ThirdPartySimilarity::compare(a, c, 2, -1, 2, AlignmentSimilarity::kAttention).alignment,
      0.0);
}

TEST(ThirdPartySimilarityTest, MatchesATwoPassPearsonOnRandomProfiles) {
  fissure::testing::check_property([] {
    const auto xs = *rc::gen::container<std::vector<int>>(12, rc::gen::inRange(-100, 100));
    const auto ys = *rc::gen::container<std::vector<int>>(12, rc::gen::inRange(-100, 100));
    SpeakerProfile a, b;
    std::vector<double> x, y;
    for (int t = 0; t < 12; ++t) {
      a.tones.push_back({t, xs[t] / 100.0, 0, 1, 1});
      b.tones.push_back({t, ys[t] / 100.0 + 5, 0, 1, 1});
      x.push_back(xs[t] / 100.0);
      y.push_back(ys[t] / 100.0 + 5);
    }
    const auto p = ThirdPartySimilarity::compare(a, b, -1, -1, 2);
    const auto c = correlate(x, y);
    RC_ASSERT(std::isnan(p.alignment) == std::isnan(c.pearson));
    if (!std::isnan(c.pearson)) RC_ASSERT(std::abs(p.alignment - c.pearson) < 1e-9);
  });
}

TEST(CorrelationTest, SpearmanUsesMidRanks) {
  auto c = correlate({1, 2, 3, 4, 5}, {2, 4, 8, 16, 1000});
  EXPECT_NEAR(c.spearman, 1.0, 1e-12);
  EXPECT_LT(c.pearson, 0.9);
  auto ties = correlate({1, 1, 2, 3}, {1, 2, 3, 4});
  EXPECT_NEAR(ties.spearman, 0.9486832980505138, 1e-9);  // ranks 1.5 1.5 3 4 against 1 2 3 4
  EXPECT_LT(c.pearson_ci_low, c.pearson);
  EXPECT_GT(c.pearson_ci_high, c.pearson);
  EXPECT_TRUE(std::isnan(correlate({1, 2}, {1, 2}).pearson));
}

}  // namespace
}  // namespace fissure
