// FissureCoder end to end: what one sentence gets from the composed coder, and the states it finds
// on the hand-checked gold standard (tests/fixtures/actors/).
#include "fissure/coding/sentence_coder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <thread>

#include "fissure/coding/actor_eval.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::shared_path;

const FissureCoder& builtin_coder() {
  static const std::unique_ptr<FissureCoder> coder = [] {
    std::vector<std::string> problems;
    auto c = FissureCoder::create(CoderConfig{}, &problems);
    EXPECT_TRUE(c.is_ok()) << c.status().message();
    EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
    return c.is_ok() ? std::move(*c) : nullptr;
  }();
  return *coder;
}

const FissureCoder& reference_coder() {
  static const std::unique_ptr<FissureCoder> coder = [] {
    CoderConfig config;
    config.tone_lexicons = {shared_path("reference/vader/vader_lexicon.txt")};
    config.verbs = shared_path("reference/petrarch2/dictionaries/CAMEO.2.0.txt");
    config.cameo_dir = shared_path("reference/cameo");
    config.plover_dir = shared_path("reference/plover");
    auto c = FissureCoder::create(config, nullptr);
    EXPECT_TRUE(c.is_ok()) << c.status().message();
    return c.is_ok() ? std::move(*c) : nullptr;
  }();
  return *coder;
}

SentenceContext context(std::string_view country, const char* date = "2019-06-01") {
  SentenceContext c;
  c.outlet_country = country;
  c.date = *parse_iso_date(date);
  return c;
}

const ActorMention* mention_of(const SentenceCoding& c, std::string_view code,
                               size_t* index = nullptr) {
  for (size_t i = 0; i < c.mentions.size(); ++i)
    if (c.mentions[i].code == code) {
      if (index) *index = i;
      return &c.mentions[i];
    }
  return nullptr;
}

double tone_toward(const SentenceCoding& c, std::string_view code) {
  size_t i = 0;
  EXPECT_NE(mention_of(c, code, &i), nullptr) << code;
  for (const auto& t : c.mention_tones)
    if (t.mention == i) return t.tone_fissure;
  ADD_FAILURE() << "no tone for " << code;
  return 0;
}

// A thread keeps the scratch of the coder it used last (sentence_coder.cc): switching coders on
// one thread must never hand one coder the other's scratch (here, one with a general lexicon and
// one without), nor reuse the scratch of a coder that is gone.
TEST(FissureCoder, CodersTakingTurnsOnOneThreadEachCodeAsAlone) {
  const std::string sentence =
      "Iran warmly praised the DPRK but bitterly condemned the United States.";
  // Each coded on a thread of its own, which has no scratch yet.
  SentenceCoding with_general, without_general;
  std::thread([&] { with_general = reference_coder().code(sentence, context("IRN")); }).join();
  std::thread([&] { without_general = builtin_coder().code(sentence, context("IRN")); }).join();
  ASSERT_FALSE(std::isnan(with_general.tone));
  ASSERT_TRUE(std::isnan(without_general.tone));  // the built-in coder has no general lexicon
  for (int round = 0; round < 3; ++round) {
    const SentenceCoding a = builtin_coder().code(sentence, context("IRN"));
    const SentenceCoding b = reference_coder().code(sentence, context("IRN"));
    EXPECT_TRUE(std::isnan(a.tone) == std::isnan(without_general.tone));
    EXPECT_EQ(a.tone_fissure, without_general.tone_fissure);
    EXPECT_EQ(b.tone, with_general.tone);
    EXPECT_EQ(b.tone_fissure, with_general.tone_fissure);
    ASSERT_EQ(b.mention_tones.size(), with_general.mention_tones.size());
    for (size_t i = 0; i < b.mention_tones.size(); ++i)
      EXPECT_EQ(b.mention_tones[i].tone, with_general.mention_tones[i].tone);
  }
  {
    auto passing = FissureCoder::create(CoderConfig{}, nullptr);
    ASSERT_TRUE(passing.is_ok());
    EXPECT_EQ((*passing)->code(sentence, context("IRN")).tone_fissure,
              without_general.tone_fissure);
  }  // gone, its scratch still this thread's
  EXPECT_EQ(reference_coder().code(sentence, context("IRN")).tone, with_general.tone);
}

TEST(FissureCoder, ToneTowardEachTarget) {
  const std::string s = "Iran praised the DPRK but condemned the US.";
  SentenceCoding c = reference_coder().code(s, context("IRN"));
  ASSERT_EQ(c.lang, "en");
  EXPECT_GT(tone_toward(c, "PRK"), 0.2);
  EXPECT_LT(tone_toward(c, "USA"), -0.2);
  EXPECT_FALSE(std::isnan(c.tone));
}

