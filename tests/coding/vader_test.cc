#include "fissure/coding/vader.h"

#include <cmath>

#include "test_support.h"

namespace fissure {
namespace {

// Expected values follow the VADER rules by hand: compound = s / sqrt(s^2 + 15).
double normalise(double s) { return s / std::sqrt(s * s + 15); }
#define EXPECT_NEAR_TONE(actual, expected) EXPECT_NEAR(actual, expected, 1e-12)

class VaderRules : public ::testing::Test {
 protected:
  VaderRules() {
    lexicon_.add_text("good\t1.9\nbad\t-2.5\nhappy\t2.7\nwar\t-2.9\n", "test", nullptr);
  }
  double compound(std::string_view s) { return scorer_.score(s).compound; }
  ToneLexicon lexicon_;
  VaderScorer scorer_{lexicon_};
};

TEST_F(VaderRules, SingleWordAndNeutralWords) {
  EXPECT_NEAR_TONE(compound("good"), normalise(1.9));
  EXPECT_NEAR_TONE(compound("the food was good"), normalise(1.9));
  EXPECT_NEAR_TONE(compound("nothing here at all"), 0);
  ToneScore s = scorer_.score("the food was good");
  EXPECT_NEAR(s.positive + s.negative + s.neutral, 1, 1e-12);
  EXPECT_DOUBLE_EQ(s.neutral, 3.0 / (3 + 2.9));
}

TEST_F(VaderRules, BoostersDampenersAndDistance) {
  EXPECT_NEAR_TONE(compound("very good"), normalise(1.9 + 0.293));
  EXPECT_NEAR_TONE(compound("very much good"), normalise(1.9 + 0.293 * 0.95));
  EXPECT_NEAR_TONE(compound("very much so-so good"), normalise(1.9 + 0.293 * 0.9));
  EXPECT_NEAR_TONE(compound("slightly bad"), normalise(-2.5 + 0.293));
  EXPECT_NEAR_TONE(compound("very"), 0);
}

TEST_F(VaderRules, Negation) {
  EXPECT_NEAR_TONE(compound("not good"), normalise(1.9 * -0.74));
  EXPECT_NEAR_TONE(compound("isn't good"), normalise(1.9 * -0.74));
  EXPECT_NEAR_TONE(compound("wouldn't be good"), normalise(1.9 * -0.74));
  EXPECT_NEAR_TONE(compound("NOT ALL THAT GOOD"), normalise(1.9 * -0.74));  // all caps: no bonus
  EXPECT_NEAR_TONE(compound("never so good"), normalise((1.9 + 0.293) * 1.5));
}

TEST_F(VaderRules, AllCapsDifferential) {
  EXPECT_NEAR_TONE(compound("GOOD food"), normalise(1.9 + 0.733));
  EXPECT_NEAR_TONE(compound("GOOD"), normalise(1.9));  // every token in caps: no differential
  EXPECT_NEAR_TONE(compound("VERY good"), normalise(1.9 + 0.293 + 0.733));
}

TEST_F(VaderRules, ButWeightsTheClauses) {
  EXPECT_NEAR_TONE(compound("good but bad"), normalise(1.9 * 0.5 + -2.5 * 1.5));
  EXPECT_NEAR_TONE(compound("Good, BUT bad"),
                   normalise(1.9 * 0.5 + -2.5 * 1.5));  // "BUT" has no valence
}

TEST_F(VaderRules, PunctuationEmphasis) {
  EXPECT_NEAR_TONE(compound("good!"), normalise(1.9 + 0.292));
  EXPECT_NEAR_TONE(compound("good!!!!!!"),
                   0);  // "!!!!!!" is not stripped: no match, nothing to emphasise
  EXPECT_NEAR_TONE(compound("good ! ! ! ! ! !"), normalise(1.9 + 4 * 0.292));
  EXPECT_NEAR_TONE(compound("bad??"), normalise(-2.5 - 2 * 0.18));
  EXPECT_NEAR_TONE(compound("bad ? ? ? ?"), normalise(-2.5 - 0.96));
  EXPECT_NEAR_TONE(compound("bad?"), normalise(-2.5));
}

TEST_F(VaderRules, KindOfLeastAndIdioms) {
  // "kind of" dampens only from three words away, where nltk checks two-word dampeners.
  EXPECT_NEAR_TONE(compound("it is kind of good"), normalise(1.9 - 0.293));
  EXPECT_NEAR_TONE(compound("kind of good"), normalise(1.9));
  EXPECT_NEAR_TONE(compound("the least good"), normalise(1.9 * -0.74));
  EXPECT_NEAR_TONE(compound("at least good"), normalise(1.9));
  ToneLexicon lex;
  lex.add_text("bomb\t-2.2\nshit\t-2.6\n", "t", nullptr);
  VaderScorer scorer(lex);
  EXPECT_NEAR_TONE(scorer.score("this party was the bomb").compound, normalise(3));
  EXPECT_NEAR_TONE(scorer.score("the bomb").compound,
                   normalise(-2.2));  // window needs 3 words before
}

TEST_F(VaderRules, RepeatedTokenTakesTheContextOfItsFirstOccurrence) {
  // nltk scores each token at words.index(token): the second "good" is negated like the first.
  EXPECT_NEAR_TONE(compound("not good good"), normalise(2 * 1.9 * -0.74));
  std::string long_sentence = "not good";
  for (int i = 0; i < 40; ++i) long_sentence += " filler" + std::to_string(i);
  long_sentence += " good";
  EXPECT_NEAR_TONE(compound(long_sentence), normalise(2 * 1.9 * -0.74));
}

TEST(VaderRepeats, ManyValencedTokensUseTheHashedFirstOccurrence) {
  ToneLexicon lex;
  std::string entries = "good\t1.9\n", sentence = "not good";
  for (int i = 0; i < 30; ++i) {
    std::string w = "w";
    w += std::to_string(i);
    entries += w;
    entries += "\t1\n";
    sentence += ' ';
    sentence += w;
  }
  sentence += " good";
  lex.add_text(entries, "t", nullptr);
  VaderScorer scorer(lex);
  // "not" negates "good" (and, within three tokens, w0 and w1); the last "good" repeats the first.
  const double expected = 2 * (1.9 * -0.74) + 2 * -0.74 + 28;
  EXPECT_NEAR(scorer.score(sentence).compound, normalise(expected), 1e-12);
  EXPECT_NEAR(scorer.tokens().back().valence, 1.9 * -0.74, 1e-12);
}

TEST_F(VaderRules, TokensAndPunctuationStripping) {
  scorer_.score("Very good, \"happy\" (bad) x war!!!!");
  auto tokens = scorer_.tokens();
  ASSERT_EQ(tokens.size(), 5u);  // "x" is one character: dropped
  std::string_view s = "Very good, \"happy\" (bad) x war!!!!";
  EXPECT_EQ(s.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "good");
  EXPECT_DOUBLE_EQ(tokens[1].valence, 1.9 + 0.293);
  EXPECT_EQ(s.substr(tokens[2].begin, tokens[2].end - tokens[2].begin), "\"happy\"");  // two marks
  EXPECT_DOUBLE_EQ(tokens[2].valence, 0);
  EXPECT_EQ(s.substr(tokens[3].begin, tokens[3].end - tokens[3].begin), "(bad)");  // "(" not listed
  EXPECT_EQ(s.substr(tokens[4].begin, tokens[4].end - tokens[4].begin), "war!!!!");
  ASSERT_NE(tokens[1].entry, nullptr);
  EXPECT_EQ(tokens[1].entry->line, 1u);
}

TEST_F(VaderRules, UnicodeWhitespaceAndCase) {
  EXPECT_NEAR_TONE(compound("not\xC2\xA0good"), normalise(1.9 * -0.74));      // no-break space
  EXPECT_NEAR_TONE(compound("not\xE2\x80\x83good"), normalise(1.9 * -0.74));  // em space
  EXPECT_NEAR_TONE(compound("\xC3\x89tat GOOD"), normalise(1.9 + 0.733));  // "État" is not all caps
  std::string lower;
  append_lower(
      "\xC3\x89TAT Stra\xC3\x9F"
      "E",
      &lower);
  EXPECT_EQ(lower,
            "\xC3\xA9tat stra\xC3\x9F"
            "e");
  lower.clear();
  append_lower(
      "\xE2\x84\xAA"
      "ILL",
      &lower);  // Kelvin sign: Python lower-cases it to "k"
  EXPECT_EQ(lower, "kill");
}

TEST_F(VaderRules, EmptyHugeAndInvalidInput) {
  ToneScore empty = scorer_.score("");
  EXPECT_EQ(empty.compound, 0);
  EXPECT_EQ(empty.neutral, 0);
  EXPECT_TRUE(scorer_.tokens().empty());
  EXPECT_EQ(compound(" \t\n "), 0);
  std::string huge;
  while (huge.size() < 100000) huge += "good bad war not VERY happy!! ";
  double c = compound(huge);
  EXPECT_GE(c, -1);
  EXPECT_LE(c, 1);
  std::string one_token(100000, 'a');
  EXPECT_EQ(compound(one_token), 0);
  EXPECT_EQ(compound("\xFF\xFE good \xC3 \xE2\x80"), normalise(1.9));
}

TEST(VaderBuiltin, StateMediaSentences) {
  auto lex = ToneLexicon::load({}, nullptr);
  ASSERT_TRUE(lex.is_ok());
  VaderScorer scorer(*lex);
  EXPECT_LT(
      scorer.score("The US imperialists and their puppets staged reckless provocations.").compound,
      -0.5);
  EXPECT_GT(scorer.score("The two countries vowed to boost fraternal friendship and solidarity.")
                .compound,
            0.5);
  EXPECT_LT(scorer.score("Iran condemned the heinous crimes of the Zionist regime.").compound,
            -0.5);
}

TEST(VaderProperty, AnyBytesGiveABoundedScoreAndValidTokens) {
  ToneLexicon lex;
  lex.add_text("good\t1.9\nbad\t-2.5\nnot\t-1\n:)\t2\n", "p", nullptr);
  VaderScorer scorer(lex);
  testing::check_property([&](const std::string& text) {
    ToneScore s = scorer.score(text);
    RC_ASSERT(s.compound >= -1 && s.compound <= 1);
    RC_ASSERT(!std::isnan(s.positive) && !std::isnan(s.negative) && !std::isnan(s.neutral));
    uint32_t previous_end = 0;
    for (const ToneToken& t : scorer.tokens()) {
      RC_ASSERT(t.begin >= previous_end && t.begin < t.end && t.end <= text.size());
      previous_end = t.end;
    }
  });
  testing::check_property([&](const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words)
      text += (w.size() % 3 == 0 ? "good " : w.size() % 3 == 1 ? "NOT " : "bad! ") + w + " ";
    ToneScore s = scorer.score(text);
    RC_ASSERT(s.compound >= -1 && s.compound <= 1);
  });
}

// Two scorers of different lexicons share one tokenisation; each must score exactly as if it
// had tokenised the text itself, whatever the other scored before.
TEST(VaderSharedTokens, ScoresEqualOwnTokenisation) {
  ToneLexicon general, other;
  general.add_text("good\t1.9\nbad\t-2.5\nwar\t-2.9\n", "general", nullptr);
  other.add_text("good\t1.9\nfraternal\t2.2\npuppet\t-2.4\n", "other", nullptr);
  VaderScorer a(general), b(other), a_alone(general), b_alone(other);
  ToneTokens tokens;
  for (std::string_view s :
       {"The fraternal DPRK is GOOD, not bad!!", "war war war but good", "",
        "  \u00C9LAN  puppet\u2019s  kind of good?? ", "x", "NEVER so bad. at least good"}) {
    tokens.assign(s);
    const ToneScore ta = a.score(tokens), tb = b.score(tokens);
    const ToneScore oa = a_alone.score(s), ob = b_alone.score(s);
    EXPECT_EQ(ta.compound, oa.compound) << s;
    EXPECT_EQ(ta.positive, oa.positive) << s;
    EXPECT_EQ(ta.negative, oa.negative) << s;
    EXPECT_EQ(tb.compound, ob.compound) << s;
    EXPECT_EQ(tb.neutral, ob.neutral) << s;
    EXPECT_EQ(b.tokens().size(), b_alone.tokens().size()) << s;
  }
}

// score_after() takes the other scorer's score when every token has the same valence (or none)
// in both lexicons, and scores anew otherwise: either way exactly as score() would.
TEST(VaderSharedTokens, ScoreAfterEqualsScore) {
  ToneLexicon general, stacked;
  general.add_text("good\t1.9\nbad\t-2.5\nwar\t-2.9\n", "general", nullptr);
  stacked.add_text("good\t1.9\nbad\t-2.5\nwar\t-2.9\n", "general", nullptr);
  stacked.add_text("puppet\t-2.4\nwar\t-3.1\nbad\t-2.5\n", "own", nullptr);
  VaderScorer first(general), after(stacked), alone(stacked);
  ToneTokens tokens;
  for (std::string_view s :
       {"The DPRK is GOOD, not bad!!", "war war war but good", "", "a puppet regime", "x",
        "NEVER so bad. at least good", "bad bad bad, kind of good?? but bad"}) {
    tokens.assign(s);
    const ToneScore general_score = first.score(tokens);
    const ToneScore a = after.score_after(tokens, first, general_score);
    const ToneScore b = alone.score(tokens);
    EXPECT_EQ(a.compound, b.compound) << s;
    EXPECT_EQ(a.positive, b.positive) << s;
    EXPECT_EQ(a.negative, b.negative) << s;
    EXPECT_EQ(a.neutral, b.neutral) << s;
    ASSERT_EQ(after.tokens().size(), alone.tokens().size()) << s;
    for (size_t k = 0; k < after.tokens().size(); ++k) {
      EXPECT_EQ(after.tokens()[k].valence, alone.tokens()[k].valence) << s;
      EXPECT_EQ(after.tokens()[k].entry, alone.tokens()[k].entry) << s;
    }
  }
}

}  // namespace
}  // namespace fissure