TEST(FissureCoder, EveryRecordNamesItsDictionaryEntry) {
  const std::string s = "The DPRK test-fired a ballistic missile, said the US State Department.";
  SentenceCoding c = reference_coder().code(s, context("PRK"));
  ASSERT_FALSE(c.mentions.empty());
  for (const auto& m : c.mentions) {
    EXPECT_EQ(m.why.dictionary, "actors.fissure.txt");
    EXPECT_GT(m.why.line, 0);
    EXPECT_LE(m.end, s.size());
  }
  bool nuclear = false;
  for (const auto& d : c.domains) {
    EXPECT_EQ(d.why.dictionary, "domains.fissure.txt");
    nuclear = nuclear || d.domain == "nuclear";
  }
  EXPECT_TRUE(nuclear);
  EXPECT_EQ(c.speaker, "USA");
  EXPECT_FALSE(c.speaker_why.rule.empty());
  for (const auto& e : c.events) {
    EXPECT_FALSE(e.why.dictionary.empty());
    EXPECT_GE(e.quad_class, 1);
  }
}

TEST(FissureCoder, OutletsOwnWordsForStates) {
  // "Korea" is the DPRK in the DPRK's press, and nobody in particular elsewhere.
  const std::string s = "The Korean people will never forgive the enemies.";
  EXPECT_NE(mention_of(builtin_coder().code(s, context("PRK")), "PRK"), nullptr);
  EXPECT_EQ(mention_of(builtin_coder().code(s, context("IRN")), "PRK"), nullptr);
}

TEST(FissureCoder, DatelinesAreNotActors) {
  SentenceCoding c =
      builtin_coder().code("Pyongyang, May 3 (KCNA) -- A meeting was held.", context("PRK"));
  EXPECT_EQ(mention_of(c, "PRK"), nullptr);
  c = builtin_coder().code("TEHRAN -- Iran's foreign minister met his Syrian counterpart.",
                           context("IRN"));
  EXPECT_NE(mention_of(c, "IRN"), nullptr);  // "Iran's", not the dateline
  EXPECT_NE(mention_of(c, "SYR"), nullptr);
  EXPECT_GT(c.mentions.front().begin, 0u);
}

TEST(FissureCoder, NonEnglishIsTaggedNotCoded) {
  SentenceCoding c = builtin_coder().code(
      "Le président de la République a reçu hier une délégation venue de Téhéran et de Pyongyang.",
      context("FRA"));
  EXPECT_EQ(c.lang, "und");
  EXPECT_TRUE(c.mentions.empty());
  EXPECT_TRUE(std::isnan(c.tone_fissure));
}

TEST(FissureCoder, OddInputDoesNotCrash) {
  const FissureCoder& coder = reference_coder();
  EXPECT_TRUE(coder.code("", context("PRK")).mentions.empty());
  std::string huge;
  while (huge.size() < 100000)
    huge += "The DPRK and Iran condemned the United States and praised Syria. ";
  SentenceCoding c = coder.code(huge, context("PRK"));
  EXPECT_FALSE(c.mentions.empty());
  for (const auto& m : c.mentions) EXPECT_LE(m.end, huge.size());
  coder.code(std::string("\xff\xfe DPRK \xc3", 9), SentenceContext{});
}

TEST(FissureCoder, ItemsCoverEveryDictionary) {
  std::set<std::string> dictionaries;
  for (const auto& i : reference_coder().items()) {
    dictionaries.insert(i.dictionary);
    EXPECT_FALSE(i.phrase.empty()) << i.dictionary << " " << i.key;
  }
  for (const char* d :
       {"actors.fissure.txt", "domains.fissure.txt", "tone.fissure.txt", "tone:general", "verbs"})
    EXPECT_TRUE(dictionaries.count(d)) << d;
}

// The states of 386 hand-checked sentences from the shared corpora
// (tests/fixtures/actors/README.md).
TEST(FissureCoder, StatesOnTheGoldStandard) {
  std::vector<std::string> problems;
  auto gold = read_actor_gold(std::string(FISSURE_SOURCE_DIR) + "/tests/fixtures/actors/gold.jsonl",
                              &problems);
  ASSERT_TRUE(gold.is_ok()) << gold.status().message();
  EXPECT_TRUE(problems.empty());
  ASSERT_GE(gold->size(), 300u);
  ActorEvaluation e = evaluate_states(builtin_coder(), *gold);
  std::printf("states on the gold standard: %lld sentences, precision %.3f, recall %.3f\n",
              static_cast<long long>(e.all.sentences), e.all.precision(), e.all.recall());
  EXPECT_GE(e.all.precision(), 0.95);
  EXPECT_GE(e.all.recall(), 0.95);
}

}  // namespace
}  // namespace fissure
